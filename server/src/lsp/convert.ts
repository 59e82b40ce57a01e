/** Findings → LSP diagnostics: the only place offsets become LSP ranges. */
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { LineIndex } from '../../../shared/src/lines';
import type { Span } from '../../../shared/src/manifest';
import type { ResolvedFinding } from '../lint';
import type { Severity } from '../rules/types';
import { ruleDocsLink } from '../docsUri';

export const SOURCE = 'rollout-lens';

export const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span[0]), end: lines.positionAt(span[1]) };
}

/** The rule's page, as ESLint links its rules (the editor shows the code as a link); see docsUri.ts. */
function codeDescription(rule: string, docsCommand: string | undefined): { codeDescription?: { href: string } } {
  const href = ruleDocsLink(rule, docsCommand);
  return href ? { codeDescription: { href } } : {};
}

/**
 * `linesOf(uri)` gives the line index of another file, for related information; `docsCommand` is the
 * client's command opening a bundled rule page (`ServerState.ruleDocsCommand`). No `data`: quick
 * fixes are planned from a fresh lint when the client asks (lsp/codeActions.ts), never read back
 * from the diagnostic, so the edits (whole Service documents, sometimes) do not travel with it.
 */
export function toDiagnostic(
  finding: ResolvedFinding,
  lines: LineIndex,
  linesOf: (uri: string) => LineIndex | undefined,
  docsCommand?: string,
): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of finding.related ?? []) {
    const other = linesOf(r.uri);
    if (other) related.push({ location: { uri: r.uri, range: toRange(other, r.span) }, message: r.message });
  }
  return {
    range: toRange(lines, finding.span),
    severity: LSP_SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.rule,
    ...codeDescription(finding.rule, docsCommand),
    message: finding.message,
    ...(related.length ? { relatedInformation: related } : {}),
  };
}
