/**
 * The workspace context of a workload's preview, from a workspace index: the one place where the CLI
 * (`rollout-lens preview`, over the files it read) and the language server (`rolloutLens/preview`, over
 * the editor's workspace) decide what the rest of the workspace contributes to a plan.
 */
import type { WorkloadObject } from '../../shared/src/manifest';
import { autoscalerFor } from '../../shared/src/preview/autoscaler';
import type { WorkspaceContext } from '../../shared/src/preview/pipeline';
import { byNearness } from './nearest';
import type { WorkspaceView } from './rules/types';

/** Own file first, then the nearest files first (the CLI's order too: the file, then its folder). */
function ownFirst<T extends { readonly uri: string }>(uri: string, items: readonly T[]): T[] {
  return [
    ...items.filter((i) => i.uri === uri),
    ...byNearness(
      uri,
      items.filter((i) => i.uri !== uri),
    ),
  ];
}

/**
 * Services of the workload's namespace and the HorizontalPodAutoscaler that targets it (`hpa: false`: ignored,
 * `rollout-lens preview --no-hpa`).
 */
export function workspaceContext(
  view: WorkspaceView,
  uri: string,
  o: WorkloadObject,
  options: { hpa?: boolean; kubernetesVersion?: string } = {},
): WorkspaceContext {
  return workspaceContexts(view, uri, options)(o);
}

/**
 * workspaceContext for the workloads of one file: each namespace's Services are ordered once, not once per
 * workload (a file of thousands of workloads asks for each).
 */
export function workspaceContexts(
  view: WorkspaceView,
  uri: string,
  options: { hpa?: boolean; kubernetesVersion?: string } = {},
): (o: WorkloadObject) => WorkspaceContext {
  const servicesOf = new Map<string, WorkspaceContext['services']>();
  return (o) => {
    let services = servicesOf.get(o.namespace);
    if (!services) {
      services = ownFirst(uri, view.servicesIn(o.namespace)).map((s) => s.service.value);
      servicesOf.set(o.namespace, services);
    }
    const targeting =
      options.hpa === false || o.name === undefined
        ? []
        : (view.autoscalersTargeting?.(o.namespace, o.name, uri) ?? []);
    const autoscaler = autoscalerFor(
      ownFirst(uri, targeting).map((l) => l.object),
      o,
    );
    const version = options.kubernetesVersion;
    return { services, ...(autoscaler ? { autoscaler } : {}), ...(version ? { kubernetesVersion: version } : {}) };
  };
}
