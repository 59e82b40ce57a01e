import { isStatefulSet } from '../../../shared/src/manifest';
import { mapAt, pairOf, scalarValue } from '../../../shared/src/yamlPath';
import { appendDocument, setScalar } from './edits';
import type { FixData } from './edits';
import { asRecord, objectAnchor, scalarAt, serviceSelects, stringMap, templateLabels } from './support';
import { compareVersions, NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import type { Rule } from './types';

export const missingServiceName: Rule = {
  id: 'missing-service-name',
  kinds: ['StatefulSet'],
  defaultSeverity: 'warning',
  summary: 'A StatefulSet has no spec.serviceName, so its pods get no stable DNS names.',
  docs: `A StatefulSet's pods get stable DNS names (\`<pod>.<serviceName>.<namespace>.svc.cluster.local\`) only through
the headless Service named by \`spec.serviceName\`, the *governing Service*. Without it, peers cannot find each
other by name — which is usually why one uses a StatefulSet. Set \`spec.serviceName\` to a headless Service
(\`clusterIP: None\`) that selects the StatefulSet's pods.

Versions: the API server accepts a StatefulSet without \`serviceName\` in every supported version, hence a warning.
The OpenAPI schema marked it required before 1.33 (kubectl's old client-side validation refused it: "missing required
field"); from 1.33 it is optional there too (kubernetes/kubernetes#130233).`,
  fix(_finding, o, ctx) {
    if (!isStatefulSet(o)) return [];
    const spec = mapAt(o.node, ['spec']);
    const labels = templateLabels(o);
    const fixes: FixData[] = [];
    const headless = ctx.workspace.servicesIn(o.namespace).filter((s) => {
      const sSpec = asRecord(asRecord(s.service.value)?.spec);
      return sSpec?.clusterIP === 'None' && serviceSelects(stringMap(sSpec.selector), labels) && s.service.name;
    });
    for (const s of headless.slice(0, 3)) {
      const edit = setScalar(ctx.fileText, spec, 'serviceName', s.service.name as string, 'template');
      if (edit)
        fixes.push({
          title: `Set serviceName: ${s.service.name} (a headless Service that selects these pods)`,
          edits: [edit],
          preferred: fixes.length === 0,
        });
    }
    if (fixes.length === 0 && o.name && Object.keys(labels).length) {
      const name = ctx.workspace.servicesNamed(o.namespace, o.name, ctx.uri).length ? `${o.name}-headless` : o.name;
      const edit = setScalar(ctx.fileText, spec, 'serviceName', name, 'template');
      const ports = (
        Array.isArray(asRecord(asRecord(asRecord(asRecord(o.value)?.spec)?.template)?.spec)?.containers)
          ? (asRecord(asRecord(asRecord(asRecord(o.value)?.spec)?.template)?.spec)?.containers as unknown[])
          : []
      )
        .flatMap((c) => (Array.isArray(asRecord(c)?.ports) ? (asRecord(c)?.ports as unknown[]) : []))
        .map((p) => asRecord(p))
        .filter((p) => typeof p?.containerPort === 'number')
        .map((p) => ({ ...(typeof p?.name === 'string' ? { name: p.name } : {}), port: p?.containerPort as number }));
      const service = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name,
          ...(o.namespace !== 'default' || scalarAt(mapAt(o.node, ['metadata']), 'namespace')
            ? { namespace: o.namespace }
            : {}),
        },
        spec: { clusterIP: 'None', selector: labels, ...(ports.length ? { ports } : {}) },
      };
      if (edit)
        fixes.push({
          title: `Set serviceName: ${name} and add a headless Service "${name}" for the pods`,
          edits: [edit, appendDocument(ctx.fileText, service)],
          preferred: true,
        });
    }
    return fixes;
  },
  check(object, ctx) {
    if (!isStatefulSet(object)) return [];
    const target = ctx.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION;
    const versionNote =
      compareVersions(target, '1.33') >= 0
        ? ` (Optional in the API since Kubernetes 1.33; target ${target}.)`
        : ` (Kubernetes ${target} still lists it as required: schema validators and kubectl --validate reject the StatefulSet without it; optional since 1.33.)`;
    const spec = pairOf(object.node, 'spec')?.value;
    const name = scalarValue(pairOf(spec, 'serviceName')?.value);
    if (typeof name === 'string' && name.trim() !== '') return [];
    return [
      {
        rule: 'missing-service-name',
        span: objectAnchor(object),
        message:
          `StatefulSet "${object.name ?? ''}" has ${typeof name === 'string' ? 'an empty' : 'no'} spec.serviceName: ` +
          'its pods get no stable DNS names (<pod>.<service>.<namespace>.svc). ' +
          'Set spec.serviceName to a headless Service (clusterIP: None) that selects these pods.' +
          versionNote,
      },
    ];
  },
};
