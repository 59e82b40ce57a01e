/**
 * What-if settings of a preview: the scenario, its parameters, and values that replace the manifest's (or the
 * simulation's assumptions) for the simulation only, until "Apply to manifest" writes the manifest's ones.
 *
 * Three tables, one row per thing, read by everything that lists them:
 * - `SCENARIO_TABLE`: scenario names, the kinds they apply to, the panel's label, the CLI usage line;
 * - `SCENARIO_PARAM_TABLE`: scenario parameters (panel control, CLI flag, default, which scenario they imply);
 * - `WHAT_IF_FIELDS`: what-if fields — the value type (message types and validation), where Apply writes them
 *   (`applyEdits.ts`), the simulator input they set, the CLI flag, and the control (`client/webview/main.ts`
 *   renders one per row by its `type`).
 * A new control is one row here plus, for a new `type`, its renderer.
 *
 * Pure: no vscode, no DOM, no Node.
 */
import type { WorkloadKind } from '../manifest';
import type { IntOrString } from '../sim/intstr';
import type { TimingModel } from '../sim/timing';
import type { Overrides, Scenario, ScenarioName, StartingState } from '../sim/types';

const ALL_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

// ---------------------------------------------------------------- scenarios

export interface ScenarioSpec {
  readonly name: ScenarioName;
  readonly kinds: readonly WorkloadKind[];
  /** The panel's option text. */
  readonly label: string;
  /** What it simulates, for `rollout-lens preview --help`. */
  readonly usage: string;
}

export const SCENARIO_TABLE: readonly ScenarioSpec[] = [
  { name: 'create', kinds: ALL_KINDS, label: 'create: first apply', usage: 'first apply: nothing exists yet' },
  {
    name: 'update',
    kinds: ALL_KINDS,
    label: 'update: pod template changed',
    usage: "the pod template changes from a healthy previous revision to the file's",
  },
  {
    name: 'scale',
    kinds: ['Deployment', 'StatefulSet'],
    label: 'scale: kubectl scale',
    usage: 'kubectl scale, in steady state or during an update',
  },
  {
    name: 'fail',
    kinds: ALL_KINDS,
    label: 'fail: new pods never Ready',
    usage: 'an update whose new pods never get Ready',
  },
  {
    name: 'fail-after',
    kinds: ALL_KINDS,
    label: 'fail-after: new pods crash after Ready',
    usage: 'an update whose new pods crash after being Ready',
  },
  {
    name: 'pause',
    kinds: ['Deployment'],
    label: 'pause: kubectl rollout pause',
    usage: 'kubectl rollout pause during an update, optionally resumed',
  },
  {
    name: 'rollback',
    kinds: ALL_KINDS,
    label: 'rollback: kubectl rollout undo',
    usage: 'kubectl rollout undo, after the update or during it',
  },
  {
    name: 'node-failure',
    kinds: ['StatefulSet'],
    label: 'node-failure: a pod’s node is lost',
    usage: 'the node of one pod is lost',
  },
  {
    name: 'node-added',
    kinds: ['DaemonSet'],
    label: 'node-added: a node joins the cluster',
    usage: 'a node joins, in steady state or during an update',
  },
  {
    name: 'node-removed',
    kinds: ['DaemonSet'],
    label: 'node-removed: a node is deleted',
    usage: 'a node is deleted, in steady state or during an update',
  },
];

export const DEFAULT_SCENARIO: ScenarioName = 'update';

export const SCENARIOS: readonly ScenarioName[] = SCENARIO_TABLE.map((s) => s.name);

/** Scenarios that only make sense for some kinds. */
export const SCENARIO_KINDS = Object.fromEntries(SCENARIO_TABLE.map((s) => [s.name, s.kinds])) as Readonly<
  Record<ScenarioName, readonly WorkloadKind[]>
>;

export const SCENARIO_LABELS = Object.fromEntries(SCENARIO_TABLE.map((s) => [s.name, s.label])) as Readonly<
  Record<ScenarioName, string>
>;

// ---------------------------------------------------------------- scenario parameters

/** Seconds a pod stays Ready before crashing in the `fail-after` scenario (the panel's default). */
export const FAIL_AFTER_SECONDS = 5;
/** New pods before `kubectl rollout pause` in the `pause` scenario (default). */
export const PAUSE_AFTER_NEW_PODS = 1;

/**
 * The API's int32 limit for replicas, minReadySeconds, partition… (`validation.ValidateNonnegativeField` and int32
 * fields).
 */
export const MAX_COUNT = 2_147_483_647;

/** What the manifest says, as far as the what-if defaults and the choice of controls need it. */
export interface ManifestFacts {
  /** The workload's kind (what-if fields of other kinds are ignored). */
  kind?: WorkloadKind;
  /** `spec.replicas` (default 1). */
  replicas: number;
  /** StatefulSet `spec.ordinals.start` (default 0). */
  startOrdinal?: number;
  /** The template has an exec/httpGet preStop hook, whose duration is an assumption (`sim/timing.ts`). */
  preStopAssumed?: boolean;
}

export type ScenarioParam =
  | 'failAfterSeconds'
  | 'pauseAfterNewPods'
  | 'resumeAfterSeconds'
  | 'scaleTo'
  | 'scaleAtSecond'
  | 'rollbackAfterSeconds'
  | 'nodeOrdinal'
  | 'forceDeleteAfterSeconds'
  | 'nodeEventAtSecond';

/**
 * A parameter of a scenario (never written to the manifest). Kept as typed (text), validated by `toSimulation`:
 * a non-negative whole number, or empty for the default.
 */
export interface ScenarioParamSpec {
  readonly param: ScenarioParam;
  readonly scenarios: readonly ScenarioName[];
  readonly label: string;
  readonly hint: string;
  /** `rollout-lens preview --<flag> <flagValue>`. */
  readonly flag: string;
  readonly flagValue: string;
  /**
   * The default when empty (the panel; the CLI too unless `cliRequired`), from the manifest facts; undefined = unset.
   */
  readonly fallback: (facts: ManifestFacts, replicas: number) => number | undefined;
  /** What unset means (placeholder of the control, usage text). */
  readonly unset?: string;
  /** Words for the default in the usage text (when it depends on the manifest). */
  readonly defaultText?: string;
  /** The CLI has no default: `--scenario X` needs the flag. */
  readonly cliRequired?: boolean;
  /** Giving the flag chooses its scenario when `--scenario` is absent. */
  readonly impliesScenario: boolean;
  /** A problem with a typed value, in the manifest's terms. */
  readonly check?: (n: number, facts: ManifestFacts, replicas: number) => string | undefined;
}

export const SCENARIO_PARAM_TABLE: readonly ScenarioParamSpec[] = [
  {
    param: 'failAfterSeconds',
    scenarios: ['fail-after'],
    label: 'fail after (seconds)',
    hint: 'Seconds the new pods stay Ready before they crash.',
    flag: 'fail-after',
    flagValue: 'S',
    fallback: () => FAIL_AFTER_SECONDS,
    cliRequired: true,
    impliesScenario: true,
  },
  {
    param: 'pauseAfterNewPods',
    scenarios: ['pause'],
    label: 'pause after new pods',
    hint: 'kubectl rollout pause once the new ReplicaSet has this many pods.',
    flag: 'pause-after',
    flagValue: 'K',
    fallback: () => PAUSE_AFTER_NEW_PODS,
    impliesScenario: true,
  },
  {
    param: 'resumeAfterSeconds',
    scenarios: ['pause'],
    label: 'resume after (seconds)',
    hint: 'kubectl rollout resume this many seconds after the pause; empty = never.',
    flag: 'resume-after',
    flagValue: 'S',
    fallback: () => undefined,
    unset: 'never',
    impliesScenario: true,
  },
  {
    param: 'scaleTo',
    scenarios: ['scale'],
    label: 'scale to (replicas)',
    hint: 'kubectl scale --replicas target.',
    // `--replicas` is the scale target under `--scenario scale`; otherwise the replicas what-if field.
    flag: 'replicas',
    flagValue: 'N',
    fallback: (_, replicas) => Math.max(1, replicas * 2),
    defaultText: 'twice the replicas',
    cliRequired: true,
    impliesScenario: false,
  },
  {
    param: 'scaleAtSecond',
    scenarios: ['scale'],
    label: 'scale at (seconds into an update)',
    hint: 'Scale this many seconds into an update (proportional scaling); empty = in steady state.',
    flag: 'scale-at',
    flagValue: 'S',
    fallback: () => undefined,
    unset: 'in steady state',
    impliesScenario: true,
  },
  {
    param: 'rollbackAfterSeconds',
    scenarios: ['rollback'],
    label: 'roll back at (seconds into the update)',
    hint: 'kubectl rollout undo this many seconds into the update; empty = after it finished.',
    flag: 'rollback-at',
    flagValue: 'S',
    fallback: () => undefined,
    unset: 'after the update',
    impliesScenario: true,
  },
  {
    param: 'nodeOrdinal',
    scenarios: ['node-failure'],
    label: 'lost pod ordinal',
    hint: 'The ordinal of the pod whose node is lost.',
    flag: 'ordinal',
    flagValue: 'N',
    fallback: (facts) => facts.startOrdinal ?? 0,
    defaultText: 'the first ordinal',
    impliesScenario: true,
    check: (n, facts, replicas) => {
      const first = facts.startOrdinal ?? 0;
      const last = first + replicas - 1;
      return replicas > 0 && (n < first || n > last)
        ? `lost pod ordinal ${n} is not a pod of this StatefulSet (ordinals ${first}–${last})`
        : undefined;
    },
  },
  {
    param: 'forceDeleteAfterSeconds',
    scenarios: ['node-failure'],
    label: 'force-delete after (seconds)',
    hint: 'kubectl delete pod --force this many seconds after the node is lost; empty = never.',
    flag: 'force-delete-after',
    flagValue: 'S',
    fallback: () => undefined,
    unset: 'never',
    impliesScenario: true,
  },
  {
    param: 'nodeEventAtSecond',
    scenarios: ['node-added', 'node-removed'],
    label: 'node event at (seconds into an update)',
    hint: 'The node joins or leaves this many seconds into an update; empty = in steady state.',
    flag: 'at',
    flagValue: 'S',
    fallback: () => undefined,
    unset: 'in steady state',
    impliesScenario: false,
  },
];

export const SCENARIO_PARAMS = Object.fromEntries(SCENARIO_PARAM_TABLE.map((p) => [p.param, p])) as Readonly<
  Record<ScenarioParam, ScenarioParamSpec>
>;

export const SCENARIO_PARAM_ORDER: readonly ScenarioParam[] = SCENARIO_PARAM_TABLE.map((p) => p.param);

/** The parameters a scenario uses, in display order. */
export function paramsOf(scenario: ScenarioName): ScenarioParam[] {
  return SCENARIO_PARAM_ORDER.filter((p) => SCENARIO_PARAMS[p].scenarios.includes(scenario));
}

/** The simulator's scenario from the values of its parameters (`value` reads, validates and defaults one). */
const SCENARIO_BUILDERS: {
  readonly [N in ScenarioName]: (value: (p: ScenarioParam) => number | undefined) => Scenario;
} = {
  create: () => ({ name: 'create' }),
  update: () => ({ name: 'update' }),
  scale: (v) => ({ name: 'scale', replicas: v('scaleTo') ?? 0, ...optional('atSecond', v('scaleAtSecond')) }),
  fail: () => ({ name: 'fail' }),
  'fail-after': (v) => ({ name: 'fail-after', seconds: v('failAfterSeconds') ?? 0 }),
  pause: (v) => ({
    name: 'pause',
    afterNewPods: v('pauseAfterNewPods') ?? PAUSE_AFTER_NEW_PODS,
    ...optional('resumeAfterSeconds', v('resumeAfterSeconds')),
  }),
  rollback: (v) => ({ name: 'rollback', ...optional('afterSeconds', v('rollbackAfterSeconds')) }),
  'node-failure': (v) => ({
    name: 'node-failure',
    ordinal: v('nodeOrdinal') ?? 0,
    ...optional('forceDeleteAfterSeconds', v('forceDeleteAfterSeconds')),
  }),
  'node-added': (v) => ({ name: 'node-added', ...optional('atSecond', v('nodeEventAtSecond')) }),
  'node-removed': (v) => ({ name: 'node-removed', ...optional('atSecond', v('nodeEventAtSecond')) }),
};

function optional<K extends string>(key: K, v: number | undefined): { [P in K]?: number } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: number };
}

// ---------------------------------------------------------------- what-if fields

/** How a field's value is typed: a count (number), an IntOrString as text (`3`, `25%`), one of `choices`. */
export type WhatIfFieldType = 'count' | 'intOrPercent' | 'choice';

/** Timing assumptions of the simulation a what-if may replace (`sim/timing.ts`). */
type TimingField =
  'imagePullSeconds' | 'containerStartSeconds' | 'preStopSeconds' | 'shutdownSeconds' | 'orphanPodGcSeconds';

interface WhatIfFieldSpec {
  readonly field: string;
  readonly type: WhatIfFieldType;
  readonly choices?: readonly string[];
  readonly label: string;
  readonly hint: string;
  readonly kinds: readonly WorkloadKind[];
  /**
   * `manifest`: a field of the manifest, written by "Apply to manifest" at `paths`; `assumption`: a duration or
   * cluster size the simulation assumes (never written); `start`: the cluster at t = 0 (never written).
   */
  readonly group: 'manifest' | 'assumption' | 'start';
  readonly paths?: Partial<Record<WorkloadKind, readonly string[]>>;
  /** The simulator input it sets. */
  readonly input:
    | { readonly overrides: keyof Overrides }
    | { readonly timing: TimingField }
    | { readonly start: keyof StartingState };
  /** `rollout-lens preview --<flag> <flagValue>`. */
  readonly flag: string;
  readonly flagValue: string;
  /** Shown only when the manifest facts say it matters (e.g. the preStop assumption: an exec/httpGet hook). */
  readonly when?: (facts: ManifestFacts) => boolean;
}

const ROLLING = (kind: 'strategy' | 'updateStrategy', key: string) => ['spec', kind, 'rollingUpdate', key] as const;

export const WHAT_IF_FIELDS = [
  {
    field: 'replicas',
    type: 'count',
    label: 'replicas',
    hint: 'spec.replicas (under an HPA: a count in its range).',
    kinds: ['Deployment', 'StatefulSet'],
    group: 'manifest',
    paths: { Deployment: ['spec', 'replicas'], StatefulSet: ['spec', 'replicas'] },
    input: { overrides: 'replicas' },
    flag: 'replicas',
    flagValue: 'N',
  },
  {
    field: 'maxSurge',
    type: 'intOrPercent',
    label: 'maxSurge',
    hint: 'rollingUpdate.maxSurge.',
    kinds: ['Deployment', 'DaemonSet'],
    group: 'manifest',
    paths: { Deployment: ROLLING('strategy', 'maxSurge'), DaemonSet: ROLLING('updateStrategy', 'maxSurge') },
    input: { overrides: 'maxSurge' },
    flag: 'max-surge',
    flagValue: 'N|P%',
  },
  {
    field: 'maxUnavailable',
    type: 'intOrPercent',
    label: 'maxUnavailable',
    hint: 'rollingUpdate.maxUnavailable.',
    kinds: ALL_KINDS,
    group: 'manifest',
    paths: {
      Deployment: ROLLING('strategy', 'maxUnavailable'),
      StatefulSet: ROLLING('updateStrategy', 'maxUnavailable'),
      DaemonSet: ROLLING('updateStrategy', 'maxUnavailable'),
    },
    input: { overrides: 'maxUnavailable' },
    flag: 'max-unavailable',
    flagValue: 'N|P%',
  },
  {
    field: 'minReadySeconds',
    type: 'count',
    label: 'minReadySeconds',
    hint: 'spec.minReadySeconds.',
    kinds: ALL_KINDS,
    group: 'manifest',
    paths: {
      Deployment: ['spec', 'minReadySeconds'],
      StatefulSet: ['spec', 'minReadySeconds'],
      DaemonSet: ['spec', 'minReadySeconds'],
    },
    input: { overrides: 'minReadySeconds' },
    flag: 'min-ready-seconds',
    flagValue: 'N',
  },
  {
    field: 'partition',
    type: 'count',
    label: 'partition',
    hint: 'StatefulSet updateStrategy.rollingUpdate.partition.',
    kinds: ['StatefulSet'],
    group: 'manifest',
    paths: { StatefulSet: ROLLING('updateStrategy', 'partition') },
    input: { overrides: 'partition' },
    flag: 'partition',
    flagValue: 'N',
  },
  {
    field: 'podManagementPolicy',
    type: 'choice',
    choices: ['OrderedReady', 'Parallel'],
    label: 'podManagementPolicy',
    hint: 'StatefulSet spec.podManagementPolicy.',
    kinds: ['StatefulSet'],
    group: 'manifest',
    paths: { StatefulSet: ['spec', 'podManagementPolicy'] },
    input: { overrides: 'podManagementPolicy' },
    flag: 'pod-management-policy',
    flagValue: 'OrderedReady|Parallel',
  },
  {
    field: 'nodes',
    type: 'count',
    label: 'nodes',
    hint: 'Nodes in the simulated cluster that run the pod (default 3).',
    kinds: ['DaemonSet'],
    group: 'assumption',
    input: { overrides: 'nodes' },
    flag: 'nodes',
    flagValue: 'N',
  },
  {
    field: 'imagePullSeconds',
    type: 'count',
    label: 'image pull (seconds)',
    hint: 'Assumed image pull time before a container starts (default 0: the image is on the node).',
    kinds: ALL_KINDS,
    group: 'assumption',
    input: { timing: 'imagePullSeconds' },
    flag: 'image-pull-seconds',
    flagValue: 'S',
  },
  {
    field: 'containerStartSeconds',
    type: 'count',
    label: 'container start (seconds)',
    hint: 'Assumed time to create and start a container once the image is there.',
    kinds: ALL_KINDS,
    group: 'assumption',
    input: { timing: 'containerStartSeconds' },
    flag: 'container-start-seconds',
    flagValue: 'S',
  },
  {
    field: 'preStopSeconds',
    type: 'count',
    label: 'preStop hook (seconds)',
    hint: 'Assumed duration of the exec/httpGet preStop hook (bounded by terminationGracePeriodSeconds).',
    kinds: ALL_KINDS,
    group: 'assumption',
    input: { timing: 'preStopSeconds' },
    flag: 'prestop-seconds',
    flagValue: 'S',
    when: (facts: ManifestFacts) => facts.preStopAssumed === true,
  },
  {
    field: 'shutdownSeconds',
    type: 'count',
    label: 'exit after SIGTERM (seconds)',
    hint: 'Assumed time the app takes to exit on SIGTERM (bounded by the grace period).',
    kinds: ALL_KINDS,
    group: 'assumption',
    input: { timing: 'shutdownSeconds' },
    flag: 'shutdown-seconds',
    flagValue: 'S',
  },
  {
    field: 'podGcSeconds',
    type: 'count',
    label: 'pod GC after node deletion (seconds)',
    hint: 'Assumed time until the pod garbage collector force-deletes the pod of a deleted node (node-removed; 40–60, default 60).',
    kinds: ['DaemonSet'],
    group: 'assumption',
    input: { timing: 'orphanPodGcSeconds' },
    flag: 'pod-gc-seconds',
    flagValue: 'S',
  },
  {
    field: 'updatedPods',
    type: 'count',
    label: 'start: pods already updated',
    hint: "This many pods already run the file's template (its rollout half-way).",
    kinds: ALL_KINDS,
    group: 'start',
    input: { start: 'updatedPods' },
    flag: 'updated-pods',
    flagValue: 'N',
  },
  {
    field: 'unreadyOldPods',
    type: 'count',
    label: 'start: old pods not Ready',
    hint: 'This many old pods are not Ready.',
    kinds: ALL_KINDS,
    group: 'start',
    input: { start: 'unreadyOldPods' },
    flag: 'unready-old-pods',
    flagValue: 'N',
  },
  {
    field: 'olderReplicaSets',
    type: 'count',
    label: 'start: older ReplicaSets',
    hint: 'This many ReplicaSets older than the previous one still have pods.',
    kinds: ['Deployment'],
    group: 'start',
    input: { start: 'olderReplicaSets' },
    flag: 'older-replica-sets',
    flagValue: 'N',
  },
] as const satisfies readonly WhatIfFieldSpec[];

type FieldRow = (typeof WHAT_IF_FIELDS)[number];
/** Fields a what-if can change (and, for the `manifest` group, Apply can write). */
export type WhatIfField = FieldRow['field'];
type FieldsOfType<T extends WhatIfFieldType> = Extract<FieldRow, { type: T }>['field'];
type ChoiceOf<F extends FieldsOfType<'choice'>> = Extract<FieldRow, { field: F }>['choices'][number];

/** The table as rows of one type (for code that reads any row). */
export const WHAT_IF_FIELD_ROWS: readonly (WhatIfFieldSpec & { readonly field: WhatIfField })[] = WHAT_IF_FIELDS;

export const WHAT_IF_FIELD_SPECS = Object.fromEntries(WHAT_IF_FIELD_ROWS.map((f) => [f.field, f])) as Readonly<
  Record<WhatIfField, WhatIfFieldSpec & { readonly field: WhatIfField }>
>;

/** Where Apply writes a field for a kind (undefined: not a field of that kind's manifest). */
export function fieldPath(kind: WorkloadKind, field: WhatIfField): readonly string[] | undefined {
  return WHAT_IF_FIELD_SPECS[field].paths?.[kind];
}

/** Whether the panel shows the control of `field` for a workload. */
export function fieldApplies(field: WhatIfField, facts: ManifestFacts & { kind: WorkloadKind }): boolean {
  const f = WHAT_IF_FIELD_SPECS[field];
  return f.kinds.includes(facts.kind) && (f.when?.(facts) ?? true);
}

export type WhatIf = { scenario: ScenarioName } & { [F in FieldsOfType<'count'>]?: number } & {
  [F in FieldsOfType<'intOrPercent'>]?: string;
} & { [F in FieldsOfType<'choice'>]?: ChoiceOf<F> } & { [P in ScenarioParam]?: string };

export type WhatIfKey = WhatIfField | ScenarioParam;

export const DEFAULT_WHAT_IF: WhatIf = { scenario: DEFAULT_SCENARIO };

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

/** Whether `v` is a count the API accepts: a whole number from 0 to MAX_COUNT. */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT;
}

/** A non-negative whole number as typed (`7`, ` 7 `); undefined for anything else. */
export function parseCount(text: string): number | undefined {
  const s = text.trim();
  const n = /^\d{1,10}$/.test(s) ? Number(s) : undefined;
  return n !== undefined && n <= MAX_COUNT ? n : undefined;
}

/** A field's value as the simulator and the manifest take it, or the problem with it. */
export function fieldValue(
  field: WhatIfField,
  raw: unknown,
): { value: number | IntOrString } | { problem: string } | undefined {
  if (raw === undefined) return undefined;
  const f = WHAT_IF_FIELD_SPECS[field];
  switch (f.type) {
    case 'count':
      return isCount(raw) ? { value: raw } : { problem: `${f.label} must be a whole number from 0 to ${MAX_COUNT}` };
    case 'intOrPercent': {
      const v = intOrStringFromInput(String(raw));
      return v === undefined
        ? { problem: `${f.label} "${String(raw)}" is not a number or a percentage` }
        : { value: v };
    }
    default:
      return typeof raw === 'string' && f.choices?.includes(raw)
        ? { value: raw }
        : { problem: `${f.label} must be one of ${f.choices?.join(', ')}` };
  }
}

export interface SimulationSettings {
  scenario: Scenario;
  overrides: Overrides;
  /** Timing assumptions replaced by the what-if (`SimulationInput.timing`). */
  timing: Partial<TimingModel>;
  /** The starting state (`SimulationInput.start`); empty = every pod Ready at the previous revision. */
  start: StartingState;
  /** Problems with the typed values (shown next to the controls; the value is ignored). */
  errors: string[];
  /** The same problems by control. */
  fieldErrors: Partial<Record<WhatIfKey, string>>;
  /** The value each parameter of the scenario has in this simulation (placeholders of the controls). */
  effective: Partial<Record<ScenarioParam, string>>;
}

/**
 * Turns a what-if into the simulator's scenario, overrides, timing and starting state. `manifest` is what the
 * file says (a bare number = `spec.replicas`, for older callers). Scenario parameters default as their table rows
 * say; invalid values are reported and the default is used. Fields of another kind are ignored.
 */
export function toSimulation(w: WhatIf, manifest: number | ManifestFacts): SimulationSettings {
  const facts: ManifestFacts = typeof manifest === 'number' ? { replicas: manifest } : manifest;
  const errors: string[] = [];
  const fieldErrors: SimulationSettings['fieldErrors'] = {};
  const fail = (field: WhatIfKey, message: string): void => {
    errors.push(message);
    fieldErrors[field] = message;
  };
  const overrides: Record<string, unknown> = {};
  const timing: Record<string, number> = {};
  const start: Record<string, number> = {};
  for (const f of WHAT_IF_FIELD_ROWS) {
    if (facts.kind !== undefined && !fieldApplies(f.field, { ...facts, kind: facts.kind })) continue;
    const r = fieldValue(f.field, w[f.field]);
    if (r === undefined) continue;
    if ('problem' in r) {
      fail(f.field, r.problem);
      continue;
    }
    const input = f.input;
    if ('overrides' in input) overrides[input.overrides] = r.value;
    else if ('timing' in input) timing[input.timing] = r.value as number;
    else start[input.start] = r.value as number;
  }
  const replicas = (overrides.replicas as number | undefined) ?? facts.replicas;

  const effective: SimulationSettings['effective'] = {};
  /** The parameter as a number: typed value if valid, else the default (undefined = unset). */
  const value = (p: ScenarioParam): number | undefined => {
    const spec = SCENARIO_PARAMS[p];
    const def = spec.fallback(facts, replicas);
    const raw = w[p];
    let v = def;
    if (raw !== undefined && raw.trim() !== '') {
      const n = parseCount(raw);
      const problem =
        n === undefined ? `${spec.label}: "${raw}" is not a whole number ≥ 0` : spec.check?.(n, facts, replicas);
      if (problem) fail(p, `${problem} (using ${def === undefined ? (spec.unset ?? 'none') : String(def)})`);
      else v = n;
    }
    effective[p] = v === undefined ? (spec.unset ?? '') : String(v);
    return v;
  };
  const scenario = SCENARIO_BUILDERS[w.scenario](value);
  return {
    scenario,
    overrides: overrides as Overrides,
    timing: timing as Partial<TimingModel>,
    start,
    errors,
    fieldErrors,
    effective,
  };
}

/**
 * The what-if without the manifest fields: the scenario, its parameters, assumptions and start (kept by Apply and
 * Reset).
 */
export function scenarioPart(w: WhatIf): WhatIf {
  const out: WhatIf = { scenario: w.scenario };
  const o = out as Record<string, unknown>;
  for (const p of SCENARIO_PARAM_ORDER) if (w[p] !== undefined) o[p] = w[p];
  for (const f of WHAT_IF_FIELD_ROWS) if (f.group !== 'manifest' && w[f.field] !== undefined) o[f.field] = w[f.field];
  return out;
}

/** The manifest fields the what-if sets, in table order (what Apply writes). */
export function changedFields(w: WhatIf): WhatIfField[] {
  return WHAT_IF_FIELD_ROWS.filter((f) => f.group === 'manifest' && w[f.field] !== undefined).map((f) => f.field);
}

/** Validates an untrusted value (webview state, message) as a WhatIf; unknown fields are dropped. */
export function sanitizeWhatIf(v: unknown): WhatIf {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const out: WhatIf = {
    scenario: SCENARIOS.includes(o.scenario as ScenarioName) ? (o.scenario as ScenarioName) : DEFAULT_SCENARIO,
  };
  const set = out as Record<string, unknown>;
  for (const f of WHAT_IF_FIELD_ROWS) {
    const x = o[f.field];
    if (f.type === 'count' && typeof x === 'number' && Number.isFinite(x)) set[f.field] = x;
    else if (f.type === 'intOrPercent' && typeof x === 'string' && x.length <= 16) set[f.field] = x;
    else if (f.type === 'choice' && typeof x === 'string' && f.choices?.includes(x)) set[f.field] = x;
  }
  for (const p of SCENARIO_PARAM_ORDER) {
    const x = o[p];
    if (typeof x === 'string' && x.length <= 16) set[p] = x;
    else if (typeof x === 'number' && Number.isFinite(x)) set[p] = String(x);
  }
  return out;
}

/** The scenarios and their parameters for `rollout-lens preview --help`, from the tables. */
export function scenarioUsage(): string[] {
  const lines = ['Scenarios (--scenario NAME):'];
  for (const s of SCENARIO_TABLE) {
    const params = paramsOf(s.name).map((p) => {
      const spec = SCENARIO_PARAMS[p];
      const def = spec.cliRequired
        ? 'required'
        : `default ${spec.defaultText ?? spec.unset ?? spec.fallback({ replicas: 1 }, 1)}`;
      return `--${spec.flag} ${spec.flagValue} (${def})`;
    });
    const only = s.kinds.length < ALL_KINDS.length ? ` [${s.kinds.join(', ')}]` : '';
    const dflt = s.name === DEFAULT_SCENARIO ? ' (default)' : '';
    lines.push(`  ${s.name}${dflt}: ${s.usage}${only}${params.length ? `; ${params.join(', ')}` : ''}`);
  }
  const implying = SCENARIO_PARAM_TABLE.filter((p) => p.impliesScenario).map((p) => `--${p.flag}`);
  lines.push(`${implying.join(', ')} imply their scenario.`);
  return lines;
}
