/**
 * What-if settings of the preview panel: values the user changed in the panel's controls. They
 * change the simulation only, until "Apply to manifest" writes them into the document.
 *
 * Pure: no vscode, no DOM, no Node.
 */
import type { IntOrString } from '../sim/intstr';
import type { Overrides, Scenario, ScenarioName } from '../sim/types';

export const SCENARIOS: readonly ScenarioName[] = ['create', 'update', 'scale', 'fail', 'fail-after', 'pause', 'rollback', 'node-failure'];

/** Scenarios that only make sense for one kind. */
export const SCENARIO_KINDS: Readonly<Record<ScenarioName, readonly ('Deployment' | 'StatefulSet')[]>> = {
  create: ['Deployment', 'StatefulSet'],
  update: ['Deployment', 'StatefulSet'],
  scale: ['Deployment', 'StatefulSet'],
  fail: ['Deployment', 'StatefulSet'],
  'fail-after': ['Deployment', 'StatefulSet'],
  pause: ['Deployment'],
  rollback: ['Deployment', 'StatefulSet'],
  'node-failure': ['StatefulSet'],
};

export const SCENARIO_LABELS: Readonly<Record<ScenarioName, string>> = {
  create: 'create: first apply',
  update: 'update: pod template changed',
  scale: 'scale: kubectl scale',
  fail: 'fail: new pods never Ready',
  'fail-after': 'fail-after: new pods crash after Ready',
  pause: 'pause: kubectl rollout pause',
  rollback: 'rollback: kubectl rollout undo',
  'node-failure': 'node-failure: a pod’s node is lost',
};

/** Fields of the manifest a what-if can change (and Apply can write). */
export type WhatIfField = 'replicas' | 'maxSurge' | 'maxUnavailable' | 'minReadySeconds' | 'partition' | 'podManagementPolicy';

export interface WhatIf {
  scenario: ScenarioName;
  replicas?: number;
  /** As typed: `3` or `25%`. */
  maxSurge?: string;
  maxUnavailable?: string;
  minReadySeconds?: number;
  partition?: number;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
}

export const DEFAULT_WHAT_IF: WhatIf = { scenario: 'update' };

/** Seconds a pod stays Ready before crashing in the `fail-after` scenario. */
export const FAIL_AFTER_SECONDS = 5;

/** `3` → 3, `25%` → '25%', anything else → undefined. */
export function parseIntOrString(text: string): IntOrString | undefined {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (/^\d+%$/.test(s)) return s;
  return undefined;
}

export interface SimulationSettings {
  scenario: Scenario;
  overrides: Overrides;
  /** Problems with the typed values (shown next to the controls; the value is ignored). */
  errors: string[];
}

/**
 * Turns the panel's what-if into the simulator's scenario + overrides. `manifestReplicas` is the
 * file's `spec.replicas` (default 1): the `scale` scenario scales from it to the what-if replicas
 * (or to twice as many when none is set).
 */
export function toSimulation(w: WhatIf, manifestReplicas: number): SimulationSettings {
  const errors: string[] = [];
  const overrides: Overrides = {};
  const int = (v: IntOrString | undefined, field: string, raw: string | undefined): IntOrString | undefined => {
    if (raw !== undefined && v === undefined) errors.push(`${field} "${raw}" is not a number or a percentage`);
    return v;
  };
  if (w.maxSurge !== undefined) {
    const v = int(parseIntOrString(w.maxSurge), 'maxSurge', w.maxSurge);
    if (v !== undefined) overrides.maxSurge = v;
  }
  if (w.maxUnavailable !== undefined) {
    const v = int(parseIntOrString(w.maxUnavailable), 'maxUnavailable', w.maxUnavailable);
    if (v !== undefined) overrides.maxUnavailable = v;
  }
  for (const f of ['minReadySeconds', 'partition'] as const) {
    const v = w[f];
    if (v === undefined) continue;
    if (Number.isInteger(v) && v >= 0) overrides[f] = v;
    else errors.push(`${f} must be a whole number ≥ 0`);
  }
  if (w.podManagementPolicy) overrides.podManagementPolicy = w.podManagementPolicy;
  const replicasOk = w.replicas !== undefined && Number.isInteger(w.replicas) && w.replicas >= 0;
  if (w.replicas !== undefined && !replicasOk) errors.push('replicas must be a whole number ≥ 0');

  let scenario: Scenario;
  switch (w.scenario) {
    case 'scale':
      scenario = { name: 'scale', replicas: replicasOk ? (w.replicas as number) : Math.max(1, manifestReplicas * 2) };
      break;
    case 'fail-after':
      scenario = { name: 'fail-after', seconds: FAIL_AFTER_SECONDS };
      break;
    case 'pause':
      scenario = { name: 'pause', afterNewPods: 1 };
      break;
    case 'node-failure':
      scenario = { name: 'node-failure', ordinal: 0 };
      break;
    default:
      scenario = { name: w.scenario };
  }
  if (replicasOk && w.scenario !== 'scale') overrides.replicas = w.replicas as number;
  return { scenario, overrides, errors };
}

/** The what-if fields that differ from the manifest, in a stable order (what Apply writes). */
export function changedFields(w: WhatIf): WhatIfField[] {
  const order: WhatIfField[] = ['replicas', 'maxSurge', 'maxUnavailable', 'minReadySeconds', 'partition', 'podManagementPolicy'];
  return order.filter((f) => w[f] !== undefined);
}

/** Validates an untrusted value (webview state, message) as a WhatIf; unknown fields are dropped. */
export function sanitizeWhatIf(v: unknown): WhatIf {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const out: WhatIf = { scenario: SCENARIOS.includes(o.scenario as ScenarioName) ? (o.scenario as ScenarioName) : 'update' };
  for (const f of ['replicas', 'minReadySeconds', 'partition'] as const) {
    const n = o[f];
    if (typeof n === 'number' && Number.isFinite(n)) out[f] = n;
  }
  for (const f of ['maxSurge', 'maxUnavailable'] as const) {
    const s = o[f];
    if (typeof s === 'string' && s.length <= 16) out[f] = s;
  }
  if (o.podManagementPolicy === 'OrderedReady' || o.podManagementPolicy === 'Parallel') out.podManagementPolicy = o.podManagementPolicy;
  return out;
}
