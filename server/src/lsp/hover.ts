/** Hover: field documentation and rollout arithmetic from `../hover.ts`, with an LSP range. */
import { toRange } from './convert';
import { hoverAt } from '../hover';
import { isIgnored, settingsFor } from './settings';
import { indexOpenDocument } from './indexing';
import type { ServerState } from './state';

export function registerHover(state: ServerState): void {
  state.connection.onHover(async (params) => {
    // Not `await state.ready`: a hover needs this file only, not the workspace index being built.
    const document = state.documents.get(params.textDocument.uri);
    if (!document || isIgnored(state, document.uri)) return null;
    const settings = await settingsFor(state, params.textDocument.uri);
    const { file } = indexOpenDocument(state, document);
    const hover = hoverAt(file, file.lines.offsetAt(params.position), settings.kubernetesVersion);
    return hover
      ? { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(file.lines, hover.span) }
      : null;
  });
}
