/** Shared access to a workload's pod template. */
import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import { isStatefulSet } from '../../../shared/src/manifest';
import type { K8sObject, WorkloadObject } from '../../../shared/src/manifest';
import { compareVersions, NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import type { Severity } from './types';
import { mapAt, seqAt } from '../../../shared/src/yamlPath';

export interface ContainerNode {
  readonly node: YAMLMap;
  readonly init: boolean;
  /** An init container with `restartPolicy: Always` (a sidecar): it keeps running like a container. */
  readonly restartable: boolean;
}

export function podSpecNode(w: WorkloadObject): YAMLMap | undefined {
  return mapAt(w.node, ['spec', 'template', 'spec']);
}

/** Containers and init containers of the pod template, in source order. */
export function templateContainers(w: WorkloadObject): ContainerNode[] {
  const podSpec = podSpecNode(w);
  const out: ContainerNode[] = [];
  for (const [key, init] of [['initContainers', true], ['containers', false]] as const) {
    for (const item of seqAt(podSpec, [key])?.items ?? []) {
      if (!isMap(item)) continue;
      const restartable = init && item.get('restartPolicy') === 'Always';
      out.push({ node: item, init, restartable });
    }
  }
  return out.sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
}

const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};
const CURRENT_API_VERSION: Readonly<Record<string, string>> = {
  Pod: 'v1',
  ReplicationController: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

/**
 * Path from the object to its pod template (`[]` for a Pod: the object is its own template), for
 * every served kind that creates pods; undefined for other kinds and for removed/wrong apiVersions
 * (removed-api-version and wrong-api-version report those).
 */
export function podTemplatePath(o: K8sObject): readonly string[] | undefined {
  return CURRENT_API_VERSION[o.kind] === o.apiVersion ? TEMPLATE_PATHS[o.kind] : undefined;
}

/** Containers and init containers of any object with a pod template, in source order. */
export function podContainers(o: K8sObject): ContainerNode[] {
  const path = podTemplatePath(o);
  if (!path) return [];
  const podSpec = mapAt(o.node, [...path, 'spec']);
  const out: ContainerNode[] = [];
  for (const [key, init] of [['initContainers', true], ['containers', false]] as const) {
    for (const item of seqAt(podSpec, [key])?.items ?? []) {
      if (!isMap(item)) continue;
      const restartable = init && item.get('restartPolicy') === 'Always';
      out.push({ node: item, init, restartable });
    }
  }
  return out.sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
}

/** First version whose API server validates a StatefulSet's pod spec at creation (ValidatePodTemplateSpecForStatefulSet). */
export const STATEFULSET_TEMPLATE_VALIDATED_SINCE = '1.34';

/**
 * How a pod-spec problem shows up for this object: every kind with a pod template has it validated
 * at creation (ValidatePodTemplateSpec), except a StatefulSet before 1.34, whose
 * ValidatePodTemplateSpecForStatefulSet checked labels and annotations only: the object is accepted
 * and every pod fails to be created (FailedCreate events). `severity` is undefined when the rule's
 * own (error) applies; `consequence` ends a message.
 */
export function podSpecVerdict(object: K8sObject, version: string | undefined): { severity?: Severity; consequence: string } {
  const target = version ?? NEWEST_KUBERNETES_VERSION;
  if (isStatefulSet(object) && compareVersions(target, STATEFULSET_TEMPLATE_VALIDATED_SINCE) < 0) {
    return {
      severity: 'warning',
      consequence: `Kubernetes ${target} accepts the StatefulSet but cannot create its pods (FailedCreate); from 1.34 the API server rejects it`,
    };
  }
  return { consequence: 'the API server rejects it' };
}
