/**
 * Diagnostics: pull diagnostics (`textDocument/diagnostic`) for one document from a fresh lint over
 * the workspace index. A rule that throws is reported once in the log and skipped.
 */
import { DocumentDiagnosticReportKind } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver';
import { lintFile } from '../lint';
import { uriToPath } from '../fileSystem';
import { RULES_ON_PARTIAL_OBJECTS } from '../render/partial';
import type { ResolvedFinding } from '../lint';
import { registryEntry } from '../rules';
import type { Rule, Severity } from '../rules/types';
import { SIZE_LIMIT_CODE, sizeLimitMessage } from '../sizeLimit';
import type { IndexedFile } from '../workspace';
import { LSP_SEVERITY, SOURCE, toDiagnostic } from './convert';
import { documentOversize, indexOpenDocument, openDocumentsReady } from './indexing';
import { isIgnored, settingsFor } from './settings';
import type { ServerState } from './state';

/**
 * The findings of an open document (undefined when it is not open, ignored or over the size limit).
 * `fixes: false` (diagnostics) skips the rules' fix providers: only code actions need them.
 */
export async function lintDocument(
  state: ServerState,
  uri: string,
  { fixes = true }: { fixes?: boolean } = {},
): Promise<{ file: IndexedFile; findings: ResolvedFinding[] } | undefined> {
  const document = state.documents.get(uri);
  if (!document || isIgnored(state, uri) || documentOversize(state, document) !== undefined) return undefined;
  const settings = await settingsFor(state, uri);
  const { file } = indexOpenDocument(state, document);
  const onRuleError = (rule: Rule, error: unknown) => {
    if (state.failedRules.has(rule.id)) return;
    state.failedRules.add(rule.id);
    state.connection.console.error(
      `Rule ${rule.id} failed and was skipped: ${(error as Error)?.stack ?? String(error)}`,
    );
  };
  // Kustomize patches and bases are partial objects (render/partial.ts); their rendered overlays' findings are added.
  const path = uriToPath(file.uri);
  const partial = path !== undefined && state.render.roleOf(path) !== undefined;
  const { rules, kubernetesVersion } = settings;
  const options = {
    onRuleError,
    rules,
    kubernetesVersion,
    fixes,
    workspaceVersion: state.index.generation,
    dependencyVersion: (key: string) => state.index.dependencyVersion(key),
  };
  const findings = lintFile(file, state.index, partial ? { ...options, onlyRules: RULES_ON_PARTIAL_OBJECTS } : options);
  // (Only files with mapped findings: asking makes the file's whole text.)
  if (path !== undefined && state.render.mappedFiles.has(path)) {
    const seen = new Set(findings.map((f) => `${f.rule}:${f.span[0]}:${f.span[1]}`));
    for (const f of state.render.findingsFor(path, file.text))
      if (!seen.has(`${f.rule}:${f.span[0]}:${f.span[1]}`)) findings.push(f);
  }
  return { file, findings };
}

/** The one diagnostic of a file over `rolloutLens.maxFileSize` (registry entry `file-too-large`). */
export function sizeLimitDiagnostic(bytes: number, limit: number, severity: Severity): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: LSP_SEVERITY[severity],
    source: SOURCE,
    code: SIZE_LIMIT_CODE,
    message: sizeLimitMessage(bytes, limit),
  };
}

export function registerDiagnostics(state: ServerState): void {
  state.connection.languages.diagnostics.on(async (params) => {
    // Indexing yields to edits: an open document is answered from what is indexed so far; the
    // refresh sent when indexing ends brings the cross-file findings. A client that cannot be
    // asked to pull again waits for the index instead.
    await (state.canRefresh ? openDocumentsReady(state) : state.ready);
    const uri = params.textDocument.uri;
    if (isIgnored(state, uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const document = state.documents.get(uri);
    const bytes = document === undefined ? undefined : documentOversize(state, document);
    if (bytes !== undefined) {
      const setting =
        (await settingsFor(state, uri)).rules?.[SIZE_LIMIT_CODE] ??
        registryEntry(SIZE_LIMIT_CODE)?.defaultSeverity ??
        'information';
      const items = setting === 'off' ? [] : [sizeLimitDiagnostic(bytes, state.maxFileBytes, setting)];
      return { kind: DocumentDiagnosticReportKind.Full, items };
    }
    const linted = await lintDocument(state, uri, { fixes: false });
    if (!linted) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const { file, findings } = linted;
    const linesOf = (other: string) => state.index.get(other)?.lines;
    const items = findings.map((f) => toDiagnostic(f, file.lines, linesOf, state.ruleDocsCommand));
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });
}
