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
