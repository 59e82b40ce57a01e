/**
 * The pod lifecycle timing model — the ONE place that decides when simulated pods change state. Every
 * controller simulator (Deployment, StatefulSet, DaemonSet) uses it through this API:
 *
 * - `resolveTiming(template, overrides)` → `TimingModel` (from the pod spec, assumptions filled in);
 * - `secondsToRunning`, `secondsToReady`, `secondsReadyToAvailable(minReadySeconds)`, `secondsToGone`;
 * - `timingNotes(model)` → the sentences that state every assumed duration (shown in the plan's notes);
 * - `nodeMonitorGracePeriodSeconds(version)`.
 *
 * A pod created at time `c` (seconds; every controller reacts instantly, there is no sync latency):
 *
 * | Moment    | Time | Source |
 * |-----------|------|--------|
 * | Running   | `c + imagePullSeconds + containerStartSeconds` | ASSUMED (defaults 0 s: image already on the node; 2 s), overridable |
 * | Started   | Running + startupProbe `initialDelaySeconds` (the app is assumed to pass its first startup probe); at most `initialDelaySeconds + periodSeconds × failureThreshold`, after which the kubelet restarts the container | `pkg/kubelet/prober/worker.go` `doProbe`: a probe is skipped while the container has run less than `initialDelaySeconds`; readiness and liveness probes are skipped until the startup probe succeeded |
 * | Ready     | Started, then the first readiness probe at or after both `initialDelaySeconds` and Started (probes every `periodSeconds` from `initialDelaySeconds`), plus (`successThreshold` − 1) × `periodSeconds`; without a readinessProbe Ready = Started. The slowest container decides | `doProbe`, `pkg/kubelet/prober/prober_manager.go` `UpdatePodStatus` (no probe → ready once started) |
 * | Available | Ready when `minReadySeconds` = 0, else Ready + `minReadySeconds` + 1 | `pkg/api/v1/pod/util.go` `IsPodAvailable`: `readyTime + minReadySeconds < now` (strict); whole seconds, so +1 |
 * | Gone      | deletion + preStop (bounded by the grace period) + min(`shutdownSeconds`, max(2, grace − preStop)) | `pkg/kubelet/kuberuntime/kuberuntime_container.go` `killContainer`: the preStop hook runs first, bounded by `terminationGracePeriodSeconds` (default 30); its time is subtracted from the grace period, floored at `minimumGracePeriodInSeconds` = 2; then SIGTERM, SIGKILL when the rest of the grace period ends |
 *
 * preStop: `sleep.seconds` is exact; an `exec` or `httpGet` hook takes an unknown time: ASSUMED
 * `ASSUMED_PRESTOP_HOOK_SECONDS`. The app's exit after SIGTERM: ASSUMED `shutdownSeconds` (default 2).
 * Probe fields default as in the API (`SetDefaults_Probe`): initialDelaySeconds 0, periodSeconds 10,
 * successThreshold 1, failureThreshold 3.
 *
 * Node failure: the node controller marks a node's pods NotReady `node-monitor-grace-period` after its last
 * heartbeat — 50 s from Kubernetes 1.32, 40 s before (`pkg/controller/nodelifecycle`, kube-controller-manager
 * flag default) — and taint-based eviction deletes them `tolerationSeconds` (300, added by the
 * DefaultTolerationSeconds admission plugin) later; the pod then stays Terminating until force-deleted,
 * because the kubelet never confirms the deletion.
 *
 * Every field can be overridden through `SimulationInput.timing`; `readinessProbe: null` means "no probe".
 */
import type { Container, Lifecycle, PodTemplateSpec, Probe } from 'kubernetes-types/core/v1';

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

export interface StartupTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  failureThreshold: number;
}

export interface TimingModel {
  /** ASSUMED: image pull before the container can start (default 0: the image is already on the node). */
  imagePullSeconds: number;
  /** ASSUMED: container creation and start once the image is there (default 2). */
  containerStartSeconds: number;
  /** Creation → Running. Defaults to `imagePullSeconds + containerStartSeconds`. */
  podStartSeconds: number;
  /** The startup probe of the slowest container; `null` = none (started as soon as Running). */
  startupProbe: StartupTiming | null;
  /** The effective readiness probe; `null` = no probe (Ready as soon as started). Defaults to the template's. */
  readinessProbe: ReadinessTiming | null;
  /** preStop hook duration (longest container): `sleep.seconds`, or ASSUMED for exec/httpGet, 0 without a hook. */
  preStopSeconds: number;
  /** Whether `preStopSeconds` is the assumption for an exec/httpGet hook (shown in the notes). */
  preStopAssumed: boolean;
  /** ASSUMED: how long the app takes to exit on SIGTERM (default 2). */
  shutdownSeconds: number;
  /** Defaults to the template's `terminationGracePeriodSeconds`, else 30. */
  terminationGracePeriodSeconds: number;
  nodeMonitorGracePeriodSeconds: number;
  tolerationSeconds: number;
  /**
   * ASSUMED (within a known range): node deleted → its pods force-deleted by the pod garbage collector. Default
   * `POD_GC_QUARANTINE_SECONDS + POD_GC_CHECK_PERIOD_SECONDS` (60, the latest); it happens 40–60 s after.
   */
  orphanPodGcSeconds: number;
}

/** ASSUMED default: the image is already on the node (pull policy IfNotPresent, image cached). */
export const DEFAULT_IMAGE_PULL_SECONDS = 0;
/** ASSUMED default: container creation and start. */
export const DEFAULT_CONTAINER_START_SECONDS = 2;
/** ASSUMED default: the app's exit after SIGTERM. */
export const DEFAULT_SHUTDOWN_SECONDS = 2;
/** ASSUMED: an `exec` or `httpGet` preStop hook takes this long (its real duration is unknown). */
export const ASSUMED_PRESTOP_HOOK_SECONDS = 5;
/** `SetDefaults_PodSpec`: terminationGracePeriodSeconds 30. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** `killContainer`: `minimumGracePeriodInSeconds` — SIGTERM always gets at least 2 s before SIGKILL. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;
/** kube-controller-manager `--node-monitor-grace-period` default from 1.32 (40 s before). */
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS = 50;
export const NODE_MONITOR_GRACE_PERIOD_BEFORE_1_32_SECONDS = 40;
/** DefaultTolerationSeconds admission plugin: `node.kubernetes.io/unreachable:NoExecute` for 300 s. */
export const DEFAULT_TOLERATION_SECONDS = 300;
/**
 * `pkg/controller/podgc/gc_controller.go`: `gc` runs every `gcCheckPeriod` (20 s); `gcOrphaned` puts the node of a
 * pod bound to a missing node in a queue for `quarantineTime` (40 s), and the first pass after that confirms the
 * node is gone (GET) and force-deletes the pod (grace period 0). So the pod goes 40–60 s after the node.
 */
export const POD_GC_CHECK_PERIOD_SECONDS = 20;
export const POD_GC_QUARANTINE_SECONDS = 40;

/** `--node-monitor-grace-period` default of a Kubernetes minor version (`1.31` → 40, `1.32`+ → 50). */
export function nodeMonitorGracePeriodSeconds(version: string | undefined): number {
  const m = /^v?1\.(\d+)/.exec(version ?? '');
  return m && Number(m[1]) < 32
    ? NODE_MONITOR_GRACE_PERIOD_BEFORE_1_32_SECONDS
    : DEFAULT_NODE_MONITOR_GRACE_PERIOD_SECONDS;
}

function readinessTiming(p: Probe): ReadinessTiming {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds ?? 10,
    successThreshold: p.successThreshold ?? 1,
  };
}

function startupTiming(p: Probe): StartupTiming {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds ?? 10,
    failureThreshold: p.failureThreshold ?? 3,
  };
}

/** Running → started: the startup probe is assumed to pass at its first probe. */
const startedDelay = (s: StartupTiming | null): number => (s === null ? 0 : s.initialDelaySeconds);

/** Running → Ready for one container (see the table above). */
function readyDelay(startup: StartupTiming | null, r: ReadinessTiming | null): number {
  const started = startedDelay(startup);
  if (r === null) return started;
  const period = Math.max(1, r.periodSeconds);
  // Readiness probes run at initialDelay, initialDelay + period, …; the first one counted is at or after Started.
  const first = r.initialDelaySeconds + Math.max(0, Math.ceil((started - r.initialDelaySeconds) / period)) * period;
  return first + (r.successThreshold - 1) * period;
}

/** The hook's duration: `sleep.seconds` exactly; exec/httpGet unknown (assumed); none 0. */
function preStopOf(lifecycle: Lifecycle | undefined): { seconds: number; assumed: boolean } {
  const h = lifecycle?.preStop;
  if (!h) return { seconds: 0, assumed: false };
  if (h.sleep) return { seconds: h.sleep.seconds, assumed: false };
  return { seconds: ASSUMED_PRESTOP_HOOK_SECONDS, assumed: true };
}

/** The timing model for a template, with explicit overrides applied last. */
export function resolveTiming(
  template: PodTemplateSpec | undefined,
  overrides: Partial<TimingModel> = {},
  version?: string,
): TimingModel {
  const containers: Container[] = template?.spec?.containers ?? [];
  // The slowest container decides when the pod is Ready (a pod is Ready when all its containers are).
  let startup: StartupTiming | null = null;
  let readiness: ReadinessTiming | null = null;
  let slowest = -1;
  for (const c of containers) {
    const s = c.startupProbe ? startupTiming(c.startupProbe) : null;
    const r = c.readinessProbe ? readinessTiming(c.readinessProbe) : null;
    const d = readyDelay(s, r);
    if (d > slowest) [slowest, startup, readiness] = [d, s, r];
  }
  // Containers are killed in parallel: the longest preStop decides.
  const preStops = containers.map((c) => preStopOf(c.lifecycle));
  const preStop = preStops.reduce((m, p) => (p.seconds > m.seconds ? p : m), { seconds: 0, assumed: false });
  const imagePullSeconds = overrides.imagePullSeconds ?? DEFAULT_IMAGE_PULL_SECONDS;
  const containerStartSeconds = overrides.containerStartSeconds ?? DEFAULT_CONTAINER_START_SECONDS;
  return {
    imagePullSeconds,
    containerStartSeconds,
    podStartSeconds: imagePullSeconds + containerStartSeconds,
    startupProbe: startup,
    readinessProbe: readiness,
    preStopSeconds: preStop.seconds,
    preStopAssumed: preStop.assumed,
    shutdownSeconds: DEFAULT_SHUTDOWN_SECONDS,
    terminationGracePeriodSeconds:
      template?.spec?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    nodeMonitorGracePeriodSeconds: nodeMonitorGracePeriodSeconds(version),
    tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
    orphanPodGcSeconds: POD_GC_QUARANTINE_SECONDS + POD_GC_CHECK_PERIOD_SECONDS,
    ...(Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<TimingModel>),
  };
}

/** Seconds from creation until the pod is Running. */
export function secondsToRunning(timing: TimingModel): number {
  return timing.podStartSeconds;
}

/** Seconds from creation until a pod is Ready. */
export function secondsToReady(timing: TimingModel): number {
  return timing.podStartSeconds + readyDelay(timing.startupProbe, timing.readinessProbe);
}

/** Seconds from Ready until the pod counts as available (`IsPodAvailable`, strict comparison). */
export function secondsReadyToAvailable(minReadySeconds: number): number {
  return minReadySeconds === 0 ? 0 : minReadySeconds + 1;
}

/** Seconds from a delete call until the pod object is gone (`killContainer`). */
export function secondsToGone(timing: TimingModel): number {
  const grace = Math.max(0, timing.terminationGracePeriodSeconds);
  const preStop = grace > 0 ? Math.min(timing.preStopSeconds, grace) : 0;
  const sigtermWindow = Math.max(MINIMUM_GRACE_PERIOD_SECONDS, grace - preStop);
  return preStop + Math.min(timing.shutdownSeconds, sigtermWindow);
}

/** Longest time the startup probe allows before the kubelet restarts the container, or undefined without one. */
export function startupProbeLimitSeconds(timing: TimingModel): number | undefined {
  const s = timing.startupProbe;
  return s ? s.initialDelaySeconds + s.periodSeconds * s.failureThreshold : undefined;
}

/** The sentences that state every assumed duration of the model (for the plan's notes). */
export function timingNotes(timing: TimingModel): string[] {
  const notes = [
    `Assumed durations (override them in the what-if): image pull ${timing.imagePullSeconds} s${
      timing.imagePullSeconds === DEFAULT_IMAGE_PULL_SECONDS ? ' (image already on the node)' : ''
    }, container start ${timing.containerStartSeconds} s, app exit after SIGTERM ${timing.shutdownSeconds} s; ` +
      `a pod is Ready ${secondsToReady(timing)} s after it is created and gone ${secondsToGone(timing)} s after it is deleted.`,
  ];
  if (timing.preStopAssumed) {
    notes.push(
      `The preStop hook (exec/httpGet) is assumed to take ${timing.preStopSeconds} s; its real duration is unknown (bounded by terminationGracePeriodSeconds ${timing.terminationGracePeriodSeconds}).`,
    );
  }
  const limit = startupProbeLimitSeconds(timing);
  if (limit !== undefined) {
    notes.push(
      `startupProbe: the app is assumed to pass its first startup probe; if it is not started within ${limit} s of running (initialDelaySeconds + periodSeconds × failureThreshold), the kubelet restarts it and readiness waits longer.`,
    );
  }
  return notes;
}
