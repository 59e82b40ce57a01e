// Planning time of a Deployment rollout: 10,000 replicas vs. a 100-replica baseline (median of N runs).
// Run after `npx tsc -b`: node bench/sim.mjs
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { simulate } = require('../out/shared/src/sim/index.js');

const RUNS = 25;
const deployment = (replicas) => ({
  metadata: { name: 'bench' },
  spec: { replicas, selector: { matchLabels: { app: 'bench' } }, template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'app', image: 'app:v2' }] } } },
});
function median(replicas) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    simulate({ workload: { kind: 'Deployment', value: deployment(replicas), namespace: 'default' } });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}
median(100); // warm-up
const base = median(100);
const big = median(10000);
console.log(`100 replicas:    ${base.toFixed(3)} ms (median of ${RUNS})`);
console.log(`10,000 replicas: ${big.toFixed(3)} ms (median of ${RUNS})`);
console.log(`ratio 10,000 / 100: ${(big / base).toFixed(2)}`);
