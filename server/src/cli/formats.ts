/**
 * `rollout-lens lint --format`: one formatter per output format (SARIF is in sarif.ts). Each gets the findings
 * and where they are (paths relative to the working directory for people, to the repository root for CI).
 */
import type { LintDiagnostic } from './lint';
import { toSarif } from './sarif';

export interface ReportContext {
  /** Files checked (reported ones; context-only files excluded). */
  readonly fileCount: number;
  /** Display path (as in LintDiagnostic.file) → path relative to the repository root, `/`-separated. */
  repoPath(file: string): string;
  /** file: URI of the repository root, ending in `/`. */
  readonly rootUri: string;
}

export const FORMATS = ['text', 'json', 'sarif', 'github', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export const FORMATTERS: Record<Format, (d: readonly LintDiagnostic[], ctx: ReportContext) => string> = {
  text: formatText,
  json: (d) => `${JSON.stringify({ diagnostics: d }, null, 2)}\n`,
  sarif: (d, ctx) => `${JSON.stringify(toSarif(d, ctx.rootUri, ctx.repoPath), null, 2)}\n`,
  github: formatGithub,
  junit: formatJunit,
};

function count(diagnostics: readonly LintDiagnostic[], severity: string): number {
  return diagnostics.filter((d) => d.severity === severity).length;
}

function formatText(diagnostics: readonly LintDiagnostic[], ctx: ReportContext): string {
  // Each finding's related places (the Service it used, …) follow it, indented, so the file is named.
  const lines = diagnostics.flatMap((d) => [
    `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.rule}]${d.object ? ` ${d.object}:` : ''} ${d.message}`,
    ...(d.related ?? []).map((r) => `    ${r.file}:${r.line}:${r.column}: related: ${r.message}`),
  ]);
  const n = ctx.fileCount;
  lines.push(
    `${n} file${n === 1 ? '' : 's'} checked: ${count(diagnostics, 'error')} errors, ${count(diagnostics, 'warning')} warnings, ` +
      `${count(diagnostics, 'information')} infos, ${count(diagnostics, 'hint')} hints.`,
  );
  return lines.join('\n') + '\n';
}

/** GitHub Actions workflow commands (`::error file=…,line=…::message`), escaped as the runner expects. */
function formatGithub(diagnostics: readonly LintDiagnostic[], ctx: ReportContext): string {
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const command = (severity: string) =>
    severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
  return diagnostics
    .map((d) => {
      const props = [
        `file=${prop(ctx.repoPath(d.file))}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${prop(`rollout-lens ${d.rule}`)}`,
      ];
      return `::${command(d.severity)} ${props.join(',')}::${data(d.object ? `${d.object}: ${d.message}` : d.message)}\n`;
    })
    .join('');
}

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters: they are removed
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/**
 * JUnit XML: one `<testsuite>` per file with findings, one `<testcase>` per finding; error and warning findings
 * are `<failure>`s, information and hints pass (their text in `<system-out>`). A clean run is one passing testcase.
 */
function formatJunit(diagnostics: readonly LintDiagnostic[], ctx: ReportContext): string {
  const byFile = new Map<string, LintDiagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const failing = (d: LintDiagnostic) => d.severity === 'error' || d.severity === 'warning';
  const suites: string[] = [];
  for (const [file, list] of byFile) {
    const cases = list.map((d) => {
      const name = xml(`${d.rule}${d.object ? ` ${d.object}` : ''} (${d.line}:${d.column})`);
      const where = `${ctx.repoPath(file)}:${d.line}:${d.column}`;
      const body = failing(d)
        ? `<failure message="${xml(d.message)}" type="${d.severity}">${xml(`${where}: ${d.message}`)}</failure>`
        : `<system-out>${xml(`${where}: ${d.severity}: ${d.message}`)}</system-out>`;
      return `    <testcase classname="${xml(ctx.repoPath(file))}" name="${name}" file="${xml(ctx.repoPath(file))}" line="${d.line}">${body}</testcase>`;
    });
    suites.push(
      `  <testsuite name="${xml(ctx.repoPath(file))}" tests="${list.length}" failures="${list.filter(failing).length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  if (suites.length === 0) {
    suites.push(
      `  <testsuite name="rollout-lens" tests="1" failures="0" errors="0">\n    <testcase classname="rollout-lens" name="${ctx.fileCount} files checked, no findings"/>\n  </testsuite>`,
    );
  }
  const failures = diagnostics.filter(failing).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rollout-lens" tests="${Math.max(1, diagnostics.length)}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
