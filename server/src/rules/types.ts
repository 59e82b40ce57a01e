import type { K8sObject, ServiceObject, Span } from '../../../shared/src/manifest';
import type { FixData } from './edits';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A place in another file (or the same one), for `relatedInformation`. */
export interface RelatedLocation {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

/** What a rule reports: offsets only; positions are computed at the edge (LSP / CLI). */
export interface Finding {
  readonly rule: string;
  readonly span: Span;
  readonly message: string;
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  /** What quick fixes need (`fixes`: edits with offsets); kept on the server, not sent to the client. */
  readonly data?: unknown;
}

/** A Service somewhere in the workspace, with the file it lives in. */
export interface LocatedService {
  readonly uri: string;
  readonly service: ServiceObject;
}

/** Any object somewhere in the workspace, with the file it lives in. */
export interface LocatedObject {
  readonly uri: string;
  readonly object: K8sObject;
}

/** What rules may ask about the rest of the workspace. */
export interface WorkspaceView {
  /** Services named `name` in `namespace`, nearest to `preferUri` first (see nearest.ts), then by uri. */
  servicesNamed(namespace: string, name: string, preferUri: string): readonly LocatedService[];
  /**
   * HorizontalPodAutoscalers of `namespace` whose scaleTargetRef names `name` (any kind), nearest to `preferUri` first.
   */
  autoscalersTargeting?(namespace: string, name: string, preferUri: string): readonly LocatedObject[];
  /** PodDisruptionBudgets of `namespace`. */
  disruptionBudgetsIn?(namespace: string): readonly LocatedObject[];
  /** Services named `name` in any namespace. */
  servicesAnywhere(name: string): readonly LocatedService[];
  /** Every Service of `namespace`, by uri then position. */
  servicesIn(namespace: string): readonly LocatedService[];
  /** Every pod template (workloads, Jobs, CronJobs, bare Pods) of `namespace`, by uri then position. */
  podTemplatesIn(namespace: string): readonly LocatedPodTemplate[];
  /** The pod templates of the namespace a Service selector selects (an index lookup, not a scan). */
  podTemplatesSelectedBy?(namespace: string, selector: Readonly<Record<string, string>>): readonly LocatedPodTemplate[];
  /** The text of an indexed file, for quick fixes that edit another file. */
  fileText?(uri: string): string | undefined;
  /** Objects whose kind and apiVersion pass `filter` (cheap: other objects are not parsed). */
  objectsWhere?(
    filter: (kind: string, apiVersion: string) => boolean,
  ): readonly { readonly uri: string; readonly object: K8sObject }[];
}

/** A pod template somewhere in the workspace: the pods some object creates. */
export interface LocatedPodTemplate {
  readonly uri: string;
  readonly object: K8sObject;
  /** The template's `metadata.labels` (string values only). */
  readonly labels: Readonly<Record<string, string>>;
  /** The template's pod spec, plain JS (shape not guaranteed). */
  readonly podSpec: unknown;
  /** Labels the controller adds to each pod (see rules/support.ts). */
  readonly controllerLabels?: Readonly<Record<string, string>>;
  /** A custom resource whose operator probably creates pods with these labels: no pod spec known. */
  readonly inferred?: boolean;
}

export interface RuleContext {
  readonly uri: string;
  readonly workspace: WorkspaceView;
  /** `major.minor` of the cluster the manifests target (the newest supported when not set). */
  readonly kubernetesVersion?: string;
  /** The text of the file being linted, for rules that compute quick-fix edits. */
  readonly fileText?: string;
  /**
   * The file's text between two offsets (a node's source), without the whole text as one string
   * (the language server makes that only when read). Absent: slice `fileText`.
   */
  readonly textBetween?: (start: number, end: number) => string;
}

/**
 * What every entry of the rule registry declares: the checking rules and the built-in codes. The
 * registry (`rules/index.ts`) generates the `rolloutLens.rules` block of package.json, the rule
 * pages and their index in docs/rules/, and the SARIF rule metadata from these fields.
 */
export interface RuleInfo {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** False for opt-in rules: they run only when a setting gives them a severity. */
  readonly enabledByDefault?: boolean;
  /** One line: what the rule finds. */
  readonly summary: string;
  /** Markdown: why it matters and how to fix it. */
  readonly docs: string;
}

/** Quick fixes for a finding of the rule (offsets), computed with the file's text. */
export type FixProvider = (
  finding: Finding,
  object: K8sObject,
  ctx: RuleContext & { readonly fileText: string },
) => readonly FixData[];

export interface Rule extends RuleInfo {
  /**
   * The object kinds the rule checks: the linter calls `check` for objects of these kinds only.
   * Each must be parsed eagerly (`EAGER_KINDS` of shared/src/manifest.ts; a test checks).
   */
  readonly kinds: readonly string[];
  /** Checks one object; return nothing when the object is fine. */
  check(object: K8sObject, ctx: RuleContext): readonly Finding[];
  /** Quick fixes for findings that do not carry their own in `data.fixes` (added by the linter). */
  readonly fix?: FixProvider;
}

/** A finding code that is not a rule: parse problems, suppressions, the file size limit. */
export interface BuiltinCode extends RuleInfo {
  /** Who reports it. */
  readonly reportedBy: 'parser' | 'suppressions' | 'server';
}

/** A short label for messages and the CLI: `StatefulSet/kubia`. */
export function objectLabel(o: K8sObject): string {
  return `${o.kind}/${o.name ?? '<unnamed>'}`;
}
