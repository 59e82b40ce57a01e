/**
 * The Deployment controller's view of the world, reduced to the fields its algorithms read
 * (kubernetes-controllers.md §2.3, §4). Times are seconds on the simulation clock.
 */
import type { IntOrString } from '../intstr';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** `math.MaxInt32`: a progress deadline or history limit with this value means "none". */
export const MAX_INT32 = 2147483647;

export type Annotations = Record<string, string>;

export interface ReplicaSetModel {
  name: string;
  /** `null` = the zero time, which sorts first. */
  creationTimestamp: number | null;
  /** Identity of the pod template ignoring `pod-template-hash` (see `templateKey`). */
  templateKey: string;
  annotations: Annotations;
  specReplicas: number;
  minReadySeconds: number;
  statusReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  generation: number;
  observedGeneration: number;
  deleted: boolean;
}

export interface Condition {
  type: 'Available' | 'Progressing' | 'ReplicaFailure';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: number;
  lastTransitionTime: number;
}

export interface DeploymentStatusModel {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  conditions: Condition[];
}

export interface StrategyModel {
  type: 'RollingUpdate' | 'Recreate';
  maxSurge: IntOrString | null;
  maxUnavailable: IntOrString | null;
}

export interface DeploymentModel {
  name: string;
  generation: number;
  replicas: number;
  strategy: StrategyModel;
  minReadySeconds: number;
  /** `null` = unset (no deadline); MAX_INT32 = no deadline either. */
  progressDeadlineSeconds: number | null;
  /** `null` = keep every old ReplicaSet. */
  revisionHistoryLimit: number | null;
  paused: boolean;
  annotations: Annotations;
  templateKey: string;
  status: DeploymentStatusModel;
}

export function emptyDeploymentStatus(): DeploymentStatusModel {
  return {
    observedGeneration: 0,
    replicas: 0,
    updatedReplicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    unavailableReplicas: 0,
    conditions: [],
  };
}
