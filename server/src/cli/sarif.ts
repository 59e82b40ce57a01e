/**
 * `rollout-lens lint --format sarif`: SARIF 2.1.0 with exact regions (1-based lines, UTF-16
 * columns, end column exclusive), rule metadata from the rule registry and help URIs pointing at
 * the rule pages in docs/rules/. Typed with @types/sarif (the 2.1.0 object model).
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULES } from '../rules';
import type { Severity } from '../rules/types';

/** Where the rule pages live (docs/rules/<id>.md in the repository). */
export const DOCS_BASE_URI = 'https://github.com/rollout-lens/rollout-lens/blob/main/docs/rules/';
export const TOOL_VERSION = '0.1.0';

/** Findings that are not rules (parse problems, suppressions) still get descriptors. */
const BUILTIN: Record<string, { summary: string; severity: Severity }> = {
  'yaml-syntax': { summary: 'The file is not valid YAML.', severity: 'error' },
  'yaml-alias-limit': { summary: 'YAML aliases expand to too much data; the object is not checked.', severity: 'error' },
  'yaml-template': { summary: 'The document contains Helm/Go template markers and is not checked.', severity: 'hint' },
  'unused-suppression': { summary: 'A rollout-lens suppression comment that silences nothing.', severity: 'information' },
};

export interface SarifFinding {
  /** Path relative to the base (or absolute when outside it), `/`-separated. */
  readonly file: string;
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly object?: string;
}

function level(severity: string): Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

export function ruleDescriptors(): ReportingDescriptor[] {
  const out: ReportingDescriptor[] = RULES.map((r) => ({
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.summary },
    fullDescription: { text: r.docs.split('\n\n')[0]?.replace(/\s+/g, ' ') ?? r.summary },
    helpUri: `${DOCS_BASE_URI}${r.id}.md`,
    help: { text: r.docs.replace(/\s+/g, ' '), markdown: r.docs },
    defaultConfiguration: { level: level(r.defaultSeverity), enabled: r.enabledByDefault !== false },
  }));
  for (const [id, b] of Object.entries(BUILTIN)) {
    out.push({ id, name: ruleName(id), shortDescription: { text: b.summary }, helpUri: `${DOCS_BASE_URI}${id}.md`, defaultConfiguration: { level: level(b.severity) } });
  }
  return out;
}

/** A SARIF log of the findings; `baseUri` (a file: URI ending in `/`) anchors relative paths. */
export function toSarif(findings: readonly SarifFinding[], baseUri: string): Log {
  const rules = ruleDescriptors();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = findings.map((f) => {
    const relative = !/^(\/|[a-zA-Z]:[\\/])/.test(f.file);
    const ruleIndex = index.get(f.rule);
    return {
      ruleId: f.rule,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: level(f.severity),
      message: { text: f.object ? `${f.object}: ${f.message}` : f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: relative ? { uri: encodeURI(f.file), uriBaseId: 'SRCROOT' } : { uri: `file://${encodeURI(f.file)}` },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
          ...(f.object ? { logicalLocations: [{ fullyQualifiedName: f.object, kind: 'object' }] } : {}),
        },
      ],
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'rollout-lens', version: TOOL_VERSION, informationUri: DOCS_BASE_URI.replace(/docs\/rules\/$/, ''), rules } },
        originalUriBaseIds: { SRCROOT: { uri: baseUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
