/**
 * Output snapshot of the rollout simulator: `JSON.stringify(simulate(input))` (or the SimulationError
 * message) for a broad grid of inputs — every scenario × Deployment/StatefulSet × replica counts ×
 * strategies × minReadySeconds × readiness probes — plus every Deployment/StatefulSet of the shared corpus
 * in every scenario. Each case is hashed (sha256, 16 hex digits); the hashes of a group of cases are hashed
 * again, and the group hashes are stored in test/fixtures/sim-snapshot.json.
 *
 * A refactoring of the simulator (performance work) must leave this fixture unchanged. A deliberate change
 * of simulator output: re-record with `SIM_SNAPSHOT=update node --test out/test/unit/sim-snapshot.test.js`
 * and review the diff of the fixture (which groups changed). `SIM_SNAPSHOT_DUMP=/tmp/dir` writes every
 * case's full JSON there, for diffing two versions of the simulator case by case.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Container, Service } from 'kubernetes-types/core/v1';
import { simulate, type Scenario, type SimulationInput } from '../../shared/src/sim';
import { CORPUS, corpusFiles } from '../support/corpus';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/sim-snapshot.json');

interface Case {
  group: string;
  id: string;
  input: SimulationInput;
}

const DEPLOYMENT_SCENARIOS: Record<string, Scenario> = {
  create: { name: 'create' },
  update: { name: 'update' },
  'scale-up': { name: 'scale', replicas: 7 },
  'scale-down': { name: 'scale', replicas: 0 },
  'scale-during': { name: 'scale', replicas: 20, atSecond: 5 },
  fail: { name: 'fail' },
  'fail-after-5': { name: 'fail-after', seconds: 5 },
  'fail-after-30': { name: 'fail-after', seconds: 30 },
  pause: { name: 'pause', afterNewPods: 2 },
  'pause-resume': { name: 'pause', afterNewPods: 2, resumeAfterSeconds: 30 },
  rollback: { name: 'rollback' },
  'rollback-during': { name: 'rollback', afterSeconds: 10 },
  'node-failure': { name: 'node-failure', ordinal: 0 },
};

const STATEFULSET_SCENARIOS: Record<string, Scenario> = {
  create: { name: 'create' },
  update: { name: 'update' },
  'scale-up': { name: 'scale', replicas: 7 },
  'scale-down': { name: 'scale', replicas: 0 },
  fail: { name: 'fail' },
  'fail-after-5': { name: 'fail-after', seconds: 5 },
  pause: { name: 'pause', afterNewPods: 2 },
  rollback: { name: 'rollback' },
  'rollback-during': { name: 'rollback', afterSeconds: 10 },
  'node-failure': { name: 'node-failure', ordinal: 0 },
  'node-failure-force': { name: 'node-failure', ordinal: 1, forceDeleteAfterSeconds: 400 },
};

const PROBES: Record<string, Container['readinessProbe'] | undefined> = {
  none: undefined,
  p1: { periodSeconds: 1, httpGet: { path: '/', port: 80 } },
  slow: { initialDelaySeconds: 5, periodSeconds: 2, successThreshold: 3, httpGet: { path: '/', port: 80 } },
};

const DEPLOYMENT_STRATEGIES: Record<string, Partial<NonNullable<Deployment['spec']>>> = {
  default: {},
  'surge1-unavail0': { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } },
  'surge0-unavail1': { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } },
  'surge0-unavail0': { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
  half: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: '50%' } } },
  recreate: { strategy: { type: 'Recreate' } },
  'history0-nodeadline': { revisionHistoryLimit: 0, progressDeadlineSeconds: 2147483647 },
  'deadline30-history1': { progressDeadlineSeconds: 30, revisionHistoryLimit: 1 },
};

const STATEFULSET_STRATEGIES: Record<string, Partial<NonNullable<StatefulSet['spec']>>> = {
  default: {},
  parallel: { podManagementPolicy: 'Parallel' },
  partition2: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
  ondelete: { updateStrategy: { type: 'OnDelete' } },
  'maxunavail2-parallel': { podManagementPolicy: 'Parallel', updateStrategy: { rollingUpdate: { maxUnavailable: 2 } } },
  'pvc-delete': { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Delete' } },
};

function containers(probe: Container['readinessProbe'] | undefined, image: string): Container[] {
  return [{ name: 'app', image, ...(probe ? { readinessProbe: probe } : {}) }];
}

function deployment(
  replicas: number,
  minReadySeconds: number,
  probe: Container['readinessProbe'] | undefined,
  extra: Partial<NonNullable<Deployment['spec']>>,
): Deployment {
  return {
    metadata: { name: 'web' },
    spec: {
      replicas,
      minReadySeconds,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: containers(probe, 'web:2') } },
      ...extra,
    },
  };
}

const HEADLESS: Service = {
  metadata: { name: 'db' },
  spec: { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] },
};

function statefulSet(
  replicas: number,
  minReadySeconds: number,
  probe: Container['readinessProbe'] | undefined,
  extra: Partial<NonNullable<StatefulSet['spec']>>,
): StatefulSet {
  return {
    metadata: { name: 'db' },
    spec: {
      replicas,
      minReadySeconds,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: containers(probe, 'db:2') } },
      volumeClaimTemplates: [{ metadata: { name: 'data' } }],
      ...extra,
    },
  };
}

function gridCases(): Case[] {
  const cases: Case[] = [];
  for (const [strategyName, extra] of Object.entries(DEPLOYMENT_STRATEGIES)) {
    for (const [scenarioName, scenario] of Object.entries(DEPLOYMENT_SCENARIOS)) {
      const group = `Deployment ${strategyName} ${scenarioName}`;
      for (const replicas of [0, 1, 3, 10, 25]) {
        for (const minReadySeconds of [0, 5, 30]) {
          for (const [probeName, probe] of Object.entries(PROBES)) {
            cases.push({
              group,
              id: `${group} r${replicas} mrs${minReadySeconds} ${probeName}`,
              input: {
                workload: {
                  kind: 'Deployment',
                  value: deployment(replicas, minReadySeconds, probe, extra),
                  namespace: 'default',
                },
                scenario,
              },
            });
          }
        }
      }
    }
  }
  for (const [strategyName, extra] of Object.entries(STATEFULSET_STRATEGIES)) {
    for (const [scenarioName, scenario] of Object.entries(STATEFULSET_SCENARIOS)) {
      const group = `StatefulSet ${strategyName} ${scenarioName}`;
      for (const replicas of [0, 1, 3, 10]) {
        for (const minReadySeconds of [0, 5]) {
          for (const [probeName, probe] of Object.entries(PROBES)) {
            cases.push({
              group,
              id: `${group} r${replicas} mrs${minReadySeconds} ${probeName}`,
              input: {
                workload: {
                  kind: 'StatefulSet',
                  value: statefulSet(replicas, minReadySeconds, probe, extra),
                  namespace: 'default',
                },
                scenario,
                services: [HEADLESS],
              },
            });
          }
        }
      }
    }
  }
  // Big plans: the webview bench's ~1,000-step rollout (and its minReadySeconds 5 variant), overrides, timing, seed.
  const big = { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } };
  for (const minReadySeconds of [0, 5]) {
    for (const scenarioName of ['update', 'fail-after-5', 'scale-during', 'rollback-during', 'pause-resume']) {
      const id = `Deployment big r500 mrs${minReadySeconds} ${scenarioName}`;
      cases.push({
        group: 'Deployment big',
        id,
        input: {
          workload: {
            kind: 'Deployment',
            value: deployment(500, minReadySeconds, PROBES.p1, big),
            namespace: 'default',
          },
          scenario: DEPLOYMENT_SCENARIOS[scenarioName],
        },
      });
    }
  }
  cases.push({
    group: 'Deployment big',
    id: 'Deployment r10000 default update',
    input: { workload: { kind: 'Deployment', value: deployment(10000, 0, undefined, {}), namespace: 'default' } },
  });
  cases.push({
    group: 'StatefulSet big',
    id: 'StatefulSet r200 update',
    input: {
      workload: { kind: 'StatefulSet', value: statefulSet(200, 0, PROBES.p1, {}), namespace: 'default' },
      services: [HEADLESS],
    },
  });
  const overrides: SimulationInput['overrides'][] = [
    { replicas: 12, maxSurge: '30%', maxUnavailable: 2, minReadySeconds: 3, progressDeadlineSeconds: 20 },
    { maxSurge: 'lots' },
    { replicas: 4, partition: 1, podManagementPolicy: 'Parallel' },
  ];
  overrides.forEach((o, i) => {
    for (const [scenarioName, scenario] of Object.entries({
      update: DEPLOYMENT_SCENARIOS.update,
      fail: DEPLOYMENT_SCENARIOS.fail,
      'scale-during': DEPLOYMENT_SCENARIOS['scale-during'],
    })) {
      cases.push({
        group: 'overrides',
        id: `Deployment overrides${i} ${scenarioName}`,
        input: {
          workload: { kind: 'Deployment', value: deployment(6, 0, undefined, {}), namespace: 'default' },
          scenario,
          overrides: o,
        },
      });
      cases.push({
        group: 'overrides',
        id: `StatefulSet overrides${i} ${scenarioName}`,
        input: {
          workload: { kind: 'StatefulSet', value: statefulSet(6, 0, undefined, {}), namespace: 'default' },
          scenario,
          overrides: o,
          services: [HEADLESS],
        },
      });
    }
  });
  const timing = { podStartSeconds: 7, shutdownSeconds: 40, terminationGracePeriodSeconds: 10, readinessProbe: null };
  for (const kind of ['Deployment', 'StatefulSet'] as const) {
    const workload =
      kind === 'Deployment'
        ? { kind, value: deployment(5, 0, PROBES.slow, {}), namespace: 'ns' }
        : { kind, value: statefulSet(5, 0, PROBES.slow, {}), namespace: 'ns' };
    cases.push({
      group: 'timing',
      id: `${kind} timing`,
      input: { workload, timing, seed: 42, clusterDomain: 'example.org', services: [HEADLESS] } as SimulationInput,
    });
    cases.push({
      group: 'timing',
      id: `${kind} timing node-failure`,
      input: {
        workload,
        timing,
        seed: 7,
        scenario: { name: 'node-failure', ordinal: 2, forceDeleteAfterSeconds: 10 },
      } as SimulationInput,
    });
  }
  return cases;
}

/** The scenarios of the corpus run (sim-corpus.test.ts), as SimulationInput. */
const CORPUS_SCENARIOS: Record<string, Scenario> = {
  create: { name: 'create' },
  update: { name: 'update' },
  'scale-up': { name: 'scale', replicas: 7 },
  'scale-down': { name: 'scale', replicas: 0 },
  fail: { name: 'fail' },
  'fail-after': { name: 'fail-after', seconds: 5 },
  pause: { name: 'pause', afterNewPods: 2 },
  rollback: { name: 'rollback' },
  'node-failure': { name: 'node-failure', ordinal: 0, forceDeleteAfterSeconds: 400 },
};

function corpusCases(): { cases: Case[]; workloads: number } {
  const cases: Case[] = [];
  let workloads = 0;
  for (const file of corpusFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/kind:\s*["']?(Deployment|StatefulSet)\b/.test(text)) continue;
    let values: unknown[];
    try {
      values = parseAllDocuments(text).flatMap((doc) => (Array.isArray(doc) ? [] : [doc.toJS({ maxAliasCount: -1 })]));
    } catch {
      continue;
    }
    const objects = values.filter(
      (v): v is { kind: string; apiVersion?: string; metadata?: { namespace?: string } } =>
        v !== null && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string',
    );
    const services = objects.filter((o) => o.kind === 'Service') as Service[];
    const rel = path.relative(CORPUS, file);
    objects.forEach((o, i) => {
      if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') return;
      workloads++;
      const namespace = o.metadata?.namespace ?? 'default';
      for (const [scenarioName, scenario] of Object.entries(CORPUS_SCENARIOS)) {
        const workload = { kind: o.kind, value: o, namespace } as SimulationInput['workload'];
        cases.push({
          group: `corpus ${rel}`,
          id: `corpus ${rel} #${i} ${scenarioName}`,
          input: { workload, scenario, services },
        });
      }
    });
  }
  return { cases, workloads };
}

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

function output(input: SimulationInput): string {
  try {
    return JSON.stringify(simulate(input));
  } catch (e) {
    return `throws ${(e as Error).name}: ${(e as Error).message}`;
  }
}

test('simulator output is unchanged (hash snapshot over a grid of inputs and the corpus)', () => {
  const grid = gridCases();
  const corpus = corpusCases();
  const cases = [...grid, ...corpus.cases];
  const dump = process.env.SIM_SNAPSHOT_DUMP;
  if (dump) fs.mkdirSync(dump, { recursive: true });
  const groups = new Map<string, { n: number; hashes: string[] }>();
  let threw = 0;
  for (const c of cases) {
    const out = output(c.input);
    if (out.startsWith('throws ')) threw++;
    if (dump) fs.appendFileSync(path.join(dump, 'cases.jsonl'), `${JSON.stringify({ id: c.id, out })}\n`);
    const g = groups.get(c.group) ?? { n: 0, hashes: [] };
    g.n++;
    g.hashes.push(`${c.id}=${hash(out)}`);
    groups.set(c.group, g);
  }
  const actual: Record<string, string> = {};
  for (const [name, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    actual[name] = `${g.n} ${hash(g.hashes.join('\n'))}`;
  console.log(
    `sim snapshot: ${cases.length} cases (${grid.length} grid, ${corpus.cases.length} corpus from ${corpus.workloads} workloads; ${threw} throw), ${groups.size} groups`,
  );
  if (process.env.SIM_SNAPSHOT === 'update') {
    fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
    fs.writeFileSync(FIXTURE, `${JSON.stringify({ cases: cases.length, groups: actual }, null, 1)}\n`);
    return;
  }
  const expected = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { cases: number; groups: Record<string, string> };
  const changed = Object.keys({ ...expected.groups, ...actual }).filter((k) => expected.groups[k] !== actual[k]);
  assert.deepEqual(
    changed,
    [],
    'groups whose simulator output changed (SIM_SNAPSHOT_DUMP=dir to compare case by case)',
  );
  assert.equal(cases.length, expected.cases);
});
