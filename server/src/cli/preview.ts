/**
 * `rollout-lens preview`: simulates the rollout of one Deployment, StatefulSet or DaemonSet from a manifest file.
 *
 *   rollout-lens preview [--format text|json] [--object Kind/name] [--scenario NAME] [--replicas N]
 *                        [--fail-after S] [--pause-after K] [--resume-after S] [--scale-at S] [--rollback-at S]
 *                        [--ordinal N] [--force-delete-after S]
 *                        [--max-surge V] [--max-unavailable V] [--min-ready-seconds N] [--partition N]
 *                        [--pod-management-policy OrderedReady|Parallel] [--nodes N] [--at S] [--services <dir|file>]
 *                        [--updated-pods N] [--unready-old-pods N] [--older-replica-sets N] [--no-hpa] <file>
 *
 * DaemonSets: `--nodes N` is the size of the simulated cluster (default 3); `--at S` puts the node-added /
 * node-removed event S seconds into the update of the file's template (without it: in steady state).
 *
 * Scenario flags imply their scenario when `--scenario` is absent: `--fail-after` → fail-after,
 * `--pause-after`/`--resume-after` → pause (default K = 1; resumed S seconds after the pause),
 * `--scale-at` → scale (to `--replicas` N, S seconds into an update: proportional scaling),
 * `--rollback-at` → rollback (kubectl rollout undo S seconds into the update),
 * `--ordinal`/`--force-delete-after` → node-failure (default ordinal: the first one, `spec.ordinals.start`,
 * usually 0; never force-deleted by default). The what-if overrides (`--max-surge` … `--pod-management-policy`)
 * change the simulated manifest like the preview panel's what-if fields.
 *
 * Starting state (`--updated-pods`, `--unready-old-pods`, `--older-replica-sets`): the cluster at t = 0 when it is not
 * every pod Ready at the previous revision (`SimulationInput.start`, shared/src/sim/start.ts).
 *
 * A HorizontalPodAutoscaler that targets the workload (found where the Services are) owns its replicas: the plan
 * starts from its minReplicas and says that the manifest's `spec.replicas` is overwritten; `--no-hpa` ignores it.
 *
 * Services (governing Service, SRV records, the "No Service" note) come from the previewed file plus,
 * with the same namespace, the other YAML files of its directory (not subdirectories), or, with
 * `--services`, that file or every YAML file under that directory (recursively). All reading happens here;
 * the simulator only receives the Service objects.
 *
 * JSON output is `planToJson(simulate(…))`; text output is an event table like `kubectl describe`.
 * Usage and I/O problems: one line on stderr, exit 2.
 */
import { isCount, MAX_COUNT, SCENARIOS } from '../../../shared/src/preview/whatIf';
import * as path from 'node:path';
import type { Service } from 'kubernetes-types/core/v1';
import {
  isHorizontalPodAutoscaler,
  isService,
  isWorkload,
  parseManifest,
  type K8sObject,
  type WorkloadObject,
} from '../../../shared/src/manifest';
import { autoscalerFor } from '../../../shared/src/preview/autoscaler';
import { waitsForever } from '../../../shared/src/preview/viewModel';
import {
  planToJson,
  simulate,
  SimulationError,
  type DaemonSetPlan,
  type DeploymentPlan,
  type Overrides,
  type Plan,
  type Scenario,
  type ScenarioName,
  type StartingState,
  type StatefulSetPlan,
} from '../../../shared/src/sim';
import { workloadInput } from '../../../shared/src/preview/pipeline';
import { HELP_OPTION, MAX_FILE_SIZE_OPTION, commandHelp, oneOf, parseArgs, withMaxFileSize } from './args';
import type { CommandSpec } from './args';
import { RENDER_OPTIONS, renderTimeoutMs } from './lint';
import { loadLayout } from '../render/kustomization';
import { DEFAULT_KUSTOMIZE_COMMAND, KustomizeRenderer } from '../render/kustomize';
import { CHART_FILE, DEFAULT_HELM_COMMAND, DEFAULT_RELEASE, HelmRenderer, parseChart } from '../render/helm';
import { processRenderer } from '../render/renderer';
import { listAllFiles } from '../render/workspaceRender';
import { classifyRendered, renderAtBaseline } from '../render/baseline';
import { CliError, EXIT_OK, EXIT_USAGE, type CliIo } from './io';

/** The options of `rollout-lens preview`, one row each (parsing and --help come from this table). */
export const PREVIEW_COMMAND: CommandSpec = {
  name: 'preview',
  positionals: '<file|kustomization dir|chart dir>',
  summary:
    "Simulates what the Deployment, StatefulSet or DaemonSet controller does when the file's workload is applied.",
  options: [
    { name: 'format', short: 'f', type: 'string', value: 'text|json', help: 'Output format (default text).' },
    { name: 'object', type: 'string', value: 'Kind/name', help: 'The workload to preview when the file has several.' },
    { name: 'scenario', type: 'string', value: 'NAME', help: `One of ${SCENARIOS.join(', ')} (default update).` },
    { name: 'replicas', type: 'string', value: 'N', help: 'Replicas (the target of the scale scenario).' },
    {
      name: 'fail-after',
      type: 'string',
      value: 'S',
      help: 'New pods turn NotReady S seconds after Ready (fail-after).',
    },
    {
      name: 'pause-after',
      type: 'string',
      value: 'K',
      help: 'Pause once the new ReplicaSet has K pods (pause; default 1).',
    },
    {
      name: 'resume-after',
      type: 'string',
      value: 'S',
      help: 'kubectl rollout resume S seconds after the pause (pause).',
    },
    { name: 'scale-at', type: 'string', value: 'S', help: 'Scale to --replicas S seconds into an update (scale).' },
    {
      name: 'rollback-at',
      type: 'string',
      value: 'S',
      help: 'kubectl rollout undo S seconds into the update (rollback).',
    },
    {
      name: 'ordinal',
      type: 'string',
      value: 'N',
      help: 'The pod whose node is lost (node-failure; default the first ordinal).',
    },
    {
      name: 'force-delete-after',
      type: 'string',
      value: 'S',
      help: 'Force-delete the lost pod after S seconds (node-failure).',
    },
    { name: 'nodes', type: 'string', value: 'N', help: 'DaemonSet: nodes in the simulated cluster (default 3).' },
    {
      name: 'at',
      type: 'string',
      value: 'S',
      help: 'node-added/node-removed: the node event S seconds into an update.',
    },
    {
      name: 'services',
      type: 'string',
      value: 'DIR|FILE',
      help: 'Where to find Services (default: the file and its folder).',
    },
    { name: 'max-surge', type: 'string', value: 'N|P%', help: 'What-if: rollingUpdate.maxSurge.' },
    { name: 'max-unavailable', type: 'string', value: 'N|P%', help: 'What-if: rollingUpdate.maxUnavailable.' },
    { name: 'min-ready-seconds', type: 'string', value: 'N', help: 'What-if: minReadySeconds.' },
    { name: 'partition', type: 'string', value: 'N', help: 'What-if: StatefulSet rollingUpdate.partition.' },
    {
      name: 'pod-management-policy',
      type: 'string',
      value: 'OrderedReady|Parallel',
      help: 'What-if: StatefulSet podManagementPolicy.',
    },
    {
      name: 'updated-pods',
      type: 'string',
      value: 'N',
      help: "Starting state: N pods already run the file's template (its rollout half-way).",
    },
    {
      name: 'unready-old-pods',
      type: 'string',
      value: 'N',
      help: 'Starting state: N old pods are not Ready.',
    },
    {
      name: 'older-replica-sets',
      type: 'string',
      value: 'N',
      help: 'Starting state (Deployment): N ReplicaSets older than the previous one still have pods.',
    },
    {
      name: 'no-hpa',
      type: 'boolean',
      help: 'Ignore a HorizontalPodAutoscaler that targets the workload (default: start from its minReplicas).',
    },
    {
      name: 'overlay',
      type: 'string',
      value: 'DIR',
      help: 'Preview a base or patch file as rendered by this kustomization or chart.',
    },
    {
      name: 'baseline',
      type: 'string',
      value: 'REF',
      help: 'Render the overlay at Git REF too: does the change roll out?',
    },
    ...RENDER_OPTIONS.filter((o) => o.name !== 'no-render'),
    MAX_FILE_SIZE_OPTION,
    HELP_OPTION,
  ],
  details: [
    '--fail-after, --pause-after, --resume-after, --scale-at, --rollback-at, --ordinal and --force-delete-after',
    'imply their scenario.',
    'Services (governing Service, SRV records) and a HorizontalPodAutoscaler that targets the workload are read',
    'from <file> and the other YAML files of its directory, or from --services (a file, or every YAML file under a',
    'directory). Under an HPA the preview starts from its minReplicas; --replicas N is a what-if count in its range.',
    '--updated-pods, --unready-old-pods and --older-replica-sets start from a cluster that is not all healthy',
    'at the previous revision.',
    'A kustomization or chart folder (or --overlay DIR with a base or patch file) is previewed as rendered.',
    'Exit codes: 0 done, 2 usage or I/O error, or a workload the controller would not roll out.',
  ].join('\n'),
};

/** The CLI I/O plus a YAML-file lister (`nodeFileSystem.listYamlFiles`: recursive, sorted); without it only the previewed file is searched for Services. */
export type PreviewIo = CliIo & { listYamlFiles?: (dir: string) => Promise<string[]>; cwd?: string };

function nonNegativeInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new CliError(`--${flag} must be a non-negative integer (got "${value}")`);
  const n = Number(value);
  if (!isCount(n)) throw new CliError(`--${flag} must be at most ${MAX_COUNT} (the API's int32 limit; got ${value})`);
  return n;
}

interface ScenarioFlags {
  replicas?: number;
  failAfter?: number;
  pauseAfter?: number;
  resumeAfter?: number;
  scaleAt?: number;
  rollbackAt?: number;
  ordinal?: number;
  forceDeleteAfter?: number;
  at?: number;
}

/** Which scenario each scenario-specific flag belongs to (and implies when `--scenario` is absent). */
const FLAG_SCENARIOS: readonly [flag: string, key: keyof ScenarioFlags, scenario: ScenarioName][] = [
  ['fail-after', 'failAfter', 'fail-after'],
  ['pause-after', 'pauseAfter', 'pause'],
  ['resume-after', 'resumeAfter', 'pause'],
  ['scale-at', 'scaleAt', 'scale'],
  ['rollback-at', 'rollbackAt', 'rollback'],
  ['ordinal', 'ordinal', 'node-failure'],
  ['force-delete-after', 'forceDeleteAfter', 'node-failure'],
];

function scenarioName(explicit: string | undefined, flags: ScenarioFlags): ScenarioName {
  const given = FLAG_SCENARIOS.filter(([, key]) => flags[key] !== undefined);
  const implied = [...new Set(given.map(([, , scenario]) => scenario))];
  if (explicit === undefined && implied.length > 1) {
    throw new CliError(
      `${given.map(([flag]) => `--${flag}`).join(' and ')} belong to different scenarios (${implied.join(', ')}); choose one`,
    );
  }
  const name = oneOf('scenario', explicit, SCENARIOS, implied[0] ?? 'update');
  for (const [flag, , scenario] of given) {
    if (scenario !== name)
      throw new CliError(`--${flag} only applies to the ${scenario} scenario (got --scenario ${name})`);
  }
  return name;
}

/**
 * Scenario from the flags; `--replicas` is the scale target. Defaults: `--pause-after 1`; `--ordinal` = the
 * StatefulSet's first ordinal (`spec.ordinals.start`, usually 0); no force delete.
 */
function scenarioFromFlags(name: ScenarioName, flags: ScenarioFlags, workload: WorkloadObject): Scenario {
  switch (name) {
    case 'scale':
      if (flags.replicas === undefined) throw new CliError('--scenario scale needs --replicas N');
      return { name, replicas: flags.replicas, ...(flags.scaleAt !== undefined ? { atSecond: flags.scaleAt } : {}) };
    case 'fail-after':
      if (flags.failAfter === undefined) throw new CliError('--scenario fail-after needs --fail-after S');
      return { name, seconds: flags.failAfter };
    case 'pause':
      return {
        name,
        afterNewPods: flags.pauseAfter ?? 1,
        ...(flags.resumeAfter !== undefined ? { resumeAfterSeconds: flags.resumeAfter } : {}),
      };
    case 'rollback':
      return { name, ...(flags.rollbackAt !== undefined ? { afterSeconds: flags.rollbackAt } : {}) };
    case 'node-failure': {
      const start = workload.kind === 'StatefulSet' ? (workload.value.spec?.ordinals?.start ?? 0) : 0;
      return {
        name,
        ordinal: flags.ordinal ?? (Number.isInteger(start) && start >= 0 ? start : 0),
        ...(flags.forceDeleteAfter !== undefined ? { forceDeleteAfterSeconds: flags.forceDeleteAfter } : {}),
      };
    }
    case 'node-added':
    case 'node-removed':
      return { name, ...(flags.at !== undefined ? { atSecond: flags.at } : {}) };
    default:
      return { name };
  }
}

/** `3` or `25%`. */
function intOrPercent(flag: string, value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  if (/^[0-9]+$/.test(value)) return Number(value);
  if (/^[0-9]+%$/.test(value)) return value;
  throw new CliError(`--${flag} must be a non-negative integer or a percentage like 25% (got "${value}")`);
}

function overridesFrom(flags: ReadonlyMap<string, string>): Overrides {
  const o: Overrides = {};
  const maxSurge = intOrPercent('max-surge', flags.get('max-surge'));
  const maxUnavailable = intOrPercent('max-unavailable', flags.get('max-unavailable'));
  const minReadySeconds = nonNegativeInt('min-ready-seconds', flags.get('min-ready-seconds'));
  const partition = nonNegativeInt('partition', flags.get('partition'));
  const policy = flags.get('pod-management-policy');
  if (maxSurge !== undefined) o.maxSurge = maxSurge;
  if (maxUnavailable !== undefined) o.maxUnavailable = maxUnavailable;
  if (minReadySeconds !== undefined) o.minReadySeconds = minReadySeconds;
  if (partition !== undefined) o.partition = partition;
  if (policy !== undefined)
    o.podManagementPolicy = oneOf(
      'pod-management-policy',
      policy,
      ['OrderedReady', 'Parallel'] as const,
      'OrderedReady',
    );
  return o;
}

/** `--updated-pods`, `--unready-old-pods`, `--older-replica-sets`: the starting state (undefined when none is given). */
function startFrom(flags: ReadonlyMap<string, string>): StartingState | undefined {
  const start: StartingState = {};
  const updatedPods = nonNegativeInt('updated-pods', flags.get('updated-pods'));
  const unreadyOldPods = nonNegativeInt('unready-old-pods', flags.get('unready-old-pods'));
  const olderReplicaSets = nonNegativeInt('older-replica-sets', flags.get('older-replica-sets'));
  if (updatedPods !== undefined) start.updatedPods = updatedPods;
  if (unreadyOldPods !== undefined) start.unreadyOldPods = unreadyOldPods;
  if (olderReplicaSets !== undefined) start.olderReplicaSets = olderReplicaSets;
  return Object.keys(start).length > 0 ? start : undefined;
}

const errorCode = (e: unknown): string => (e as { code?: string }).code ?? (e as Error).message;

/**
 * The objects of `text` a preview reads besides the workload: Services and HorizontalPodAutoscalers. parseManifest
 * parses only the documents of checked kinds: big CRD bundles next to a manifest cost a column-0 scan.
 */
function contextIn(text: string): K8sObject[] {
  if (!/\b(Service|HorizontalPodAutoscaler)\b/.test(text)) return [];
  return parseManifest(text).objects.filter((o) => isService(o) || isHorizontalPodAutoscaler(o));
}

/** Services and HPAs of the other YAML files next to `file` (best effort: unreadable files are skipped). */
async function siblingContext(file: string, io: PreviewIo): Promise<K8sObject[]> {
  if (!io.listYamlFiles) return [];
  const dir = path.dirname(file);
  const self = path.resolve(file);
  const siblings = (await io.listYamlFiles(dir)).filter(
    (f) => path.resolve(path.dirname(f)) === path.resolve(dir) && path.resolve(f) !== self,
  );
  const out: K8sObject[] = [];
  for (const f of siblings) {
    try {
      out.push(...contextIn(await io.readFile(f)));
    } catch {
      // unreadable or unparsable neighbour: it cannot provide a Service
    }
  }
  return out;
}

/**
 * `--services <dir|file>`: Services and HPAs of every YAML file under a directory (recursively), or of one file.
 * Errors are usage errors.
 */
async function contextFrom(location: string, io: PreviewIo): Promise<K8sObject[]> {
  const files = io.listYamlFiles ? await io.listYamlFiles(location) : [];
  if (files.length === 0) {
    try {
      return contextIn(await io.readFile(location));
    } catch (e) {
      const code = errorCode(e);
      throw new CliError(
        code === 'EISDIR'
          ? `--services ${location}: no YAML files in that directory`
          : `--services: cannot read ${location}: ${code}`,
      );
    }
  }
  const out: K8sObject[] = [];
  for (const f of files) {
    try {
      out.push(...contextIn(await io.readFile(f)));
    } catch (e) {
      throw new CliError(`--services: cannot read ${f}: ${errorCode(e)}`);
    }
  }
  return out;
}

function pickWorkload(workloads: readonly WorkloadObject[], object: string | undefined, file: string): WorkloadObject {
  if (object !== undefined) {
    const [kind, name] = object.split('/');
    const found = workloads.find((w) => w.kind.toLowerCase() === kind?.toLowerCase() && w.name === name);
    if (!found) throw new CliError(`no ${object} in ${file}`);
    return found;
  }
  if (workloads.length === 0) throw new CliError(`no Deployment, StatefulSet or DaemonSet in ${file}`);
  if (workloads.length > 1) {
    const list = workloads.map((w) => `${w.kind}/${w.name ?? '<unnamed>'}`).join(', ');
    throw new CliError(`${file} has several workloads (${list}); choose one with --object Kind/name`);
  }
  return workloads[0] as WorkloadObject;
}

export async function runPreview(argv: string[], io: PreviewIo): Promise<number> {
  try {
    if (parseArgs(argv, PREVIEW_COMMAND.options).flags.has('help')) {
      io.stdout(commandHelp(PREVIEW_COMMAND));
      return EXIT_OK;
    }
    io.stdout(await preview(argv, io));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CliError || e instanceof SimulationError) {
      io.stderr(`rollout-lens preview: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

async function preview(argv: string[], cliIo: PreviewIo): Promise<string> {
  const args = parseArgs(argv, PREVIEW_COMMAND.options);
  const io = withMaxFileSize(cliIo, args.flags);
  if (args.positionals.length !== 1) throw new CliError('preview needs exactly one file');
  const file = args.positionals[0] as string;
  // A kustomization or chart folder (or --overlay DIR for a base or patch file): preview the rendered objects.
  const input = await renderedInput(args.flags.get('overlay') ?? file, args.flags, io);
  const rendered = input?.text;
  const format = oneOf('format', args.flags.get('format'), ['text', 'json'] as const, 'text');
  const replicas = nonNegativeInt('replicas', args.flags.get('replicas'));
  const flags: ScenarioFlags = {
    replicas,
    failAfter: nonNegativeInt('fail-after', args.flags.get('fail-after')),
    pauseAfter: nonNegativeInt('pause-after', args.flags.get('pause-after')),
    resumeAfter: nonNegativeInt('resume-after', args.flags.get('resume-after')),
    scaleAt: nonNegativeInt('scale-at', args.flags.get('scale-at')),
    rollbackAt: nonNegativeInt('rollback-at', args.flags.get('rollback-at')),
    ordinal: nonNegativeInt('ordinal', args.flags.get('ordinal')),
    forceDeleteAfter: nonNegativeInt('force-delete-after', args.flags.get('force-delete-after')),
    at: nonNegativeInt('at', args.flags.get('at')),
  };
  const nodes = nonNegativeInt('nodes', args.flags.get('nodes'));
  const name = scenarioName(args.flags.get('scenario'), flags);
  if (name === 'scale' && replicas === undefined) throw new CliError('--scenario scale needs --replicas N');
  if (name === 'fail-after' && flags.failAfter === undefined)
    throw new CliError('--scenario fail-after needs --fail-after S');
  const servicesFlag = args.flags.get('services');
  let text: string;
  try {
    text = rendered ?? (await io.readFile(file));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${errorCode(e)}`);
  }
  const manifest = parseManifest(text);
  const workload = pickWorkload(manifest.objects.filter(isWorkload), args.flags.get('object'), file);
  const scenario = scenarioFromFlags(name, flags, workload);
  if (nodes !== undefined && workload.kind !== 'DaemonSet')
    throw new CliError(`--nodes applies to DaemonSets only (${workload.kind}/${workload.name ?? ''})`);
  if (flags.at !== undefined && scenario.name !== 'node-added' && scenario.name !== 'node-removed') {
    throw new CliError('--at applies to the node-added and node-removed scenarios');
  }
  // The workload's folder context: Services (governing Service, SRV records) and the HPA that owns its replicas.
  const context = [
    ...manifest.objects,
    ...(servicesFlag !== undefined
      ? await contextFrom(servicesFlag, io)
      : rendered !== undefined
        ? [] // the rendered overlay or chart holds its Services and HPAs
        : await siblingContext(file, io)),
  ];
  const services: Service[] = context
    .filter(isService)
    .filter((s) => s.namespace === workload.namespace)
    .map((s) => s.value);
  const autoscaler = args.flags.has('no-hpa') ? undefined : autoscalerFor(context, workload);
  const start = startFrom(args.flags);
  const plan = simulate({
    workload: workloadInput(workload),
    scenario,
    overrides: {
      ...overridesFrom(args.flags),
      ...(scenario.name === 'scale' || replicas === undefined ? {} : { replicas }),
      ...(nodes !== undefined ? { nodes } : {}),
    },
    services,
    ...(autoscaler ? { autoscaler } : {}),
    ...(start ? { start } : {}),
  });
  if (format === 'json') return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
  return input?.change ? `${input.change}\n\n${renderText(plan)}` : renderText(plan);
}

/** The rendered objects of a kustomization or chart folder (undefined when `dir` is neither). */
async function renderedInput(
  dir: string,
  flags: ReadonlyMap<string, string>,
  io: PreviewIo,
): Promise<{ text: string; change?: string } | undefined> {
  const abs = path.resolve(io.cwd ?? process.cwd(), dir);
  const readFile = (f: string) => io.readFile(f).catch(() => undefined);
  const timeoutMs = renderTimeoutMs(flags);
  const k = await loadLayout(abs, readFile);
  if (k) {
    const renderer = new KustomizeRenderer({ renderer: processRenderer, readFile });
    const settings = { command: flags.get('kustomize-command') ?? DEFAULT_KUSTOMIZE_COMMAND, timeoutMs };
    const r = await renderer.render(k.entry, k.layout, settings);
    if (!r.ok) throw new CliError(`cannot render ${dir}: ${r.problem.message}`);
    const ref = flags.get('baseline');
    if (ref === undefined) return { text: r.overlay.text };
    // "Will this change roll out?": the overlay rendered at the Git baseline too.
    const base = await renderAtBaseline(k.entry, k.layout, ref, settings, processRenderer);
    if (!base.ok) throw new CliError(`cannot render ${dir} at ${ref}: ${base.problem.message}`);
    const changes = classifyRendered(base.overlay.text, r.overlay.text);
    const wanted = flags.get('object');
    const change = changes.find((c) => wanted === undefined || c.object === wanted) ?? changes[0];
    return {
      text: r.overlay.text,
      ...(change ? { change: `Change since ${ref} (${change.object}): ${change.report.headline}` } : {}),
    };
  }
  const chartText = await readFile(path.join(abs, CHART_FILE));
  if (chartText === undefined) {
    if (flags.has('overlay')) throw new CliError(`--overlay ${dir}: no kustomization.yaml or Chart.yaml there`);
    return undefined;
  }
  const helm = new HelmRenderer({ renderer: processRenderer, readFile, listFiles: listAllFiles });
  const valuesFiles = (flags.get('values') ?? '')
    .split(',')
    .filter((v) => v !== '')
    .map((v) => path.resolve(io.cwd ?? process.cwd(), v));
  const settings = {
    command: flags.get('helm-command') ?? DEFAULT_HELM_COMMAND,
    timeoutMs,
    release: flags.get('release') ?? DEFAULT_RELEASE,
    valuesFiles,
  };
  const r = await helm.render(parseChart(path.join(abs, CHART_FILE), chartText), settings);
  if (!r.ok) throw new CliError(`cannot render ${dir}: ${r.problem.message}`);
  return { text: r.rendered.text };
}

// ---------------------------------------------------------------- text rendering

export function table(rows: string[][]): string[] {
  // A loop, not Math.max(...column): a huge plan has more rows than a call may have arguments.
  const widths = rows[0]?.map((_, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), 0)) ?? [];
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function renderDeployment(plan: DeploymentPlan): string[] {
  const r = plan.resolved;
  return [
    'Replica sets:',
    ...table([
      ['ROLE', 'NAME', 'REVISION', 'EXAMPLE POD'],
      ...plan.replicaSets.map((rs) => [rs.role, rs.name, String(rs.revision), rs.examplePodNames[0] ?? '']),
    ]).map((l) => `  ${l}`),
    '',
    `Events (${r.strategy}, maxSurge ${r.maxSurge}, maxUnavailable ${r.maxUnavailable}):`,
    ...table([
      ['T', 'REASON', 'MESSAGE', 'OLD', 'NEW', 'AVAILABLE', 'TOTAL'],
      ...plan.steps.map((s) => [
        `${s.t}s`,
        s.reason,
        s.message,
        String(s.pods.old),
        String(s.pods.new),
        String(s.pods.available),
        String(s.pods.total),
      ]),
    ]).map((l) => `  ${l}`),
  ];
}

function renderStatefulSet(plan: StatefulSetPlan): string[] {
  return [
    `Pods (governing Service ${plan.serviceName || '<none>'}):`,
    ...table([
      ['ORDINAL', 'NAME', 'FQDN', 'PVCS'],
      ...plan.pods.map((p) => [String(p.ordinal), p.name, p.fqdn, p.pvcs.join(',') || '-']),
    ]).map((l) => `  ${l}`),
    ...(plan.srv.length > 0 ? ['', 'SRV records:', ...plan.srv.map((s) => `  ${s.name} → port ${s.port}`)] : []),
    ...(plan.retainedPvcs.length > 0 ? ['', `Retained PVCs: ${plan.retainedPvcs.join(', ')}`] : []),
    '',
    'Events:',
    ...table([
      ['T', 'ACTION', 'POD', 'REVISION', 'READY', 'TOTAL'],
      ...plan.steps.map((s) => [`${s.t}s`, s.action, s.pod, s.revision, String(s.ready), String(s.total)]),
    ]).map((l) => `  ${l}`),
  ];
}

function renderDaemonSet(plan: DaemonSetPlan): string[] {
  return [
    `Nodes (the pod ${plan.resolved.placement}):`,
    ...table([
      ['NODE', 'PODS'],
      ...plan.nodes.map((n) => [n.name, n.pods.map((p) => `${p.name} (${p.revision})`).join(', ') || '-']),
    ]).map((l) => `  ${l}`),
    '',
    `Controller revisions: ${plan.revisions.map((r) => `${r.name} (${r.revision})`).join(', ')}`,
    '',
    'Events:',
    ...table([
      ['T', 'ACTION', 'NODE', 'POD', 'REVISION', 'OLD', 'NEW', 'AVAILABLE', 'WHY'],
      ...plan.steps.map((s) => [
        `${s.t}s`,
        s.action,
        s.node,
        s.pod,
        s.revision,
        String(s.pods.old),
        String(s.pods.new),
        String(s.pods.available),
        s.why,
      ]),
    ]).map((l) => `  ${l}`),
  ];
}

/** `complete after 12s`, `not complete after 600s`, or `waits forever (stalled at 4s)` (no deadline ends the wait). */
function outcomeWhen(plan: Plan): string {
  const at = `${plan.outcome.durationSeconds}s`;
  if (waitsForever(plan)) return `waits forever (stalled at ${at})`;
  return `${plan.outcome.complete ? 'complete' : 'not complete'} after ${at}`;
}

function renderText(plan: Plan): string {
  const lines = [
    `${plan.kind} ${plan.namespace}/${plan.name} — scenario ${plan.scenario.name}`,
    '',
    'Resolved:',
    ...plan.resolved.explanations.map((e) => `  ${e}`),
    '',
    ...(plan.kind === 'Deployment'
      ? renderDeployment(plan)
      : plan.kind === 'StatefulSet'
        ? renderStatefulSet(plan)
        : renderDaemonSet(plan)),
    '',
    'Timeline:',
    ...plan.timeline.map((e) => `  ${e.t}s  ${e.message}`),
    '',
    `Outcome: ${outcomeWhen(plan)} (${plan.outcome.condition ?? 'no condition'}): ${plan.outcome.message}`,
    '',
    ...plan.notes.map((n) => `Note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
