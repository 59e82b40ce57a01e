/**
 * The pod timing model — the ONE place that decides when simulated pods change state.
 *
 * A pod created at time `c` (seconds; every controller reacts instantly, there is no sync latency):
 *
 * | Moment          | Time                                                                     | Source |
 * |-----------------|--------------------------------------------------------------------------|--------|
 * | Running         | `c + podStartSeconds` (scheduling, image pull, container start; default 2) | assumption, overridable |
 * | Ready           | Running + `initialDelaySeconds` + (`successThreshold` − 1) × `periodSeconds` of the slowest container's readinessProbe; without a probe, Ready = Running | kubelet prober: first probe after the initial delay, Ready after `successThreshold` consecutive successes |
 * | Available       | Ready when `minReadySeconds` = 0, else Ready + `minReadySeconds` + 1       | §2.2: available only when `readyTime + minReadySeconds < now` (strict); timestamps have whole seconds, so the first such second is +1 |
 * | Gone (deleted)  | deletion + min(`shutdownSeconds`, `terminationGracePeriodSeconds`)          | the kubelet kills the container when the grace period (template value, default 30) ends; `shutdownSeconds` (default 2) is how long the app takes to exit on SIGTERM |
 *
 * Probe fields default as in the API: initialDelaySeconds 0, periodSeconds 10, successThreshold 1.
 * Node failure (StatefulSet `node-failure` scenario): the pod turns NotReady `nodeMonitorGracePeriodSeconds`
 * (default 40) after the node is lost and is marked for deletion `tolerationSeconds` (default 300) later; it then
 * stays Terminating until it is force-deleted, because the kubelet never confirms the deletion.
 *
 * Every field can be overridden through `SimulationInput.timing`; `readinessProbe: null` means "no probe".
 */
import type { PodTemplateSpec, Probe } from 'kubernetes-types/core/v1';

/** How pods of one template behave after they start (the scenario decides; shared by every controller). */
export type PodHealth = { kind: 'healthy' } | { kind: 'never-ready' } | { kind: 'fail-after'; seconds: number };

/** The health of the file's template in a scenario: `fail` never Ready, `fail-after` Ready then crash-looping. */
export function scenarioHealth(scenario: { name: string; seconds?: number }): PodHealth {
  if (scenario.name === 'fail') return { kind: 'never-ready' };
  if (scenario.name === 'fail-after') return { kind: 'fail-after', seconds: scenario.seconds ?? 0 };
  return { kind: 'healthy' };
}

export interface ReadinessTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  successThreshold: number;
}

export interface TimingModel {
  podStartSeconds: number;
  /** The effective readiness probe; `null` = no probe (Ready as soon as Running). Defaults to the template's. */
  readinessProbe: ReadinessTiming | null;
  shutdownSeconds: number;
  /** Defaults to the template's `terminationGracePeriodSeconds`, else 30. */
  terminationGracePeriodSeconds: number;
  nodeMonitorGracePeriodSeconds: number;
  tolerationSeconds: number;
}

export const DEFAULT_POD_START_SECONDS = 2;
export const DEFAULT_SHUTDOWN_SECONDS = 2;
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS = 40;
export const DEFAULT_TOLERATION_SECONDS = 300;

function probeTiming(p: Probe): ReadinessTiming {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds ?? 10,
    successThreshold: p.successThreshold ?? 1,
  };
}

const readinessDelay = (p: ReadinessTiming | null): number =>
  p === null ? 0 : p.initialDelaySeconds + (p.successThreshold - 1) * p.periodSeconds;

/** The slowest container's readiness probe decides when the pod is Ready. */
function templateReadiness(template: PodTemplateSpec | undefined): ReadinessTiming | null {
  const probes = (template?.spec?.containers ?? []).flatMap((c) => (c.readinessProbe ? [probeTiming(c.readinessProbe)] : []));
  return probes.reduce<ReadinessTiming | null>((slowest, p) => (readinessDelay(p) > readinessDelay(slowest) ? p : slowest), null);
}

/** The timing model for a template, with explicit overrides applied last. */
export function resolveTiming(template: PodTemplateSpec | undefined, overrides: Partial<TimingModel> = {}): TimingModel {
  return {
    podStartSeconds: DEFAULT_POD_START_SECONDS,
    readinessProbe: templateReadiness(template),
    shutdownSeconds: DEFAULT_SHUTDOWN_SECONDS,
    terminationGracePeriodSeconds: template?.spec?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    nodeMonitorGracePeriodSeconds: DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS,
    tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
    ...overrides,
  };
}

/** Seconds from creation until a pod is Ready. */
export function secondsToReady(timing: TimingModel): number {
  return timing.podStartSeconds + readinessDelay(timing.readinessProbe);
}

/** Seconds from Ready until the pod counts as available (§2.2, strict comparison). */
export function secondsReadyToAvailable(minReadySeconds: number): number {
  return minReadySeconds === 0 ? 0 : minReadySeconds + 1;
}

/** Seconds from a delete call until the pod object is gone. */
export function secondsToGone(timing: TimingModel): number {
  return Math.min(timing.shutdownSeconds, timing.terminationGracePeriodSeconds);
}
