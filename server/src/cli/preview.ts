/**
 * `rollout-lens preview`: simulates the rollout of one Deployment or StatefulSet from a manifest file.
 *
 *   rollout-lens preview [--format text|json] [--object Kind/name] [--scenario NAME] [--replicas N] [--fail-after S] <file>
 *
 * JSON output is `planToJson(simulate(…))`; text output is an event table like `kubectl describe`.
 * Usage and I/O problems: one line on stderr, exit 2.
 */
import { isService, isWorkload, parseManifest, type WorkloadObject } from '../../../shared/src/manifest';
import { planToJson, simulate, SimulationError, type DeploymentPlan, type Plan, type Scenario, type ScenarioName, type StatefulSetPlan } from '../../../shared/src/sim';
import { oneOf, parseArgs } from './args';
import { CliError, EXIT_OK, EXIT_USAGE, type CliIo } from './io';

const SCENARIO_NAMES: readonly ScenarioName[] = ['create', 'update', 'scale', 'fail', 'fail-after', 'pause', 'rollback', 'node-failure'];

function nonNegativeInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new CliError(`--${flag} must be a non-negative integer (got "${value}")`);
  return Number(value);
}

/** Scenario from the flags: `--fail-after S` implies the fail-after scenario; `--replicas` is the scale target. */
function scenarioFromFlags(name: ScenarioName, replicas: number | undefined, failAfter: number | undefined): Scenario {
  if (failAfter !== undefined && name !== 'fail-after') throw new CliError(`--fail-after only applies to the fail-after scenario (got --scenario ${name})`);
  switch (name) {
    case 'scale':
      if (replicas === undefined) throw new CliError('--scenario scale needs --replicas N');
      return { name, replicas };
    case 'fail-after':
      if (failAfter === undefined) throw new CliError('--scenario fail-after needs --fail-after S');
      return { name, seconds: failAfter };
    case 'pause':
      return { name, afterNewPods: 1 };
    case 'node-failure':
      return { name, ordinal: 0 };
    default:
      return { name };
  }
}

function pickWorkload(workloads: readonly WorkloadObject[], object: string | undefined, file: string): WorkloadObject {
  if (object !== undefined) {
    const [kind, name] = object.split('/');
    const found = workloads.find((w) => w.kind.toLowerCase() === kind?.toLowerCase() && w.name === name);
    if (!found) throw new CliError(`no ${object} in ${file}`);
    return found;
  }
  if (workloads.length === 0) throw new CliError(`no Deployment or StatefulSet in ${file}`);
  if (workloads.length > 1) {
    const list = workloads.map((w) => `${w.kind}/${w.name ?? '<unnamed>'}`).join(', ');
    throw new CliError(`${file} has several workloads (${list}); choose one with --object Kind/name`);
  }
  return workloads[0] as WorkloadObject;
}

export async function runPreview(argv: string[], io: CliIo): Promise<number> {
  try {
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

async function preview(argv: string[], io: CliIo): Promise<string> {
  const args = parseArgs(argv, ['format', 'object', 'scenario', 'replicas', 'fail-after']);
  if (args.positionals.length !== 1) throw new CliError('preview needs exactly one file');
  const file = args.positionals[0] as string;
  const format = oneOf('format', args.flags.get('format'), ['text', 'json'] as const, 'text');
  const failAfter = nonNegativeInt('fail-after', args.flags.get('fail-after'));
  const replicas = nonNegativeInt('replicas', args.flags.get('replicas'));
  const scenarioName = oneOf('scenario', args.flags.get('scenario'), SCENARIO_NAMES, failAfter !== undefined ? 'fail-after' : 'update');
  const scenario = scenarioFromFlags(scenarioName, replicas, failAfter);
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as { code?: string }).code ?? (e as Error).message}`);
  }
  const manifest = parseManifest(text);
  const workload = pickWorkload(manifest.objects.filter(isWorkload), args.flags.get('object'), file);
  const services = manifest.objects.filter(isService).filter((s) => s.namespace === workload.namespace).map((s) => s.value);
  const plan = simulate({
    workload: workload.kind === 'Deployment'
      ? { kind: 'Deployment', value: workload.value, namespace: workload.namespace }
      : { kind: 'StatefulSet', value: workload.value, namespace: workload.namespace },
    scenario,
    overrides: scenario.name === 'scale' || replicas === undefined ? {} : { replicas },
    services,
  });
  return format === 'json' ? `${JSON.stringify(planToJson(plan), null, 2)}\n` : renderText(plan);
}

// ---------------------------------------------------------------- text rendering

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

function renderDeployment(plan: DeploymentPlan): string[] {
  const r = plan.resolved;
  return [
    'Replica sets:',
    ...table([['ROLE', 'NAME', 'REVISION', 'EXAMPLE POD'], ...plan.replicaSets.map((rs) => [rs.role, rs.name, String(rs.revision), rs.examplePodNames[0] ?? ''])]).map((l) => `  ${l}`),
    '',
    `Events (${r.strategy}, maxSurge ${r.maxSurge}, maxUnavailable ${r.maxUnavailable}):`,
    ...table([
      ['T', 'REASON', 'MESSAGE', 'OLD', 'NEW', 'AVAILABLE', 'TOTAL'],
      ...plan.steps.map((s) => [`${s.t}s`, s.reason, s.message, String(s.pods.old), String(s.pods.new), String(s.pods.available), String(s.pods.total)]),
    ]).map((l) => `  ${l}`),
  ];
}

function renderStatefulSet(plan: StatefulSetPlan): string[] {
  return [
    `Pods (governing Service ${plan.serviceName || '<none>'}):`,
    ...table([['ORDINAL', 'NAME', 'FQDN', 'PVCS'], ...plan.pods.map((p) => [String(p.ordinal), p.name, p.fqdn, p.pvcs.join(',') || '-'])]).map((l) => `  ${l}`),
    ...(plan.srv.length > 0 ? ['', 'SRV records:', ...plan.srv.map((s) => `  ${s.name} → port ${s.port}`)] : []),
    ...(plan.retainedPvcs.length > 0 ? ['', `Retained PVCs: ${plan.retainedPvcs.join(', ')}`] : []),
    '',
    'Events:',
    ...table([['T', 'ACTION', 'POD', 'REVISION', 'READY', 'TOTAL'], ...plan.steps.map((s) => [`${s.t}s`, s.action, s.pod, s.revision, String(s.ready), String(s.total)])]).map(
      (l) => `  ${l}`,
    ),
  ];
}

function renderText(plan: Plan): string {
  const lines = [
    `${plan.kind} ${plan.namespace}/${plan.name} — scenario ${plan.scenario.name}`,
    '',
    'Resolved:',
    ...plan.resolved.explanations.map((e) => `  ${e}`),
    '',
    ...(plan.kind === 'Deployment' ? renderDeployment(plan) : renderStatefulSet(plan)),
    '',
    'Timeline:',
    ...plan.timeline.map((e) => `  ${e.t}s  ${e.message}`),
    '',
    `Outcome: ${plan.outcome.complete ? 'complete' : 'not complete'} after ${plan.outcome.durationSeconds}s (${plan.outcome.condition ?? 'no condition'}): ${plan.outcome.message}`,
    '',
    ...plan.notes.map((n) => `Note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
