/**
 * The scenario, scenario-parameter and what-if field tables (shared/src/preview/whatIf.ts) drive the CLI flags, the
 * panel's what-if and the simulator input alike: for every row, `rollout-lens preview --<flag>` and the panel's
 * what-if with the same value give the same plan, and the value changes the plan (it reached the simulator).
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkloadKind } from '../../shared/src/manifest';
import { planToJson } from '../../shared/src/sim';
import {
  SCENARIO_PARAM_TABLE,
  SCENARIO_PARAMS,
  WHAT_IF_FIELD_ROWS,
  fieldPath,
  sanitizeWhatIf,
  toSimulation,
  type ScenarioParam,
  type WhatIf,
  type WhatIfField,
} from '../../shared/src/preview/whatIf';
import type { ScenarioName } from '../../shared/src/sim/types';
import { cli, tempFolder } from '../support/cliIo';
import { planOfText } from '../support/preview';
import { DAEMONSET, DEPLOYMENT, STATEFULSET } from '../support/manifests';

const TEXTS: Record<WorkloadKind, string> = {
  Deployment: DEPLOYMENT,
  StatefulSet: STATEFULSET,
  DaemonSet: DAEMONSET,
};

const dir = tempFolder({}, { after });

/** The CLI's JSON plan and the panel pipeline's plan of one kind's manifest. */
async function bothWays(kind: WorkloadKind, flags: string[], whatIf: WhatIf): Promise<[unknown, unknown]> {
  const file = path.join(dir, `${kind}.yaml`);
  fs.writeFileSync(file, TEXTS[kind]);
  const c = await cli(['preview', '--format', 'json', ...flags, file], dir);
  assert.equal(c.code, 0, `${kind} ${flags.join(' ')}: ${c.stderr}`);
  const r = planOfText(TEXTS[kind], whatIf);
  assert.ok(r.plan, `${kind} ${JSON.stringify(whatIf)}: ${r.error}`);
  return [JSON.parse(c.stdout), JSON.parse(JSON.stringify(planToJson(r.plan)))];
}

/** Fields that change only some scenarios' plans, tried there (the others under `update`). */
const FIELD_SCENARIO: Partial<Record<WhatIfField, ScenarioName>> = { podGcSeconds: 'node-removed' };

test('every what-if field row: CLI flag and panel what-if give the same plan, and change it (table)', async () => {
  for (const f of WHAT_IF_FIELD_ROWS) {
    const scenario = FIELD_SCENARIO[f.field] ?? 'update';
    for (const kind of f.kinds) {
      // 4 differs from every default of the fixtures (3 replicas, 2 s container start, 5 s assumed preStop…); a
      // starting state of 1 pod fits 3 replicas; the choice differs from the manifest's (Parallel).
      const count = f.group === 'start' ? 1 : 4;
      const text = f.type === 'count' ? String(count) : f.type === 'intOrPercent' ? '2' : (f.choices?.[0] ?? '');
      const value = f.type === 'count' ? count : text;
      const whatIf = { scenario, [f.field]: value } as WhatIf;
      const [fromCli, fromPanel] = await bothWays(kind, ['--scenario', scenario, `--${f.flag}`, text], whatIf);
      assert.deepEqual(fromCli, fromPanel, `${f.field} on a ${kind}`);
      const [plain] = await bothWays(kind, ['--scenario', scenario], { scenario });
      assert.notDeepEqual(fromCli, plain, `${f.field} on a ${kind} changes the plan`);
      // The panel's state keeps it; Apply writes exactly the manifest fields.
      assert.deepEqual(sanitizeWhatIf(JSON.parse(JSON.stringify(whatIf))), whatIf, `${f.field} survives the state`);
      assert.equal(fieldPath(kind, f.field) !== undefined, f.group === 'manifest', `${f.field}: written iff manifest`);
      assert.deepEqual(toSimulation(whatIf, { kind, replicas: 3 }).errors, [], f.field);
    }
  }
});

/** A valid value per parameter, the scenario and kind to try it on, and what else the scenario needs. */
const PARAM_CASES: Record<ScenarioParam, [ScenarioName, WorkloadKind, string, Partial<Record<ScenarioParam, string>>]> =
  {
    failAfterSeconds: ['fail-after', 'Deployment', '7', {}],
    pauseAfterNewPods: ['pause', 'Deployment', '2', {}],
    resumeAfterSeconds: ['pause', 'Deployment', '20', {}],
    scaleTo: ['scale', 'Deployment', '5', {}],
    scaleAtSecond: ['scale', 'Deployment', '3', { scaleTo: '5' }],
    rollbackAfterSeconds: ['rollback', 'Deployment', '2', {}],
    nodeOrdinal: ['node-failure', 'StatefulSet', '1', {}],
    forceDeleteAfterSeconds: ['node-failure', 'StatefulSet', '30', {}],
    nodeEventAtSecond: ['node-added', 'DaemonSet', '3', {}],
  };

test('every scenario parameter row: CLI flag and panel what-if give the same plan (table)', async () => {
  for (const p of SCENARIO_PARAM_TABLE) {
    const [scenario, kind, value, needs] = PARAM_CASES[p.param];
    assert.ok(p.scenarios.includes(scenario), p.param);
    const extra = Object.entries(needs).flatMap(([q, v]) => [`--${SCENARIO_PARAMS[q as ScenarioParam].flag}`, v]);
    const flags = ['--scenario', scenario, `--${p.flag}`, value, ...extra];
    const whatIf = { scenario, [p.param]: value, ...needs } as WhatIf;
    const [fromCli, fromPanel] = await bothWays(kind, flags, whatIf);
    assert.deepEqual(fromCli, fromPanel, p.param);
  }
});
