/**
 * `rollout-lens lint --format sarif`: SARIF 2.1.0 with exact regions (1-based lines, UTF-16
 * columns, end column exclusive), rule metadata from the rule registry and help URIs pointing at
 * the rule pages in docs/rules/ (see docsUri.ts: derived from package.json), related locations for
 * findings that point at other places. Typed with @types/sarif (the 2.1.0 object model); the
 * tests validate it against the official SARIF 2.1.0 JSON schema.
 */
import type { LintDiagnostic } from './lint';
import type { Location, Log, PhysicalLocation, ReportingDescriptor, Result } from 'sarif';
import { RULES } from '../rules';
import type { Severity } from '../rules/types';
import { homepageUri, packageInfo, ruleDocsUri } from '../docsUri';

/** Findings that are not rules (parse problems, suppressions) still get descriptors. */
const BUILTIN: Record<string, { summary: string; severity: Severity }> = {
  'yaml-syntax': { summary: 'The file is not valid YAML.', severity: 'error' },
  'yaml-alias-limit': { summary: 'YAML aliases expand to too much data; the object is not checked.', severity: 'error' },
  'yaml-template': { summary: 'The document contains Helm/Go template markers and is not checked.', severity: 'hint' },
  'unused-suppression': { summary: 'A rollout-lens suppression comment that silences nothing.', severity: 'information' },
};

function level(severity: string): Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

function helpUri(id: string): { helpUri?: string } {
  const uri = ruleDocsUri(id);
  return uri ? { helpUri: uri } : {};
}

function physicalLocation(f: { file: string; line: number; column: number; endLine: number; endColumn: number }): PhysicalLocation {
  const relative = !/^(\/|[a-zA-Z]:[\\/])/.test(f.file);
  return {
    artifactLocation: relative ? { uri: encodeURI(f.file), uriBaseId: 'SRCROOT' } : { uri: `file://${encodeURI(f.file)}` },
    region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
  };
}

export function ruleDescriptors(): ReportingDescriptor[] {
  const out: ReportingDescriptor[] = RULES.map((r) => ({
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.summary },
    fullDescription: { text: r.docs.split('\n\n')[0]?.replace(/\s+/g, ' ') ?? r.summary },
    ...helpUri(r.id),
    help: { text: r.docs.replace(/\s+/g, ' '), markdown: r.docs },
    defaultConfiguration: { level: level(r.defaultSeverity), enabled: r.enabledByDefault !== false },
  }));
  for (const [id, b] of Object.entries(BUILTIN)) {
    out.push({ id, name: ruleName(id), shortDescription: { text: b.summary }, ...helpUri(id), defaultConfiguration: { level: level(b.severity) } });
  }
  return out;
}

/** A SARIF log of the findings; `baseUri` (a file: URI ending in `/`) anchors relative paths. */
export function toSarif(findings: readonly LintDiagnostic[], baseUri: string): Log {
  const rules = ruleDescriptors();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = findings.map((f) => {
    const ruleIndex = index.get(f.rule);
    const related: Location[] = (f.related ?? []).map((r, i) => ({ id: i, physicalLocation: physicalLocation(r), message: { text: r.message } }));
    return {
      ruleId: f.rule,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: level(f.severity),
      message: { text: f.object ? `${f.object}: ${f.message}` : f.message },
      locations: [
        {
          physicalLocation: physicalLocation(f),
          ...(f.object ? { logicalLocations: [{ fullyQualifiedName: f.object, kind: 'object' }] } : {}),
        },
      ],
      ...(related.length ? { relatedLocations: related } : {}),
    };
  });
  const informationUri = homepageUri();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'rollout-lens', version: packageInfo()?.version ?? '0.0.0', ...(informationUri ? { informationUri } : {}), rules } },
        originalUriBaseIds: { SRCROOT: { uri: baseUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
