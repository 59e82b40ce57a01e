/**
 * The code actions ESLint users expect on every finding: "Disable <rule> for this line", "Disable
 * <rule> for this file" (suppression comments, `../suppressionEdits.ts`) and "Show documentation for
 * <rule>" (the rule page bundled in the extension, opened by the client's `rolloutLens.showRuleDocs`).
 */
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction } from 'vscode-languageserver';
import type { ResolvedFinding } from '../lint';
import { UNUSED_SUPPRESSION } from '../suppression';
import { disableForFile, disableForLine } from '../suppressionEdits';
import type { IndexedFile } from '../workspace';
import { toDiagnostic, toRange } from './convert';

export const SHOW_RULE_DOCS_COMMAND = 'rolloutLens.showRuleDocs';
/** Built-in codes that are not rules: no suppression offered. */
const NOT_SUPPRESSIBLE = new Set([UNUSED_SUPPRESSION, 'file-too-large']);

export function suppressionActions(
  uri: string,
  file: IndexedFile,
  all: readonly ResolvedFinding[],
  matched: readonly ResolvedFinding[],
): CodeAction[] {
  const out: CodeAction[] = [];
  const lines = file.lines;
  const seen = new Set<string>();
  for (const f of matched) {
    const line = lines.positionAt(f.span[0]).line;
    const key = `${f.rule}@${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const diagnostics = [toDiagnostic(f, lines, () => undefined)];
    if (!NOT_SUPPRESSIBLE.has(f.rule)) {
      const e = disableForLine(file.text, f.span[0], f.rule);
      out.push({
        title: `Disable ${f.rule} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics,
        edit: { changes: { [uri]: [{ range: toRange(lines, e.span), newText: e.newText }] } },
      });
      const same = all.filter((x) => x.rule === f.rule).map((x) => x.span[0]);
      out.push({
        title: `Disable ${f.rule} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: all.filter((x) => x.rule === f.rule).map((x) => toDiagnostic(x, lines, () => undefined)),
        edit: {
          changes: {
            [uri]: disableForFile(file.text, same, f.rule).map((d) => ({
              range: toRange(lines, d.span),
              newText: d.newText,
            })),
          },
        },
      });
    }
    out.push({
      title: `Show documentation for ${f.rule}`,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      command: { title: `Show documentation for ${f.rule}`, command: SHOW_RULE_DOCS_COMMAND, arguments: [f.rule] },
    });
  }
  return out;
}
