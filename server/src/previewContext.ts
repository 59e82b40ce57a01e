/**
 * The workspace context of a workload's preview, from a workspace index: the one place where the CLI
 * (`rollout-lens preview`, over the files it read) and the language server (`rolloutLens/preview`, over
 * the editor's workspace) decide what the rest of the workspace contributes to a plan.
 */
import type { WorkloadObject } from '../../shared/src/manifest';
import type { WorkspaceContext } from '../../shared/src/preview/pipeline';
import { byNearness } from './nearest';
import type { WorkspaceView } from './rules/types';

/** Services of the workload's namespace: those of its own file first, then the nearest files' first. */
export function workspaceContext(view: WorkspaceView, uri: string, o: WorkloadObject): WorkspaceContext {
  const located = view.servicesIn(o.namespace);
  const own = located.filter((s) => s.uri === uri);
  const others = byNearness(
    uri,
    located.filter((s) => s.uri !== uri),
  );
  return { services: [...own, ...others].map((s) => s.service.value) };
}
