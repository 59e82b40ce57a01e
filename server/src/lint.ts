/**
 * The linter core: findings for one indexed file. Pure (no connection, no I/O): the LSP server
 * and the CLI both call it and convert findings to positions at their edge.
 */
import { manifestIncludes, textBetween } from '../../shared/src/manifest';
import type { K8sObject, Span } from '../../shared/src/manifest';
import { registryEntry, RULES } from './rules';
import type { FixableData, FixData } from './rules/edits';
import { asRecord } from './rules/support';
import type { Finding, Rule, RuleContext, Severity, WorkspaceView } from './rules/types';
import { applySuppressions, findSuppressions, UNUSED_SUPPRESSION, unusedSuppressionFinding } from './suppression';
import { recordingView } from './workspace';
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
  /**
   * False: the rules' `fix` providers are not run (diagnostics never carry fixes: code actions plan
   * them from their own lint). Findings whose rule puts fixes in `data` itself keep them.
   */
  readonly fixes?: boolean;
  /**
   * Changes whenever what files see of each other changes (`WorkspaceIndex.generation`): results of
   * rules that read the workspace are reused while it stays the same. Absent: such rules always run.
   */
  readonly workspaceVersion?: number;
  /**
   * The version of each dependency key (`WorkspaceIndex.dependencyVersion`): a result of a rule that
   * read the workspace is also reused while every query it made would answer the same, even when
   * `workspaceVersion` moved on (another object changed).
   */
  readonly dependencyVersion?: (key: string) => number;
}

export interface ResolvedFinding extends Finding {
  readonly severity: Severity;
  /** `Kind/name` of the object the finding is about, if any. */
  readonly object?: string;
}

/** The parser's message on a repeated key of a map (shared/src/manifest.ts addDuplicateKeyErrors). */
const DUPLICATE_KEY = 'Map keys must be unique';
/**
 * A repeated key is no rejection: `kubectl apply -f` converts YAML with go-yaml v2 in non-strict mode
 * (sigs.k8s.io/yaml YAMLToJSON; only UnmarshalStrict says "already set in map"), which keeps the last
 * value (kubernetes/kubernetes#89303, #125885). Kustomize (kyaml, go-yaml v3) and Flux refuse the file.
 */
const DUPLICATE_KEY_MESSAGE =
  'Map keys must be unique: this key repeats an earlier one of the same map. kubectl apply -f keeps this last value ' +
  'and silently drops the earlier one; kustomize and Flux refuse the file. The document is not checked further.';

export function lintFile(file: IndexedFile, workspace: WorkspaceView, options: LintOptions = {}): ResolvedFinding[] {
  const out: ResolvedFinding[] = [];
  for (const issue of file.manifest.syntaxErrors) {
    const duplicate = issue.code === 'yaml-syntax' && issue.message === DUPLICATE_KEY;
    const fallback = duplicate ? 'warning' : (registryEntry(issue.code)?.defaultSeverity ?? 'error');
    const severity = severityOf(issue.code, fallback, options);
    const message = duplicate ? DUPLICATE_KEY_MESSAGE : issue.message;
    if (severity) out.push({ rule: issue.code, span: issue.span, message, severity });
  }
  const ctx = {
    uri: file.uri,
    workspace,
    // A getter: after an incremental update the file's text is made only if a rule reads it.
    get fileText() {
      return file.text;
    },
    textBetween: (start: number, end: number) => textBetween(file.manifest, start, end),
    ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
  };
  let noCr: boolean | undefined;
  const lfOnly = () => (noCr ??= !manifestIncludes(file.manifest, '\r'));
  for (const object of file.manifest.objects) {
    // Dispatch on the kinds each rule declares (all parsed eagerly: objects of other kinds stay unparsed).
    for (const rule of RULES) {
      if (!rule.kinds.includes(object.kind)) continue;
      const severity = severityOf(rule.id, rule.defaultSeverity, options);
      if (options.onlyRules && !options.onlyRules.has(rule.id)) continue;
      if (!severity || (rule.enabledByDefault === false && options.rules?.[rule.id] === undefined)) continue;
      let findings: readonly Finding[];
      try {
        findings = checkReusing(rule, object, ctx, lfOnly, options);
      } catch (e) {
        options.onRuleError?.(rule, e);
        continue;
      }
      const configured = options.rules?.[rule.id] !== undefined;
      for (const found of findings) {
        const f = options.fixes === false ? found : withFixes(rule, found, object, ctx);
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

/**
 * What a rule found in an object when it read nothing but the object (not the workspace or the file's URI; the
 * file's text only within the object, in a file with \n line ends), with spans relative to the object's start: valid
 * as long as the object's value is the same (manifest.ts reuses the objects of unchanged YAML documents, shifted
 * together), so a keystroke re-checks the edited document only. Keyed by the object's value, then rule and version.
 */
const reusable = new WeakMap<object, Map<string, Reusable>>();

interface Reusable {
  readonly at: number;
  readonly findings: readonly Finding[];
  /** The workspace version the rule read, if it read the workspace. */
  readonly workspace?: number;
  /** The dependency keys of the queries it made, with their versions then. */
  readonly dependencies?: readonly (readonly [string, number])[];
}

/**
 * `rule.check(object, ctx)`, or its earlier result for the same object when the rule read nothing
 * else (the file's URI is the object's own: values are never shared between files) or the workspace
 * as it still is.
 */
function checkReusing(
  rule: Rule,
  object: K8sObject,
  ctx: RuleContext,
  lfOnly: () => boolean,
  { workspaceVersion, dependencyVersion }: LintOptions,
): readonly Finding[] {
  const value = object.value;
  if (typeof value !== 'object' || value === null) return rule.check(object, ctx);
  const key = `${rule.id}\u0000${ctx.kubernetesVersion ?? ''}`;
  const at = object.span[0];
  const earlier = reusable.get(value)?.get(key);
  if (
    earlier &&
    (earlier.workspace === undefined ||
      earlier.workspace === workspaceVersion ||
      (dependencyVersion && earlier.dependencies?.every(([k, v]) => dependencyVersion(k) === v)))
  )
    return earlier.at === at ? earlier.findings : earlier.findings.map((f) => shifted(f, at - earlier.at));
  let local = true;
  let readWorkspace = false;
  const queried = new Set<string>();
  let recorded: WorkspaceView | undefined;
  const tracked: RuleContext = {
    uri: ctx.uri,
    get workspace() {
      readWorkspace = true;
      if (workspaceVersion === undefined) local = false;
      if (!dependencyVersion) return ctx.workspace;
      return (recorded ??= recordingView(ctx.workspace, queried));
    },
    get fileText() {
      // Rules read the text around their object (a value's source, its line): unchanged with the
      // object. The line-ending style of the file is the one thing they read from elsewhere.
      if (!lfOnly()) local = false;
      return ctx.fileText;
    },
    ...(ctx.textBetween
      ? {
          textBetween: (start: number, end: number) => {
            if (!lfOnly()) local = false; // as fileText
            return (ctx.textBetween as (start: number, end: number) => string)(start, end);
          },
        }
      : {}),
    ...(ctx.kubernetesVersion ? { kubernetesVersion: ctx.kubernetesVersion } : {}),
  };
  const findings = rule.check(object, tracked);
  if (local && findings.every(isShiftable)) {
    let byRule = reusable.get(value);
    if (!byRule) reusable.set(value, (byRule = new Map()));
    const dependencies = dependencyVersion && [...queried].map((k) => [k, dependencyVersion(k)] as const);
    byRule.set(
      key,
      readWorkspace
        ? { at, findings, workspace: workspaceVersion, ...(dependencies ? { dependencies } : {}) }
        : { at, findings },
    );
  }
  return findings;
}

/**
 * Whether every offset of the finding is known: its span and same-file fix edits. No related places;
 * other `data` only strings and booleans (a number might be an offset).
 */
function isShiftable(f: Finding): boolean {
  if (f.related?.length) return false;
  if (f.data === undefined) return true;
  const data = asRecord(f.data);
  if (!data) return false;
  return Object.entries(data).every(([k, v]) =>
    k === 'fixes'
      ? Array.isArray(v) &&
        v.every((x: FixData) => Array.isArray(x?.edits) && x.edits.every((e) => e.uri === undefined))
      : typeof v === 'string' || typeof v === 'boolean',
  );
}

function shifted(f: Finding, delta: number): Finding {
  const move = (s: Span): Span => [s[0] + delta, s[1] + delta];
  const data = f.data as Partial<FixableData> | undefined;
  if (!data?.fixes) return { ...f, span: move(f.span) };
  const fixes = data.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, span: move(e.span) })) }));
  return { ...f, span: move(f.span), data: { ...data, fixes } };
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
