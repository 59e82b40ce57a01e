/** Public types of the rollout simulator; see the API description in `index.ts`. */
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import type { IntOrString } from './intstr';
import type { TimingModel } from './timing';

export type Workload =
  | { kind: 'Deployment'; value: Deployment; namespace: string }
  | { kind: 'StatefulSet'; value: StatefulSet; namespace: string }
  | { kind: 'DaemonSet'; value: DaemonSet; namespace: string };

/** What happens to the workload. Every scenario starts at t = 0. */
export type Scenario =
  /** First apply: nothing exists yet. */
  | { name: 'create' }
  /** Pod template change from a healthy previous revision to the file's template (the default). */
  | { name: 'update' }
  /**
   * Scale to `replicas`; with `atSecond`, the scale happens that many seconds into an update (proportional scaling).
   */
  | { name: 'scale'; replicas: number; atSecond?: number }
  /** Update whose new pods never become Ready. */
  | { name: 'fail' }
  /** Update whose new pods become Ready, then fail `seconds` later (crash loop). */
  | { name: 'fail-after'; seconds: number }
  /**
   * Update paused (`kubectl rollout pause`) once the new ReplicaSet has `afterNewPods` pods; optionally resumed later.
   * Deployments only.
   */
  | { name: 'pause'; afterNewPods: number; resumeAfterSeconds?: number }
  /**
   * `kubectl rollout undo` to the previous revision: at t = 0 after the file's revision finished, or `afterSeconds`
   * into its rollout.
   */
  | { name: 'rollback'; afterSeconds?: number }
  /**
   * The node of one StatefulSet pod is lost at t = 0; the pod is force-deleted after `forceDeleteAfterSeconds` (never
   * if unset).
   */
  | { name: 'node-failure'; ordinal: number; forceDeleteAfterSeconds?: number }
  /** A node joins (DaemonSet): at t = 0 in steady state, or `atSecond` into the update of the file's template. */
  | { name: 'node-added'; atSecond?: number }
  /** A node is deleted (DaemonSet): at t = 0 in steady state, or `atSecond` into the update of the file's template. */
  | { name: 'node-removed'; atSecond?: number };

/** The scenarios a DaemonSet accepts (scale, pause and node-failure are refused with a SimulationError). */
export type DaemonSetScenario = Scenario;

export type DaemonSetSimulationInput = SimulationInput & { workload: { kind: 'DaemonSet' } };

export type ScenarioName = Scenario['name'];

/** Values that replace the manifest's fields for the simulation only. */
export interface Overrides {
  replicas?: number;
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  partition?: number;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /** DaemonSet: nodes in the simulated cluster that should run the pod (default 3). */
  nodes?: number;
}

/**
 * The cluster at t = 0 when it is not "every pod healthy at the previous revision" (a what-if). It applies to the
 * scenarios that roll out the file's template (update, fail, fail-after, pause, scale `atSecond`, rollback
 * `afterSeconds`); the others refuse it with a SimulationError.
 */
export interface StartingState {
  /**
   * Pods already at the file's template: its rollout is half-way (the template was applied earlier, so there is no
   * `kubectl apply` at t = 0). Deployment: the new ReplicaSet has this many Ready pods; StatefulSet: the highest
   * ordinals; DaemonSet: the first nodes. The scenario's health (fail, fail-after) applies to pods created from t = 0.
   */
  updatedPods?: number;
  /**
   * Pods at older revisions that are not Ready at t = 0 and stay so (crash-looping; the lowest ordinals / first nodes).
   */
  unreadyOldPods?: number;
  /**
   * Deployment only: ReplicaSets older than the previous one that still have pods (an earlier rollout that did not
   * finish). Their pods are taken from the old pods, one share each; the previous ReplicaSet keeps the rest.
   */
  olderReplicaSets?: number;
}

/** A HorizontalPodAutoscaler that scales the workload (Deployment, StatefulSet). */
export interface Autoscaler {
  name: string;
  /** `spec.minReplicas` (default 1). */
  minReplicas: number;
  maxReplicas: number;
}

export interface SimulationInput {
  workload: Workload;
  scenario?: Scenario;
  overrides?: Overrides;
  /** Where the scenario starts (default: every pod Ready at the previous revision, one old ReplicaSet). */
  start?: StartingState;
  /**
   * The HPA that manages the workload's replicas: the simulation starts from `minReplicas` (or `overrides.replicas`,
   * kept within [minReplicas, maxReplicas] as the HPA does), and `spec.replicas` of the manifest is ignored.
   */
  autoscaler?: Autoscaler;
  timing?: Partial<TimingModel>;
  /** Default `cluster.local`. */
  clusterDomain?: string;
  /** Services of the workload's namespace; the StatefulSet's governing Service provides SRV records. */
  services?: Service[];
  /** Seed for generated pod-name suffixes. Default 1. */
  seed?: number;
  /**
   * Kubernetes minor version (`1.34`): version-dependent defaults such as node-monitor-grace-period. Default: newest.
   */
  kubernetesVersion?: string;
}

/** Thrown for inputs the simulator cannot run (invalid IntOrString, scenario not applicable, …). */
export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}

/** Pod counts after a step; `total` = old + new (terminating pods are not counted, like the controllers). */
export interface PodCounts {
  old: number;
  new: number;
  available: number;
  total: number;
  terminating: number;
}

/** Something the user or the cluster did that is not a controller action (shown on the timeline). */
export interface TimelineEvent {
  t: number;
  kind: 'user' | 'condition' | 'pods' | 'node';
  message: string;
}

export interface ResolvedDeployment {
  replicas: number;
  strategy: 'RollingUpdate' | 'Recreate';
  maxSurge: number;
  maxUnavailable: number;
  minReadySeconds: number;
  /** `null` = no deadline. */
  progressDeadlineSeconds: number | null;
  revisionHistoryLimit: number | null;
  /** One sentence per resolved number, e.g. `maxSurge 25% of 10 → 3, rounded up`. */
  explanations: string[];
}

/**
 * One entry of a Deployment plan. `ScalingReplicaSet`: a controller action (`from` → `to` is the
 * ReplicaSet's new size). `Unhealthy`: pods of `replicaSet` turned NotReady (fail-after scenario); not a
 * controller action — `from` = `to` = the ReplicaSet's unchanged size — but `pods` shows availability dropping.
 */
export interface DeploymentStep {
  t: number;
  reason: 'ScalingReplicaSet' | 'Unhealthy';
  message: string;
  replicaSet: 'old' | 'new';
  replicaSetName: string;
  from: number;
  to: number;
  pods: PodCounts;
}

export interface ReplicaSetSummary {
  role: 'old' | 'new';
  name: string;
  revision: number;
  podTemplateHash: string;
  /** A few names of pods this ReplicaSet creates (suffixes from the seed, not the cluster). */
  examplePodNames: string[];
  /** Still present at the end (false = removed by revisionHistoryLimit cleanup). */
  exists: boolean;
}

export interface Outcome {
  complete: boolean;
  durationSeconds: number;
  /**
   * Reason of the final Progressing condition (Deployment) or a summary state (StatefulSet). As in the
   * controller, a Deployment that completed stays `NewReplicaSetAvailable` even if its pods fail later
   * (fail-after); `message` then says so.
   */
  condition: string | null;
  message: string;
}

/** What every plan echoes of its what-if inputs about the cluster (only when given). */
export interface PlanInputs {
  /** The starting state, when it is not the default (every pod Ready at the previous revision). */
  start?: Required<StartingState>;
  /** The HPA whose replica range the plan used. */
  autoscaler?: Autoscaler;
}

export interface DeploymentPlan extends PlanInputs {
  kind: 'Deployment';
  name: string;
  namespace: string;
  scenario: Scenario;
  resolved: ResolvedDeployment;
  replicaSets: ReplicaSetSummary[];
  steps: DeploymentStep[];
  /**
   * Pod counts over time for charts and "pods became available" rows: the state before the first controller action
   * (t = 0), then after every instant at which they changed (pods becoming available between actions included).
   * Always set by `simulate`.
   */
  samples?: { t: number; pods: PodCounts }[];
  timeline: TimelineEvent[];
  outcome: Outcome;
  notes: string[];
}

export interface ResolvedStatefulSet {
  replicas: number;
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  updateStrategy: 'RollingUpdate' | 'OnDelete';
  partition: number;
  /** Present only when `rollingUpdate.maxUnavailable` is set (feature gate MaxUnavailableStatefulSet). */
  maxUnavailable: number | null;
  minReadySeconds: number;
  startOrdinal: number;
  whenScaled: 'Retain' | 'Delete';
  whenDeleted: 'Retain' | 'Delete';
  explanations: string[];
}

export interface StatefulPodSummary {
  ordinal: number;
  name: string;
  hostname: string;
  /** `<pod>.<serviceName>.<namespace>.svc.<clusterDomain>`. */
  fqdn: string;
  pvcs: string[];
  revision: string;
}

export interface SrvRecord {
  /** `_<port>._<proto>.<svc>.<ns>.svc.<domain>` */
  name: string;
  port: number;
  /** FQDNs of the pods the record points to. */
  targets: string[];
}

export interface StatefulSetStep {
  t: number;
  /** `update` = a pod deleted by the rolling update to be re-created at `revision`. */
  action: 'create' | 'delete' | 'update';
  pod: string;
  revision: string;
  /** Ready pods after the step (for charts); terminating pods are never counted. */
  ready: number;
  /**
   * Pods after the step, NOT counting terminating ones (deleted, waiting to be gone) — the same rule as
   * `PodCounts.total` for Deployments. A pod deleted by an `update` or `delete` step is already excluded.
   */
  total: number;
  /**
   * Pods with a deletion timestamp that still exist after the step (like `PodCounts.terminating`). Always set by
   * `simulate`.
   */
  terminating?: number;
  /**
   * Live pods at the update revision after the step (`total − updated` are at older revisions). Always set by
   * `simulate`.
   */
  updated?: number;
}

export interface StatefulSetPlan extends PlanInputs {
  kind: 'StatefulSet';
  name: string;
  namespace: string;
  scenario: Scenario;
  serviceName: string;
  resolved: ResolvedStatefulSet;
  currentRevision: string;
  updateRevision: string;
  pods: StatefulPodSummary[];
  srv: SrvRecord[];
  steps: StatefulSetStep[];
  /** PVCs that outlive their pods (Retain). */
  retainedPvcs: string[];
  /**
   * Pod counts whenever they change, the state before the first action first: `old`/`new` live pods at older / the
   * update revision, `available` the Ready ones (pods becoming Ready between controller actions included). Always set
   * by `simulate`.
   */
  samples?: { t: number; pods: PodCounts }[];
  timeline: TimelineEvent[];
  outcome: Outcome;
  notes: string[];
}

export interface ResolvedDaemonSet {
  /** Nodes of the simulated cluster that should run the pod (`desiredNumberScheduled`). */
  nodes: number;
  updateStrategy: 'RollingUpdate' | 'OnDelete';
  /** Resolved against `nodes`, rounded up (`UnavailableCount`); 0 for OnDelete. */
  maxUnavailable: number;
  /** Resolved against `nodes`, rounded up (`SurgeCount`); 0 for OnDelete. */
  maxSurge: number;
  minReadySeconds: number;
  revisionHistoryLimit: number;
  /** "runs on every node" or "runs on the nodes that match …" (nodeSelector, affinity, tolerations). */
  placement: string;
  explanations: string[];
}

/** One DaemonSet controller action: a pod created on or deleted from a node. */
export interface DaemonSetStep {
  t: number;
  action: 'create' | 'delete';
  node: string;
  pod: string;
  /** ControllerRevision name of the pod (`<ds>-<hash>`). */
  revision: string;
  /** Why the controller did it, in words (e.g. `surge: new pod beside the old one`). */
  why: string;
  /** Pods after the step: `old`/`new` count live (not terminating) pods by revision. */
  pods: PodCounts;
  /** Nodes of the cluster without an available pod after the step (`numberUnavailable`-like, by any pod). */
  unavailableNodes: number;
  /** Nodes running two live pods after the step (surge). */
  surgeNodes: number;
}

export interface DaemonSetNodeSummary {
  name: string;
  /** Pods on the node at the end (live ones; at most two during a surge). */
  pods: { name: string; revision: string }[];
}

export interface DaemonSetPlan extends PlanInputs {
  kind: 'DaemonSet';
  name: string;
  namespace: string;
  scenario: DaemonSetScenario;
  resolved: ResolvedDaemonSet;
  /** The ControllerRevision of the template the DaemonSet has at the end. */
  updateRevision: string;
  /** ControllerRevisions at the end, oldest first (`revisionHistoryLimit` cleanup applied). */
  revisions: { name: string; revision: number }[];
  nodes: DaemonSetNodeSummary[];
  steps: DaemonSetStep[];
  /**
   * Pod counts over time for charts: the state before the first action (t = 0), then after every instant at
   * which they changed (pods becoming available or failing between controller actions included).
   */
  samples: { t: number; pods: PodCounts }[];
  timeline: TimelineEvent[];
  outcome: Outcome;
  notes: string[];
}

export type Plan = DeploymentPlan | StatefulSetPlan | DaemonSetPlan;
