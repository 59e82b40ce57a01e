/**
 * `rollout-lens lint --format sarif`: SARIF 2.1.0 with exact regions (1-based lines, UTF-16
 * columns, end column exclusive), rule metadata from the rule registry and help URIs pointing at
 * the rule pages in docs/rules/ (see docsUri.ts: derived from package.json), related locations for
 * findings that point at other places. Typed with @types/sarif (the 2.1.0 object model); the
 * tests validate it against the official SARIF 2.1.0 JSON schema.
 *
 * For GitHub code scanning: artifact URIs are relative to the repository root (`%SRCROOT%` in
 * `originalUriBaseIds`), every result has a `partialFingerprints` entry computed from the file, the rule, the object
 * and the field path (not the line, so an alert survives edits that move it), and rules carry `properties.tags` and
 * `properties.precision`.
 */
import { createHash } from 'node:crypto';
import type { LintDiagnostic } from './lint';
import type { Location, Log, PhysicalLocation, ReportingDescriptor, Result } from 'sarif';
import { registry } from '../rules';
import type { Severity } from '../rules/types';
import { homepageUri, packageInfo, ruleDocsUri } from '../docsUri';

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

export const SRCROOT = '%SRCROOT%';
/** The key of our fingerprint in partialFingerprints (versioned: a new scheme gets a new key). */
export const FINGERPRINT_KEY = 'rolloutLens/v1';

type Place = { file: string; line: number; column: number; endLine: number; endColumn: number };

function physicalLocation(f: Place, repoPath: (file: string) => string): PhysicalLocation {
  const p = repoPath(f.file);
  const relative = !/^(\/|[a-zA-Z]:[\\/])/.test(p);
  return {
    artifactLocation: relative ? { uri: encodeURI(p), uriBaseId: SRCROOT } : { uri: `file://${encodeURI(p)}` },
    region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
  };
}

/** Tags and precision per severity: an error is a promise that the API server rejects the object. */
function ruleProperties(severity: Severity): { tags: string[]; precision: string } {
  if (severity === 'error') return { tags: ['kubernetes', 'correctness'], precision: 'very-high' };
  if (severity === 'warning') return { tags: ['kubernetes', 'reliability'], precision: 'high' };
  return { tags: ['kubernetes', 'maintainability'], precision: 'medium' };
}

/** SARIF rule metadata of every registry entry (rules and built-in codes). */
export function ruleDescriptors(): ReportingDescriptor[] {
  return registry().map((r) => ({
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.summary },
    fullDescription: { text: r.docs.split('\n\n')[0]?.replace(/\s+/g, ' ') ?? r.summary },
    ...helpUri(r.id),
    help: { text: r.docs.replace(/\s+/g, ' '), markdown: r.docs },
    defaultConfiguration: { level: level(r.defaultSeverity), enabled: r.enabledByDefault !== false },
    properties: ruleProperties(r.defaultSeverity),
  }));
}

/**
 * A SARIF log of the findings. `baseUri` (a file: URI ending in `/`, the repository root) is `%SRCROOT%`;
 * `repoPath` turns a finding's file into its path relative to that root (identity by default).
 */
export function toSarif(
  findings: readonly LintDiagnostic[],
  baseUri: string,
  repoPath: (file: string) => string = (f) => f,
): Log {
  const rules = ruleDescriptors();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const seen = new Map<string, number>();
  const results: Result[] = findings.map((f) => {
    const ruleIndex = index.get(f.rule);
    const related: Location[] = (f.related ?? []).map((r, i) => ({
      id: i,
      physicalLocation: physicalLocation(r, repoPath),
      message: { text: r.message },
    }));
    // file + rule + object + field path; a repeat of the same key (rare: one field, two findings) is numbered.
    const key = [repoPath(f.file), f.rule, f.object ?? '', f.fieldPath ?? ''].join('\u0000');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const fingerprint = createHash('sha256')
      .update(n > 1 ? `${key}\u0000${n}` : key)
      .digest('hex')
      .slice(0, 32);
    return {
      ruleId: f.rule,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: level(f.severity),
      message: { text: f.object ? `${f.object}: ${f.message}` : f.message },
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
      locations: [
        {
          physicalLocation: physicalLocation(f, repoPath),
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
        tool: {
          driver: {
            name: 'rollout-lens',
            version: packageInfo()?.version ?? '0.0.0',
            ...(informationUri ? { informationUri } : {}),
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: baseUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
