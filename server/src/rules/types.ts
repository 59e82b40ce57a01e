import type { K8sObject, ServiceObject, Span } from '../../../shared/src/manifest';

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
  /** Everything a quick fix needs, carried in `Diagnostic.data`. */
  readonly data?: unknown;
}

/** A Service somewhere in the workspace, with the file it lives in. */
export interface LocatedService {
  readonly uri: string;
  readonly service: ServiceObject;
}

/** What rules may ask about the rest of the workspace. */
export interface WorkspaceView {
  /** Services named `name` in `namespace`, those of `preferUri` first, then by uri. */
  servicesNamed(namespace: string, name: string, preferUri: string): readonly LocatedService[];
  /** Services named `name` in any namespace. */
  servicesAnywhere(name: string): readonly LocatedService[];
}

export interface RuleContext {
  readonly uri: string;
  readonly workspace: WorkspaceView;
}

export interface Rule {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line: what the rule finds. */
  readonly summary: string;
  /** Markdown: why it matters and how to fix it. */
  readonly docs: string;
  /** Checks one object; return nothing when the object is fine or is not of a kind it checks. */
  check(object: K8sObject, ctx: RuleContext): readonly Finding[];
}

/** A short label for messages and the CLI: `StatefulSet/kubia`. */
export function objectLabel(o: K8sObject): string {
  return `${o.kind}/${o.name ?? '<unnamed>'}`;
}
