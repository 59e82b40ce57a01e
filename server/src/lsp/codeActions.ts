/**
 * Code actions: quick fixes and fix-all, planned by `../codeActions.ts` from a fresh lint (a stale
 * diagnostic gets no fix) and turned into LSP workspace edits here.
 */
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, CodeActionParams, TextEdit } from 'vscode-languageserver';
import { fixAll, FIX_ALL_KIND, quickFixes } from '../codeActions';
import type { PlannedAction } from '../codeActions';
import { toDiagnostic, toRange, SOURCE } from './convert';
import { lintDocument } from './diagnostics';
import type { ServerState } from './state';
import { suppressionActions } from './suppressionActions';

async function codeActions(state: ServerState, params: CodeActionParams): Promise<CodeAction[]> {
  await state.ready;
  const linted = await lintDocument(state, params.textDocument.uri);
  if (!linted) return [];
  const { file, findings } = linted;
  const linesOf = (uri: string) => state.index.get(uri)?.lines;
  const toLsp = (a: PlannedAction): CodeAction => {
    const changes: Record<string, TextEdit[]> = {};
    for (const e of a.edits) {
      const lines = linesOf(e.uri);
      if (!lines) continue;
      const target = e.uri === file.uri ? params.textDocument.uri : (state.openUris.get(e.uri) ?? e.uri);
      (changes[target] ??= []).push({ range: toRange(lines, e.span), newText: e.newText });
    }
    const diagnostics = a.findings.map((f) => toDiagnostic(f, file.lines, linesOf, state.ruleDocsCommand));
    return {
      title: a.title,
      kind: a.kind,
      edit: { changes },
      diagnostics,
      ...(a.preferred ? { isPreferred: true } : {}),
    };
  };
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) {
    if (!only.some((k) => k === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(`${k}.`))) return [];
    const all = fixAll(file.uri, findings, undefined, 1, file.manifest);
    return all ? [toLsp(all)] : [];
  }
  // The findings behind the request's diagnostics: same rule and range as a fresh lint (else stale: no fix).
  const requested = params.context.diagnostics.filter((d) => d.source === SOURCE);
  const matched = findings.filter((f) => {
    const range = toRange(file.lines, f.span);
    return requested.some((d) => d.code === f.rule && JSON.stringify(d.range) === JSON.stringify(range));
  });
  const actions = quickFixes(file.uri, matched).map(toLsp);
  for (const rule of new Set(matched.map((f) => f.rule))) {
    const all = fixAll(file.uri, findings, rule, 2, file.manifest);
    if (all) actions.push(toLsp(all));
  }
  actions.push(...suppressionActions(params.textDocument.uri, file, findings, matched));
  return actions;
}

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

export function registerCodeActions(state: ServerState): void {
  state.connection.onCodeAction((params) => codeActions(state, params));
}
