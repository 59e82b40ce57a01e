/**
 * What-if settings of the preview panel: values the user changed in the panel's controls. They
 * change the simulation only, until "Apply to manifest" writes them into the document.
 *
 * Pure: no vscode, no DOM, no Node.
 */
import type { IntOrString } from '../sim/intstr';
import type { WorkloadKind } from '../manifest';
import type { TimingModel } from '../sim/timing';
import type { Overrides, Scenario, ScenarioName } from '../sim/types';

export const SCENARIOS: readonly ScenarioName[] = [
  'create',
  'update',
  'scale',
  'fail',
  'fail-after',
  'pause',
  'rollback',
  'node-failure',
  'node-added',
  'node-removed',
];

/** Scenarios that only make sense for one kind. */
export const SCENARIO_KINDS: Readonly<Record<ScenarioName, readonly ('Deployment' | 'StatefulSet' | 'DaemonSet')[]>> = {
  create: ['Deployment', 'StatefulSet', 'DaemonSet'],
  update: ['Deployment', 'StatefulSet', 'DaemonSet'],
  scale: ['Deployment', 'StatefulSet'],
  fail: ['Deployment', 'StatefulSet', 'DaemonSet'],
  'fail-after': ['Deployment', 'StatefulSet', 'DaemonSet'],
  pause: ['Deployment'],
  rollback: ['Deployment', 'StatefulSet', 'DaemonSet'],
  'node-failure': ['StatefulSet'],
  'node-added': ['DaemonSet'],
  'node-removed': ['DaemonSet'],
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
  'node-added': 'node-added: a node joins the cluster',
  'node-removed': 'node-removed: a node is deleted',
};

/** Fields of the manifest a what-if can change (and Apply can write). */
export type WhatIfField =
  'replicas' | 'maxSurge' | 'maxUnavailable' | 'minReadySeconds' | 'partition' | 'podManagementPolicy';

/**
 * Parameters of a scenario (never written to the manifest). Kept as typed (text), validated by
 * `toSimulation`: a non-negative whole number, or empty for the default.
 */
export type ScenarioParam =
  'failAfterSeconds' | 'pauseAfterNewPods' | 'nodeOrdinal' | 'forceDeleteAfterSeconds' | 'scaleTo';

export const SCENARIO_PARAMS: Readonly<Record<ScenarioParam, { scenario: ScenarioName; label: string; hint: string }>> =
  {
    failAfterSeconds: {
      scenario: 'fail-after',
      label: 'fail after (seconds)',
      hint: 'Seconds the new pods stay Ready before they crash.',
    },
    pauseAfterNewPods: {
      scenario: 'pause',
      label: 'pause after new pods',
      hint: 'kubectl rollout pause once the new ReplicaSet has this many pods.',
    },
    nodeOrdinal: {
      scenario: 'node-failure',
      label: 'lost pod ordinal',
      hint: 'The ordinal of the pod whose node is lost.',
    },
    forceDeleteAfterSeconds: {
      scenario: 'node-failure',
      label: 'force-delete after (seconds)',
      hint: 'kubectl delete pod --force this many seconds after the node is lost; empty = never.',
    },
    scaleTo: { scenario: 'scale', label: 'scale to (replicas)', hint: 'kubectl scale --replicas target.' },
  };

export const SCENARIO_PARAM_ORDER: readonly ScenarioParam[] = [
  'failAfterSeconds',
  'pauseAfterNewPods',
  'nodeOrdinal',
  'forceDeleteAfterSeconds',
  'scaleTo',
];

/** The parameters a scenario uses, in display order. */
export function paramsOf(scenario: ScenarioName): ScenarioParam[] {
  return SCENARIO_PARAM_ORDER.filter((p) => SCENARIO_PARAMS[p].scenario === scenario);
}

export interface WhatIf {
  scenario: ScenarioName;
  replicas?: number;
  /** As typed: `3` or `25%`. */
  maxSurge?: string;
  maxUnavailable?: string;
  minReadySeconds?: number;
  partition?: number;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /** Scenario parameters, as typed (see ScenarioParam). */
  failAfterSeconds?: string;
  pauseAfterNewPods?: string;
  nodeOrdinal?: string;
  forceDeleteAfterSeconds?: string;
  scaleTo?: string;
}

export const DEFAULT_WHAT_IF: WhatIf = { scenario: 'update' };

/** Seconds a pod stays Ready before crashing in the `fail-after` scenario (default). */
export const FAIL_AFTER_SECONDS = 5;
/** New pods before `kubectl rollout pause` in the `pause` scenario (default). */
export const PAUSE_AFTER_NEW_PODS = 1;

/**
 * What a what-if control's text means as an IntOrString: `3` → 3, `25%` → '25%', anything else → undefined.
 * Reading input only: the simulator resolves the value (`sim/intstr.ts`), the rules validate manifests.
 */
export function intOrStringFromInput(text: string): IntOrString | undefined {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (/^\d+%$/.test(s)) return s;
  return undefined;
}

/** A non-negative whole number as typed (`7`, ` 7 `); undefined for anything else. */
/** The API's int32 limit for replicas, minReadySeconds, partition… (`validation.ValidateNonnegativeField` and int32 fields). */
export const MAX_COUNT = 2_147_483_647;

/** Whether `v` is a count the API accepts: a whole number from 0 to MAX_COUNT. */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT;
}

export function parseCount(text: string): number | undefined {
  const s = text.trim();
  return /^\d{1,9}$/.test(s) ? Number(s) : undefined;
}

export type WhatIfKey = WhatIfField | ScenarioParam;

/** What the manifest says, as far as the scenario defaults need it. */
export interface ManifestFacts {
  /** The workload's kind (what-if fields of other kinds are ignored). */
  kind?: WorkloadKind;
  /** `spec.replicas` (default 1). */
  replicas: number;
  /** StatefulSet `spec.ordinals.start` (default 0). */
  startOrdinal?: number;
}

export interface SimulationSettings {
  scenario: Scenario;
  overrides: Overrides;
  /** Timing assumptions replaced by the what-if (`SimulationInput.timing`). */
  timing: Partial<TimingModel>;
  /** Problems with the typed values (shown next to the controls; the value is ignored). */
  errors: string[];
  /** The same problems by control. */
  fieldErrors: Partial<Record<WhatIfKey, string>>;
  /** The value each parameter of the scenario has in this simulation (placeholders of the controls). */
  effective: Partial<Record<ScenarioParam, string>>;
}

/**
 * Turns the panel's what-if into the simulator's scenario + overrides. `manifest` is what the file
 * says (a bare number = `spec.replicas`, for older callers). Scenario parameters default to:
 * fail-after 5 s, pause after 1 new pod, node-failure of the first ordinal and never force-deleted,
 * scale to twice the replicas (at least 1). Invalid values are reported and the default is used.
 */
export function toSimulation(w: WhatIf, manifest: number | ManifestFacts): SimulationSettings {
  const facts: ManifestFacts = typeof manifest === 'number' ? { replicas: manifest } : manifest;
  const errors: string[] = [];
  const fieldErrors: SimulationSettings['fieldErrors'] = {};
  const fail = (field: WhatIfKey, message: string): void => {
    errors.push(message);
    fieldErrors[field] = message;
  };
  const overrides: Overrides = {};
  for (const f of ['maxSurge', 'maxUnavailable'] as const) {
    const raw = w[f];
    if (raw === undefined) continue;
    const v = intOrStringFromInput(raw);
    if (v === undefined) fail(f, `${f} "${raw}" is not a number or a percentage`);
    else overrides[f] = v;
  }
  for (const f of ['minReadySeconds', 'partition'] as const) {
    const v = w[f];
    if (v === undefined) continue;
    if (isCount(v)) overrides[f] = v;
    else fail(f, `${f} must be a whole number from 0 to ${MAX_COUNT}`);
  }
  if (w.podManagementPolicy) overrides.podManagementPolicy = w.podManagementPolicy;
  const replicasOk = isCount(w.replicas);
  if (w.replicas !== undefined && !replicasOk)
    fail('replicas', `replicas must be a whole number from 0 to ${MAX_COUNT}`);
  if (replicasOk) overrides.replicas = w.replicas as number;
  const replicas = overrides.replicas ?? facts.replicas;

  const effective: SimulationSettings['effective'] = {};
  /** The parameter as a number: typed value if valid, else the default (undefined = unset). */
  const param = (
    p: ScenarioParam,
    def: number | undefined,
    check?: (n: number) => string | undefined,
  ): number | undefined => {
    const raw = w[p];
    let value = def;
    if (raw !== undefined && raw.trim() !== '') {
      const n = parseCount(raw);
      const problem = n === undefined ? `${SCENARIO_PARAMS[p].label}: "${raw}" is not a whole number ≥ 0` : check?.(n);
      const fallback = def === undefined ? 'never' : String(def);
      if (problem) fail(p, `${problem} (using ${fallback})`);
      else value = n;
    }
    effective[p] = value === undefined ? 'never' : String(value);
    return value;
  };

  let scenario: Scenario;
  switch (w.scenario) {
    case 'scale':
      scenario = { name: 'scale', replicas: param('scaleTo', Math.max(1, replicas * 2)) as number };
      break;
    case 'fail-after':
      scenario = { name: 'fail-after', seconds: param('failAfterSeconds', FAIL_AFTER_SECONDS) as number };
      break;
    case 'pause':
      scenario = { name: 'pause', afterNewPods: param('pauseAfterNewPods', PAUSE_AFTER_NEW_PODS) as number };
      break;
    case 'node-failure': {
      const first = facts.startOrdinal ?? 0;
      const last = first + replicas - 1;
      const ordinal = param('nodeOrdinal', first, (n) =>
        replicas > 0 && (n < first || n > last)
          ? `lost pod ordinal ${n} is not a pod of this StatefulSet (ordinals ${first}–${last})`
          : undefined,
      ) as number;
      const force = param('forceDeleteAfterSeconds', undefined);
      scenario = { name: 'node-failure', ordinal, ...(force !== undefined ? { forceDeleteAfterSeconds: force } : {}) };
      break;
    }
    default:
      scenario = { name: w.scenario };
  }
  return { scenario, overrides, timing: {}, errors, fieldErrors, effective };
}

/** The scenario and its parameters of a what-if (what stays after Apply or Reset). */
export function scenarioPart(w: WhatIf): WhatIf {
  const out: WhatIf = { scenario: w.scenario };
  for (const p of SCENARIO_PARAM_ORDER) if (w[p] !== undefined) out[p] = w[p];
  return out;
}

/** The what-if fields that differ from the manifest, in a stable order (what Apply writes). */
export function changedFields(w: WhatIf): WhatIfField[] {
  const order: WhatIfField[] = [
    'replicas',
    'maxSurge',
    'maxUnavailable',
    'minReadySeconds',
    'partition',
    'podManagementPolicy',
  ];
  return order.filter((f) => w[f] !== undefined);
}

/** Validates an untrusted value (webview state, message) as a WhatIf; unknown fields are dropped. */
export function sanitizeWhatIf(v: unknown): WhatIf {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const out: WhatIf = {
    scenario: SCENARIOS.includes(o.scenario as ScenarioName) ? (o.scenario as ScenarioName) : 'update',
  };
  for (const f of ['replicas', 'minReadySeconds', 'partition'] as const) {
    const n = o[f];
    if (typeof n === 'number' && Number.isFinite(n)) out[f] = n;
  }
  for (const f of ['maxSurge', 'maxUnavailable'] as const) {
    const s = o[f];
    if (typeof s === 'string' && s.length <= 16) out[f] = s;
  }
  if (o.podManagementPolicy === 'OrderedReady' || o.podManagementPolicy === 'Parallel')
    out.podManagementPolicy = o.podManagementPolicy;
  for (const p of SCENARIO_PARAM_ORDER) {
    const v = o[p];
    if (typeof v === 'string' && v.length <= 16) out[p] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[p] = String(v);
  }
  return out;
}
