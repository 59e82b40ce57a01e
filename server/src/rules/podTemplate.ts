/** Shared access to a workload's pod template. */
import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { WorkloadObject } from '../../../shared/src/manifest';
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
