/**
 * The linter core: findings for one indexed file. Pure (no connection, no I/O): the LSP server
 * and the CLI both call it and convert findings to positions at their edge.
 */
import { RULES } from './rules';
import { isEagerKind } from '../../shared/src/manifest';
import { withFixes } from './rules/fixers';
import type { Finding, Rule, Severity, WorkspaceView } from './rules/types';
import { applySuppressions, findSuppressions, UNUSED_SUPPRESSION, unusedSuppressionFinding } from './suppression';
import type { IndexedFile } from './workspace';
import type { RuleSetting } from '../../shared/src/settings';

export type { RuleSetting };

export interface LintOptions {
  /** Per-rule severity or `off`; rules not listed use their default. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Called when a rule throws; the other rules still run. */
  readonly onRuleError?: (rule: Rule, error: unknown) => void;
  /** `major.minor` of the target cluster; the newest supported when absent. */
  readonly kubernetesVersion?: string;
  /** Only these rules run (Kustomize patches and bases: partial objects, see render/partial.ts). */
  readonly onlyRules?: ReadonlySet<string>;
}

export interface ResolvedFinding extends Finding {
  readonly severity: Severity;
  /** `Kind/name` of the object the finding is about, if any. */
  readonly object?: string;
}

/** Codes of findings that are not rules: YAML syntax, templates, alias limits. */
const PARSE_SEVERITY: Record<string, Severity> = {
  'yaml-syntax': 'error',
  'yaml-alias-limit': 'error',
  'yaml-template': 'hint',
};

export function lintFile(file: IndexedFile, workspace: WorkspaceView, options: LintOptions = {}): ResolvedFinding[] {
  const out: ResolvedFinding[] = [];
  for (const issue of file.manifest.syntaxErrors) {
    const severity = severityOf(issue.code, PARSE_SEVERITY[issue.code] ?? 'error', options);
    if (severity) out.push({ rule: issue.code, span: issue.span, message: issue.message, severity });
  }
  const ctx = { uri: file.uri, workspace, fileText: file.text, ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}) };
  for (const object of file.manifest.objects) {
    // Rules check only the kinds parsed eagerly (manifest.ts EAGER_KINDS); the others stay unparsed.
    if (!isEagerKind(object.kind)) continue;
    for (const rule of RULES) {
      const severity = severityOf(rule.id, rule.defaultSeverity, options);
      if (options.onlyRules && !options.onlyRules.has(rule.id)) continue;
      if (!severity || (rule.enabledByDefault === false && options.rules?.[rule.id] === undefined)) continue;
      let findings: readonly Finding[];
      try {
        findings = rule.check(object, ctx);
      } catch (e) {
        options.onRuleError?.(rule, e);
        continue;
      }
      const configured = options.rules?.[rule.id] !== undefined;
      for (const found of findings) {
        const f = withFixes(found, object, ctx);
        out.push({ ...f, severity: configured ? severity : f.severity ?? severity, object: `${object.kind}/${object.name ?? '<unnamed>'}` });
      }
    }
  }
  const { kept, unused } = applySuppressions(out, findSuppressions(file));
  const unusedSeverity = severityOf(UNUSED_SUPPRESSION, 'information', options);
  if (unusedSeverity) {
    const known = new Set(RULES.map((r) => r.id));
    for (const s of unused) kept.push({ ...unusedSuppressionFinding(s, file.text, known), severity: unusedSeverity });
  }
  return kept.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
}

function severityOf(id: string, fallback: Severity, options: LintOptions): Severity | undefined {
  const setting = options.rules?.[id] ?? fallback;
  return setting === 'off' ? undefined : setting;
}
