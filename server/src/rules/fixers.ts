/**
 * Quick fixes for rules whose findings do not compute their own: given the finding and its
 * object, the edits to put in `Finding.data.fixes`. Called by lintFile.
 */
import { isStatefulSet } from '../../../shared/src/manifest';
import type { K8sObject } from '../../../shared/src/manifest';
import { mapAt, pairOf } from '../../../shared/src/yamlPath';
import { appendDocument, insertInMap, setScalar } from './edits';
import type { FixData } from './edits';
import { governingServices, notHeadlessReason } from './governingService';
import { templateLabels } from './missingSelector';
import { stringMap } from './podTemplates';
import type { Finding, RuleContext } from './types';
import { rec, scalarAt, serviceSelects } from './util';

export const MIN_READY_SECONDS_FIX = 10;

type Fixer = (finding: Finding, object: K8sObject, ctx: RuleContext & { fileText: string }) => FixData[];

const FIXERS: Record<string, Fixer> = {
  'missing-min-ready-seconds'(_f, o, ctx) {
    const edit = setScalar(ctx.fileText, mapAt(o.node, ['spec']), 'minReadySeconds', MIN_READY_SECONDS_FIX, 'template');
    return edit ? [{ title: `Set spec.minReadySeconds: ${MIN_READY_SECONDS_FIX}`, edits: [edit], fixAll: true, preferred: true }] : [];
  },
  'missing-service-name'(_f, o, ctx) {
    if (!isStatefulSet(o)) return [];
    const spec = mapAt(o.node, ['spec']);
    const labels = templateLabels(o);
    const fixes: FixData[] = [];
    const headless = ctx.workspace.servicesIn(o.namespace).filter((s) => {
      const sSpec = rec(rec(s.service.value)?.spec);
      return sSpec?.clusterIP === 'None' && serviceSelects(stringMap(sSpec.selector), labels) && s.service.name;
    });
    for (const s of headless.slice(0, 3)) {
      const edit = setScalar(ctx.fileText, spec, 'serviceName', s.service.name as string, 'template');
      if (edit) fixes.push({ title: `Set serviceName: ${s.service.name} (a headless Service that selects these pods)`, edits: [edit], preferred: fixes.length === 0 });
    }
    if (fixes.length === 0 && o.name && Object.keys(labels).length) {
      const name = ctx.workspace.servicesNamed(o.namespace, o.name, ctx.uri).length ? `${o.name}-headless` : o.name;
      const edit = setScalar(ctx.fileText, spec, 'serviceName', name, 'template');
      const ports = (Array.isArray(rec(rec(rec(rec(o.value)?.spec)?.template)?.spec)?.containers) ? (rec(rec(rec(rec(o.value)?.spec)?.template)?.spec)?.containers as unknown[]) : [])
        .flatMap((c) => (Array.isArray(rec(c)?.ports) ? (rec(c)?.ports as unknown[]) : []))
        .map((p) => rec(p))
        .filter((p) => typeof p?.containerPort === 'number')
        .map((p) => ({ ...(typeof p?.name === 'string' ? { name: p.name } : {}), port: p?.containerPort as number }));
      const service = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, ...(o.namespace !== 'default' || scalarAt(mapAt(o.node, ['metadata']), 'namespace') ? { namespace: o.namespace } : {}) },
        spec: { clusterIP: 'None', selector: labels, ...(ports.length ? { ports } : {}) },
      };
      if (edit) fixes.push({ title: `Set serviceName: ${name} and add a headless Service "${name}" for the pods`, edits: [edit, appendDocument(ctx.fileText, service)], preferred: true });
    }
    return fixes;
  },
  'governing-service-not-headless'(_f, o, ctx) {
    const name = scalarAt(mapAt(o.node, ['spec']), 'serviceName');
    if (typeof name !== 'string') return [];
    // The Service the rule reported: the nearest one, on a tie the first that is not headless.
    const found = governingServices(o.namespace, name, ctx).find((s) => notHeadlessReason(rec(rec(s.service.value)?.spec)?.clusterIP) !== undefined);
    const text = found && ctx.workspace.fileText?.(found.uri);
    if (!found || text === undefined) return [];
    const svcSpec = mapAt(found.service.node, ['spec']);
    const edit = svcSpec && pairOf(svcSpec, 'clusterIP') ? setScalar(text, svcSpec, 'clusterIP', 'None') : insertInMap(text, svcSpec, 'clusterIP', 'None');
    if (!edit) return [];
    return [
      {
        title: `Set clusterIP: None on Service "${name}" (clusterIP is immutable: a live Service must be deleted and re-created)`,
        edits: [{ ...edit, ...(found.uri !== ctx.uri ? { uri: found.uri } : {}) }],
        preferred: true,
      },
    ];
  },
};

/** The finding with fixes from FIXERS added to its data (unchanged when there are none). */
export function withFixes(finding: Finding, object: K8sObject, ctx: RuleContext): Finding {
  const fixer = FIXERS[finding.rule];
  if (!fixer || ctx.fileText === undefined) return finding;
  let fixes: FixData[];
  try {
    fixes = fixer(finding, object, { ...ctx, fileText: ctx.fileText });
  } catch {
    return finding; // a broken fix must not lose the finding
  }
  if (fixes.length === 0) return finding;
  const data = rec(finding.data) ?? {};
  return { ...finding, data: { ...data, fixes: [...((data.fixes as FixData[] | undefined) ?? []), ...fixes] } };
}
