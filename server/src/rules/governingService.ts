/**
 * The governing Service of a StatefulSet (named by `spec.serviceName`): it must exist in the
 * StatefulSet's namespace and be headless. Two rules share the lookup.
 */
import { isStatefulSet } from '../../../shared/src/manifest';
import type { K8sObject, Span } from '../../../shared/src/manifest';
import { mapAt, pairOf, scalarValue, spanOf, valueSpan } from '../../../shared/src/yamlPath';
import { relativePath } from '../nearest';
import { insertInMap, setScalar } from './edits';
import { governingServices, nameSpan, scalarAt, tieNote, tieRelated } from './support';
import type { Finding, LocatedService, Rule, RuleContext } from './types';

interface Governed {
  readonly serviceName: string;
  readonly span: Span;
}

function governed(object: K8sObject): Governed | undefined {
  if (!isStatefulSet(object)) return undefined;
  const value = pairOf(pairOf(object.node, 'spec')?.value, 'serviceName')?.value;
  const name = scalarValue(value);
  const span = spanOf(value);
  if (typeof name !== 'string' || name.trim() === '' || !span) return undefined;
  return { serviceName: name, span };
}

/** Why a clusterIP value does not make a Service headless, or undefined when it does. */
export function notHeadlessReason(clusterIP: unknown): string | undefined {
  if (clusterIP === 'None') return undefined;
  if (clusterIP === undefined || clusterIP === null || clusterIP === '')
    return 'has no clusterIP: None, so it gets a virtual IP';
  if (typeof clusterIP === 'string' && clusterIP.trim().toLowerCase() === 'none') {
    return `has clusterIP ${JSON.stringify(clusterIP)}, which is not headless: the value must be exactly "None" (case and spaces matter)`;
  }
  return `has clusterIP ${JSON.stringify(clusterIP)}, a virtual IP`;
}

function clusterIPOf(s: LocatedService): unknown {
  return (s.service.value.spec as { clusterIP?: unknown } | undefined)?.clusterIP;
}

function clusterIPSpan(s: LocatedService): Span {
  const spec = pairOf(s.service.node, 'spec')?.value;
  return valueSpan(spec, 'clusterIP') ?? nameSpan(s);
}

export const governingServiceNotHeadless: Rule = {
  id: 'governing-service-not-headless',
  kinds: ['StatefulSet'],
  defaultSeverity: 'warning',
  summary: "The StatefulSet's governing Service exists but is not headless (clusterIP: None).",
  docs: `Per-pod DNS records (\`<pod>.<service>.<namespace>.svc.cluster.local\`) exist only when the governing Service is
headless: \`spec.clusterIP: None\`, spelled exactly so. A Service with a cluster IP load-balances instead, and the
pods' stable names never resolve. Set \`clusterIP: None\` on the Service — clusterIP is immutable on a live
Service, so it has to be deleted and re-created.

When several files define a Service of that name in the StatefulSet's namespace, the nearest one is used: the same
file, then the same folder, then the folder fewest steps away (up to the common parent folder, then down). When two
are equally near the message says so and lists both; the rule judges each.

**Versions:** the API server never checks \`serviceName\` against a Service (1.27–1.34): the StatefulSet is accepted in every supported version, whatever the Service's type.`,
  fix(_finding, o, ctx) {
    const name = scalarAt(mapAt(o.node, ['spec']), 'serviceName');
    if (typeof name !== 'string') return [];
    // The Service the rule reported: the nearest one, on a tie the first that is not headless.
    const found = governingServices(o.namespace, name, ctx).find(
      (s) => notHeadlessReason(clusterIPOf(s)) !== undefined,
    );
    const text = found && ctx.workspace.fileText?.(found.uri);
    if (!found || text === undefined) return [];
    const svcSpec = mapAt(found.service.node, ['spec']);
    const edit =
      svcSpec && pairOf(svcSpec, 'clusterIP')
        ? setScalar(text, svcSpec, 'clusterIP', 'None')
        : insertInMap(text, svcSpec, 'clusterIP', 'None');
    if (!edit) return [];
    return [
      {
        title: `Set clusterIP: None on Service "${name}" (clusterIP is immutable: a live Service must be deleted and re-created)`,
        edits: [{ ...edit, ...(found.uri !== ctx.uri ? { uri: found.uri } : {}) }],
        preferred: true,
      },
    ];
  },
  check(object, ctx) {
    const g = governed(object);
    if (!g) return [];
    const candidates = governingServices(object.namespace, g.serviceName, ctx);
    // On a tie, the first candidate that is not headless is reported (the other is named in the message).
    const found = candidates.find((s) => notHeadlessReason(clusterIPOf(s)) !== undefined);
    if (!found) return [];
    const reason = notHeadlessReason(clusterIPOf(found)) as string;
    const where = candidates.length > 1 ? ` (${relativePath(ctx.uri, found.uri)})` : '';
    const finding: Finding = {
      rule: 'governing-service-not-headless',
      span: g.span,
      message:
        tieNote(g.serviceName, candidates, ctx) +
        `Governing Service "${g.serviceName}"${where} ${reason}; StatefulSet pods get stable DNS names only through a headless Service. ` +
        'Set spec.clusterIP: None on the Service (clusterIP is immutable: re-create a live Service).',
      related: [
        { uri: found.uri, span: clusterIPSpan(found), message: `Service "${g.serviceName}" is defined here` },
        ...tieRelated(g.serviceName, candidates, [found]),
      ],
      data: { serviceUri: found.uri, serviceSpan: clusterIPSpan(found) },
    };
    return [finding];
  },
};

export const governingServiceMissing: Rule = {
  id: 'governing-service-missing',
  kinds: ['StatefulSet'],
  defaultSeverity: 'information',
  summary: "No Service named by the StatefulSet's serviceName exists in its namespace in the workspace.",
  docs: `\`spec.serviceName\` names the governing Service, which must exist in the StatefulSet's own namespace and be
headless. None of that name was found in any YAML file of the workspace (a Service of the same name in another
namespace does not count). Add a headless Service (\`clusterIP: None\`) selecting the pods, or fix the name.

**Versions:** the API server never checks \`serviceName\` against a Service (1.27–1.34): the StatefulSet is accepted in every supported version; only the per-pod DNS names are missing.`,
  check(object, ctx: RuleContext) {
    const g = governed(object);
    if (!g) return [];
    if (ctx.workspace.servicesNamed(object.namespace, g.serviceName, ctx.uri).length > 0) return [];
    const elsewhere = ctx.workspace.servicesAnywhere(g.serviceName).map((s) => s.service.namespace);
    const hint = elsewhere.length
      ? ` A Service of that name exists in namespace ${[...new Set(elsewhere)].map((n) => `"${n}"`).join(', ')}, but it must be in "${object.namespace}".`
      : '';
    return [
      {
        rule: 'governing-service-missing',
        span: g.span,
        message:
          `No Service "${g.serviceName}" in namespace "${object.namespace}" was found in the workspace: the StatefulSet's pods ` +
          `get DNS names only once this headless governing Service exists.${hint} Add a Service with clusterIP: None that selects the pods.`,
      },
    ];
  },
};
