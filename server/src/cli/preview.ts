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
 * `--services`, that file or every YAML file under that directory (recursively). All reading happens here.
 *
 * The plan comes from the one preview pipeline (`shared/src/preview/pipeline.ts` `previewPlan`, as in the panel):
 * the flags become a what-if (the scenario, parameter and field tables of `shared/src/preview/whatIf.ts` give the
 * flags, their checks and the usage text), the files read become a workspace index and the workload's context
 * (`../previewContext.ts`, as in the language server). JSON output is `planToJson(plan)`; text output is an
 * event table like `kubectl describe`; this file only formats.
 * Usage and I/O problems: one line on stderr, exit 2.
 */
import * as path from 'node:path';
import { isWorkload, type WorkloadObject } from '../../../shared/src/manifest';
import { manifestFacts, previewPlan } from '../../../shared/src/preview/pipeline';
import { isRejected, timelineWithAvailability, waitsForever } from '../../../shared/src/preview/viewModel';
import { namesCaveat } from '../../../shared/src/preview/podGrid';
import {
  DEFAULT_SCENARIO,
  fieldApplies,
  intOrStringFromInput,
  isCount,
  MAX_COUNT,
  paramsOf,
  SCENARIO_PARAM_TABLE,
  SCENARIO_PARAMS,
  SCENARIOS,
  scenarioUsage,
  WHAT_IF_FIELD_ROWS,
  type WhatIf,
} from '../../../shared/src/preview/whatIf';
import {
  planToJson,
  SimulationError,
  type DaemonSetPlan,
  type DeploymentPlan,
  type Plan,
  type ScenarioName,
  type StatefulSetPlan,
} from '../../../shared/src/sim';
import { pathToUri } from '../fileSystem';
import { kubernetesVersionFrom } from '../../../shared/src/settings';
import { workspaceContext } from '../previewContext';
import { eachReadAhead } from '../readAhead';
import { WorkspaceIndex } from '../workspace';
import { HELP_OPTION, MAX_FILE_SIZE_OPTION, commandHelp, oneOf, parseArgs, withMaxFileSize } from './args';
import type { CommandSpec, OptionSpec } from './args';
import { RENDER_OPTIONS, renderTimeoutMs } from './lint';
import { loadLayout } from '../render/kustomization';
import { DEFAULT_KUSTOMIZE_COMMAND, KustomizeRenderer } from '../render/kustomize';
import { CHART_FILE, DEFAULT_HELM_COMMAND, DEFAULT_RELEASE, HelmRenderer, parseChart } from '../render/helm';
import { processRenderer } from '../render/renderer';
import { listAllFiles } from '../render/workspaceRender';
import { chartAtBaseline, classifyRendered, renderAtBaseline } from '../render/baseline';
import type { ObjectChange } from '../render/baseline';
import { CliError, EXIT_OK, EXIT_USAGE, type CliIo } from './io';

/** `Deployments and StatefulSets`. */
function kindsText(kinds: readonly string[]): string {
  return kinds.map((k) => `${k}s`).join(' and ');
}

/** One option per scenario parameter and what-if field (a flag shared by both, `--replicas`, once). */
const WHAT_IF_OPTIONS: readonly OptionSpec[] = [
  ...WHAT_IF_FIELD_ROWS.map((f) => ({
    name: f.flag,
    type: 'string' as const,
    value: f.flagValue,
    help: [
      f.group === 'manifest'
        ? `What-if: ${f.hint}`
        : f.group === 'start'
          ? `Starting state: t${f.hint.slice(1)}`
          : f.hint,
      f.kinds.length < 3 ? `(${kindsText(f.kinds)})` : '',
      ...SCENARIO_PARAM_TABLE.filter((p) => p.flag === f.flag).map(
        (p) => `With --scenario ${p.scenarios[0]}: ${p.hint}`,
      ),
    ]
      .filter(Boolean)
      .join(' '),
  })),
  ...SCENARIO_PARAM_TABLE.filter((p) => !WHAT_IF_FIELD_ROWS.some((f) => f.flag === p.flag)).map((p) => ({
    name: p.flag,
    type: 'string' as const,
    value: p.flagValue,
    help: `${p.hint} (${p.scenarios.join(', ')})`,
  })),
];

/** The options of `rollout-lens preview`, one row each (parsing and --help come from this table). */
export const PREVIEW_COMMAND: CommandSpec = {
  name: 'preview',
  positionals: '<file|kustomization dir|chart dir>',
  summary:
    "Simulates what the Deployment, StatefulSet or DaemonSet controller does when the file's workload is applied.",
  options: [
    { name: 'format', short: 'f', type: 'string', value: 'text|json', help: 'Output format (default text).' },
    { name: 'object', type: 'string', value: 'Kind/name', help: 'The workload to preview when the file has several.' },
    {
      name: 'scenario',
      type: 'string',
      value: 'NAME',
      help: `One of ${SCENARIOS.join(', ')} (default ${DEFAULT_SCENARIO}).`,
    },
    // The scenario parameters and the what-if fields: one option per table row (shared/src/preview/whatIf.ts).
    ...WHAT_IF_OPTIONS,
    {
      name: 'services',
      type: 'string',
      value: 'DIR|FILE',
      help: 'Where to find Services (default: the file and its folder).',
    },
    {
      name: 'kubernetes-version',
      type: 'string',
      value: '1.NN',
      help: 'Target Kubernetes version for version-dependent controller behaviour (default: the newest supported).',
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
      help: 'Render the overlay or chart at Git REF too: does the change roll out?',
    },
    ...RENDER_OPTIONS.filter((o) => o.name !== 'no-render'),
    MAX_FILE_SIZE_OPTION,
    HELP_OPTION,
  ],
  details: [
    ...scenarioUsage(),
    'Services (governing Service, SRV records) and a HorizontalPodAutoscaler that targets the workload are read',
    'from <file> and the other YAML files of its directory, or from --services (a file, or every YAML file under a',
    'directory). Under an HPA the preview starts from its minReplicas; --replicas N is a what-if count in its range.',
    '--updated-pods, --unready-old-pods and --older-replica-sets start from a cluster that is not all healthy',
    'at the previous revision.',
    'A kustomization or chart folder (or --overlay DIR with a base or patch file) is previewed as rendered.',
    'Exit codes: 0 a plan was printed, whatever its outcome (one the API server rejects included: `lint` is the',
    'check that fails on rejections); 2 usage or I/O error, or an input the simulator cannot run (an invalid',
    'rollingUpdate value, a scenario that does not apply).',
  ].join('\n'),
};

/**
 * The CLI I/O plus a YAML-file lister (`nodeFileSystem.listYamlFiles`: recursive, sorted); without it only the
 * previewed file is searched for Services.
 */
export type PreviewIo = CliIo & { listYamlFiles?: (dir: string) => Promise<string[]>; cwd?: string };

function nonNegativeInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new CliError(`--${flag} must be a non-negative integer (got "${value}")`);
  const n = Number(value);
  if (!isCount(n)) throw new CliError(`--${flag} must be at most ${MAX_COUNT} (the API's int32 limit; got ${value})`);
  return n;
}

/** A flag's `3` or `25%` (`intOrStringFromInput`, as the panel reads its input), else a usage error. */
function intOrPercentFlag(flag: string, value: string): string {
  if (intOrStringFromInput(value) === undefined || value.trim() !== value)
    throw new CliError(`--${flag} must be a non-negative integer or a percentage like 25% (got "${value}")`);
  return value;
}

/** What the flags of the tables gave: the what-if, and the flags given per field (checked against the workload). */
interface FlagsWhatIf {
  readonly whatIf: WhatIf;
  readonly fields: readonly (typeof WHAT_IF_FIELD_ROWS)[number][];
}

/**
 * The what-if of the flags (the same what-if the panel sends): `--scenario`, else the one its parameter flags imply,
 * else the default; each parameter and field from its table row. `--replicas` is the target of `scale`, otherwise
 * the replicas field. Parameters with no CLI default (`cliRequired`) must be given for their scenario.
 */
function whatIfFromFlags(flags: ReadonlyMap<string, string>): FlagsWhatIf {
  const given = SCENARIO_PARAM_TABLE.filter((p) => flags.has(p.flag));
  const implying = given.filter((p) => p.impliesScenario);
  const implied = [...new Set(implying.map((p) => p.scenarios[0] as ScenarioName))];
  const explicit = flags.get('scenario');
  if (explicit === undefined && implied.length > 1) {
    throw new CliError(
      `${implying.map((p) => `--${p.flag}`).join(' and ')} belong to different scenarios (${implied.join(', ')}); choose one`,
    );
  }
  const scenario = oneOf('scenario', explicit, SCENARIOS, implied[0] ?? DEFAULT_SCENARIO);
  const whatIf: WhatIf = { scenario };
  const set = whatIf as Record<string, unknown>;
  for (const p of SCENARIO_PARAM_TABLE) {
    const v = nonNegativeInt(p.flag, flags.get(p.flag));
    if (p.scenarios.includes(scenario)) {
      if (v !== undefined) set[p.param] = String(v);
      else if (p.cliRequired) throw new CliError(`--scenario ${scenario} needs --${p.flag} ${p.flagValue}`);
    } else if (v !== undefined && !WHAT_IF_FIELD_ROWS.some((f) => f.flag === p.flag)) {
      throw new CliError(
        p.scenarios.length === 1
          ? `--${p.flag} only applies to the ${p.scenarios[0]} scenario (got --scenario ${scenario})`
          : `--${p.flag} applies to the ${p.scenarios.join(' and ')} scenarios`,
      );
    }
  }
  const fields: (typeof WHAT_IF_FIELD_ROWS)[number][] = [];
  for (const f of WHAT_IF_FIELD_ROWS) {
    const raw = flags.get(f.flag);
    // A flag that is a parameter of the chosen scenario (`--replicas` of scale) is not also the field.
    if (raw === undefined || paramsOf(scenario).some((p) => SCENARIO_PARAMS[p].flag === f.flag)) continue;
    fields.push(f);
    if (f.type === 'count') set[f.field] = nonNegativeInt(f.flag, raw);
    else if (f.type === 'intOrPercent') set[f.field] = intOrPercentFlag(f.flag, raw);
    else set[f.field] = oneOf(f.flag, raw, f.choices ?? [], raw);
  }
  return { whatIf, fields };
}

const errorCode = (e: unknown): string => (e as { code?: string }).code ?? (e as Error).message;

/** A file that may hold a Service or an HPA (a cheap test: the others cannot contribute to the plan). */
const mayHoldContext = (text: string): boolean => /\b(Service|HorizontalPodAutoscaler)\b/.test(text);

/** The other YAML files next to `file` (not subdirectories). */
async function siblingFiles(file: string, io: PreviewIo): Promise<string[]> {
  if (!io.listYamlFiles) return [];
  const dir = path.dirname(file);
  const self = path.resolve(file);
  return (await io.listYamlFiles(dir)).filter(
    (f) => path.resolve(path.dirname(f)) === path.resolve(dir) && path.resolve(f) !== self,
  );
}

/** `--services <dir|file>`: every YAML file under a directory (recursively), or the one file. */
async function contextFiles(location: string, io: PreviewIo): Promise<string[]> {
  const files = io.listYamlFiles ? await io.listYamlFiles(location) : [];
  return files.length > 0 ? files : [location];
}

/**
 * Reads the context files into the index (Services and HPAs only matter). An unreadable neighbour is skipped; an
 * unreadable `--services` file is a usage error.
 */
async function indexContextFiles(
  index: WorkspaceIndex,
  files: readonly string[],
  io: PreviewIo,
  servicesFlag: string | undefined,
): Promise<void> {
  await eachReadAhead(
    files,
    (f) => io.readFile(f),
    async (f, read) => {
      let text: string;
      try {
        text = await read;
      } catch (e) {
        if (servicesFlag === undefined) return; // an unreadable neighbour cannot provide a Service
        const code = errorCode(e);
        throw new CliError(
          code === 'EISDIR'
            ? `--services ${servicesFlag}: no YAML files in that directory`
            : `--services: cannot read ${f}: ${code}`,
        );
      }
      if (mayHoldContext(text))
        index.update(pathToUri(path.resolve(io.cwd ?? process.cwd(), f)), text, { keepNodes: false });
    },
  );
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
  const { whatIf, fields } = whatIfFromFlags(args.flags);
  const servicesFlag = args.flags.get('services');
  let text: string;
  try {
    text = rendered ?? (await io.readFile(file));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${errorCode(e)}`);
  }
  // The workspace the plan sees: the previewed file, and its folder or the --services files, in a workspace index;
  // the workload's context (Services, HPA) comes from it as in the language server (../previewContext.ts).
  const index = new WorkspaceIndex();
  const uri = pathToUri(path.resolve(io.cwd ?? process.cwd(), file));
  const manifest = index.update(uri, text).file.manifest;
  const workload = pickWorkload(manifest.objects.filter(isWorkload), args.flags.get('object'), file);
  const facts = manifestFacts(workload);
  for (const f of fields) {
    if (!(f.kinds as readonly string[]).includes(workload.kind))
      throw new CliError(`--${f.flag} applies to ${kindsText(f.kinds)} only (${workload.kind}/${workload.name ?? ''})`);
    if (!fieldApplies(f.field, facts)) throw new CliError(`--${f.flag} does not apply here: ${f.hint}`);
  }
  const others =
    servicesFlag !== undefined
      ? await contextFiles(servicesFlag, io)
      : rendered !== undefined
        ? [] // the rendered overlay or chart holds its Services and HPAs
        : await siblingFiles(file, io);
  await indexContextFiles(index, others, io, servicesFlag);
  const kv = args.flags.get('kubernetes-version');
  const kubernetesVersion = kv === undefined ? undefined : kubernetesVersionFrom(kv);
  if (kv !== undefined && !kubernetesVersion)
    throw new CliError(`--kubernetes-version must look like 1.33 (got "${kv}")`);
  const context = workspaceContext(index, uri, workload, {
    hpa: !args.flags.has('no-hpa'),
    ...(kubernetesVersion ? { kubernetesVersion } : {}),
  });
  const r = previewPlan(workload, context, whatIf);
  const problem = r.settings.errors[0];
  if (problem !== undefined) throw new CliError(problem.replace(/ \(using [^)]*\)$/, ''));
  if (r.internal !== undefined) throw r.internal;
  if (!r.plan) throw new CliError(r.error ?? 'the simulator returned no plan');
  const plan = r.plan;
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
    return { text: r.overlay.text, ...changeLine(classifyRendered(base.overlay.text, r.overlay.text), ref, flags) };
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
  const chart = parseChart(path.join(abs, CHART_FILE), chartText);
  const r = await helm.render(chart, settings);
  if (!r.ok) throw new CliError(`cannot render ${dir}: ${r.problem.message}`);
  const ref = flags.get('baseline');
  if (ref === undefined) return { text: r.rendered.text };
  // "Will this change roll out?": the chart rendered at the Git baseline too.
  const base = await chartAtBaseline(chart, ref, settings, processRenderer, listAllFiles);
  if (!base.ok) throw new CliError(`cannot render ${dir} at ${ref}: ${base.problem.message}`);
  return { text: r.rendered.text, ...changeLine(classifyRendered(base.rendered.text, r.rendered.text), ref, flags) };
}

/** The first line of a rendered preview with `--baseline`: the change of the chosen (or first) workload. */
function changeLine(
  changes: readonly ObjectChange[],
  ref: string,
  flags: ReadonlyMap<string, string>,
): { change?: string } {
  const wanted = flags.get('object');
  const change = changes.find((c) => wanted === undefined || c.object === wanted) ?? changes[0];
  return change ? { change: `Change since ${ref} (${change.object}): ${change.report.headline}` } : {};
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
    `  (${namesCaveat('Deployment')})`,
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
    `  (${namesCaveat('StatefulSet')})`,
    ...table([
      ['ORDINAL', 'NAME', 'FQDN', 'PVCS'],
      ...plan.pods.map((p) => [String(p.ordinal), p.name, p.fqdn, p.pvcs.join(',') || '-']),
    ]).map((l) => `  ${l}`),
    ...(plan.srv.length > 0
      ? ['', 'SRV records:', ...plan.srv.map((s) => `  ${s.name} → port ${s.port}: ${s.targets.join(', ')}`)]
      : []),
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
    `  (${namesCaveat('DaemonSet')})`,
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

/**
 * `complete after 12s`, `not complete after 600s`, `waits forever (stalled at 4s)` (no deadline ends the wait), or
 * `rollback failed at 0s`.
 */
function outcomeWhen(plan: Plan): string {
  const at = `${plan.outcome.durationSeconds}s`;
  if (waitsForever(plan)) return `waits forever (stalled at ${at})`;
  // kubectl rollout undo failed: nothing was rolled back, so "not complete" would misread it.
  if (plan.outcome.condition === 'RollbackFailed') return `rollback failed at ${at}`;
  return `${plan.outcome.complete ? 'complete' : 'not complete'} after ${at}`;
}

function renderText(plan: Plan): string {
  if (isRejected(plan)) {
    // Not simulated: no tables or duration, only why (the what-if values are in the reason).
    const rejected = [
      `${plan.kind} ${plan.namespace}/${plan.name} — scenario ${plan.scenario.name}`,
      '',
      `Outcome: ${plan.outcome.message}`,
    ];
    return `${rejected.join('\n')}\n`;
  }
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
    // The pods becoming available between controller actions too (the panel's PodsAvailable/PodsReady rows).
    ...timelineWithAvailability(plan).map((e) => `  ${e.t}s  ${e.message}`),
    '',
    `Outcome: ${outcomeWhen(plan)} (${plan.outcome.condition ?? 'no condition'}): ${plan.outcome.message}`,
    '',
    ...plan.notes.map((n) => `Note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
