// Planning time of the rollout simulator (medians of N runs). Run after `npx tsc -b shared`: node bench/sim.mjs
//  1. Scaling with replicas: a default Deployment rollout, 10,000 replicas vs. a 100-replica baseline
//     (cohorts keep the cost independent of the pod count).
//  2. A 1,000-step plan: replicas 500, maxSurge 1, maxUnavailable 0, readinessProbe periodSeconds 1,
//     minReadySeconds 0 — the plan behind the webview's "re-render after an edit < 50 ms" budget
//     (bench/webview.mjs). 2026-11-23, warm medians of 25: 12.4–17.0 ms before the controller hot-path work
//     (status compared field by field, no per-sync copies/sorts), 2.6–4.0 ms after (the machine was shared and noisy).
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { simulate } = require('../out/shared/src/sim/index.js');

const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const deployment = (replicas, spec = {}, container = {}) => ({
  metadata: { name: 'bench' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'bench' } },
    template: {
      metadata: { labels: { app: 'bench' } },
      spec: { containers: [{ name: 'app', image: 'app:v2', ...container }] },
    },
    ...spec,
  },
});
const input = (value) => ({ workload: { kind: 'Deployment', value, namespace: 'default' } });
function median(value) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    simulate(input(value));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}
median(deployment(100)); // warm-up
const base = median(deployment(100));
const big = median(deployment(10000));
console.log(`100 replicas:    ${base.toFixed(3)} ms (median of ${RUNS})`);
console.log(`10,000 replicas: ${big.toFixed(3)} ms (median of ${RUNS})`);
console.log(`ratio 10,000 / 100: ${(big / base).toFixed(2)}`);

const plan1000 = deployment(
  500,
  { minReadySeconds: 0, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } },
  { readinessProbe: { periodSeconds: 1, httpGet: { path: '/', port: 80 } } },
);
const steps = simulate(input(plan1000)).steps.length;
median(plan1000); // warm-up
const long = median(plan1000);
console.log(
  `${steps}-step plan (replicas 500, maxSurge 1, maxUnavailable 0, probe period 1 s): ${long.toFixed(3)} ms (median of ${RUNS})`,
);

// 3. StatefulSet rollouts (an image update, every pod replaced), OrderedReady and Parallel. Before the pod index
//    (2026-12-02, one run each, shared machine): 250 replicas 0.26 s, 500 1.2 s, 1,000 8.7 s (OrderedReady) /
//    5.0 s (Parallel), 2,000 ~25 s, 10,000 did not finish — a membership test inside a filter over all deleted
//    pods on every event. After (statefulset/podIndex.ts: bit sets per controller question, an event heap):
//    warm medians of 3: 1,000 90–124 ms, 2,000 83–172 ms, 10,000 0.47–0.72 s (cold first runs 0.2–0.4 s / 1.0–1.2 s).
const statefulSet = (replicas, extra = {}) => ({
  metadata: { name: 'db' },
  spec: {
    replicas,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image: 'db:2' }] } },
    ...extra,
  },
});
const STS_RUNS = Math.max(3, Math.floor(RUNS / 5));
for (const replicas of [1000, 2000, 10000]) {
  for (const [label, extra] of [
    ['OrderedReady', {}],
    ['Parallel', { podManagementPolicy: 'Parallel' }],
  ]) {
    const value = statefulSet(replicas, extra);
    const times = [];
    for (let i = 0; i < STS_RUNS; i++) {
      const start = performance.now();
      simulate({ workload: { kind: 'StatefulSet', value, namespace: 'default' } });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(
      `StatefulSet ${label} ${replicas} replicas: ${times[Math.floor(STS_RUNS / 2)].toFixed(1)} ms (median of ${STS_RUNS})`,
    );
  }
}
