/**
 * The linter core: findings for one indexed file. Pure (no connection, no I/O): the LSP server
 * and the CLI both call it and convert findings to positions at their edge.
 */
import type { K8sObject } from '../../shared/src/manifest';
import { registryEntry, RULES } from './rules';
import type { FixData } from './rules/edits';
import { asRecord } from './rules/support';
import type { Finding, Rule, RuleContext, Severity, WorkspaceView } from './rules/types';
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

export function lintFile(file: IndexedFile, workspace: WorkspaceView, options: LintOptions = {}): ResolvedFinding[] {
  const out: ResolvedFinding[] = [];
  for (const issue of file.manifest.syntaxErrors) {
    const severity = severityOf(issue.code, registryEntry(issue.code)?.defaultSeverity ?? 'error', options);
    if (severity) out.push({ rule: issue.code, span: issue.span, message: issue.message, severity });
  }
  const ctx = {
    uri: file.uri,
    workspace,
    fileText: file.text,
    ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
  };
  for (const object of file.manifest.objects) {
    // Dispatch on the kinds each rule declares (all parsed eagerly: objects of other kinds stay unparsed).
    for (const rule of RULES) {
      if (!rule.kinds.includes(object.kind)) continue;
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
        const f = withFixes(rule, found, object, ctx);
        out.push({
          ...f,
          severity: configured ? severity : (f.severity ?? severity),
          object: `${object.kind}/${object.name ?? '<unnamed>'}`,
        });
      }
    }
  }
  const { kept, unused } = applySuppressions(out, findSuppressions(file));
  const unusedSeverity = severityOf(
    UNUSED_SUPPRESSION,
    registryEntry(UNUSED_SUPPRESSION)?.defaultSeverity ?? 'information',
    options,
  );
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

/** The finding with the rule's `fix` added to its `data.fixes` (unchanged when there are none). */
function withFixes(rule: Rule, finding: Finding, object: K8sObject, ctx: RuleContext): Finding {
  if (!rule.fix || ctx.fileText === undefined) return finding;
  let fixes: readonly FixData[];
  try {
    fixes = rule.fix(finding, object, { ...ctx, fileText: ctx.fileText });
  } catch {
    return finding; // a broken fix must not lose the finding
  }
  if (fixes.length === 0) return finding;
  const data = asRecord(finding.data) ?? {};
  return { ...finding, data: { ...data, fixes: [...((data.fixes as FixData[] | undefined) ?? []), ...fixes] } };
}
