/**
 * Go to Definition, Find References, Rename and Document Symbols: `../navigation.ts` in offsets,
 * turned into LSP locations and workspace edits here.
 */
import { ResponseError, SymbolKind } from 'vscode-languageserver';
import type {
  DocumentSymbol,
  Location,
  TextDocumentPositionParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { definition, documentSymbols, references, rename } from '../navigation';
import type { Place } from '../navigation';
import type { IndexedFile } from '../workspace';
import { toRange } from './convert';
import { isIgnored } from './settings';
import { indexOpenDocument } from './indexing';
import type { ServerState } from './state';

const SYMBOL_KINDS: Readonly<Record<string, SymbolKind>> = {
  Deployment: SymbolKind.Class,
  StatefulSet: SymbolKind.Class,
  DaemonSet: SymbolKind.Class,
  Service: SymbolKind.Interface,
  ConfigMap: SymbolKind.Object,
  Secret: SymbolKind.Object,
  HorizontalPodAutoscaler: SymbolKind.Event,
};

/** The open document's file in the index (its current text) and the offset of the request's position. */
async function at(
  state: ServerState,
  params: TextDocumentPositionParams,
): Promise<{ file: IndexedFile; offset: number } | undefined> {
  await state.ready;
  const document = state.documents.get(params.textDocument.uri);
  if (!document || isIgnored(state, document.uri)) return undefined;
  const { file } = indexOpenDocument(state, document);
  return { file, offset: file.lines.offsetAt(params.position) };
}

/** Index URI → the URI the client knows (open documents keep the client's spelling). */
function clientUri(state: ServerState, indexUri: string, requestUri: string, requestIndexUri: string): string {
  return indexUri === requestIndexUri ? requestUri : (state.openUris.get(indexUri) ?? indexUri);
}

function toLocations(
  state: ServerState,
  places: readonly Place[],
  requestUri: string,
  requestIndexUri: string,
): Location[] {
  const out: Location[] = [];
  for (const p of places) {
    const lines = state.index.get(p.uri)?.lines;
    if (lines) out.push({ uri: clientUri(state, p.uri, requestUri, requestIndexUri), range: toRange(lines, p.span) });
  }
  return out;
}

export function registerNavigation(state: ServerState): void {
  const c = state.connection;
  c.onDefinition(async (params) => {
    const hit = await at(state, params);
    if (!hit) return null;
    return toLocations(state, definition(state.index, hit.file.uri, hit.offset), params.textDocument.uri, hit.file.uri);
  });
  c.onReferences(async (params) => {
    const hit = await at(state, params);
    if (!hit) return null;
    const places = references(state.index, hit.file.uri, hit.offset, params.context.includeDeclaration);
    return toLocations(state, places, params.textDocument.uri, hit.file.uri);
  });
  c.onPrepareRename(async (params) => {
    const hit = await at(state, params);
    const plan = hit && rename(state.index, hit.file.uri, hit.offset, undefined);
    if (!hit || !plan || 'error' in plan) return null;
    return { range: toRange(hit.file.lines, plan.span), placeholder: plan.placeholder };
  });
  c.onRenameRequest(async (params) => {
    const hit = await at(state, params);
    const plan = hit && rename(state.index, hit.file.uri, hit.offset, params.newName);
    if (!hit || !plan) throw new ResponseError(0, 'Rollout Lens renames Services and port names only.');
    if ('error' in plan) throw new ResponseError(0, plan.error);
    const changes: Record<string, TextEdit[]> = {};
    for (const e of plan.edits) {
      const lines = state.index.get(e.uri)?.lines;
      if (lines)
        (changes[clientUri(state, e.uri, params.textDocument.uri, hit.file.uri)] ??= []).push({
          range: toRange(lines, e.span),
          newText: e.newText,
        });
    }
    const edit: WorkspaceEdit = { changes };
    return edit;
  });
  c.onDocumentSymbol(async (params) => {
    await state.ready;
    const document = state.documents.get(params.textDocument.uri);
    if (!document || isIgnored(state, document.uri)) return null;
    const { file } = indexOpenDocument(state, document);
    return documentSymbols(state.index, file.uri).map((s): DocumentSymbol => ({
      name: s.name,
      detail: s.detail,
      kind: SYMBOL_KINDS[s.kind] ?? SymbolKind.Object,
      range: toRange(file.lines, s.span),
      selectionRange: toRange(file.lines, s.selection),
    }));
  });
}

export const NAVIGATION_CAPABILITIES = {
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: { label: 'Rollout Lens' },
} as const;
