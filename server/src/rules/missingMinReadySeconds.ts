import { isDaemonSet, isDeployment, isStatefulSet } from '../../../shared/src/manifest';
import { getIn, keySpan, mapAt, pairOf, scalarValue } from '../../../shared/src/yamlPath';
import { setScalar } from './edits';
import { templateContainers } from './support';
import type { Rule } from './types';

/** The minReadySeconds the quick fix sets. */
export const MIN_READY_SECONDS_FIX = 10;

export const missingMinReadySeconds: Rule = {
  id: 'missing-min-ready-seconds',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'warning',
  summary: 'A container has a readinessProbe but the workload has no spec.minReadySeconds.',
  docs: `A pod counts as *available* as soon as its first readiness probe succeeds when \`spec.minReadySeconds\` is absent or 0.
The rollout then moves on at once, so a version that passes its first probe and fails a few seconds later
rolls out to every replica before anything stops it. Set \`spec.minReadySeconds\` to longer than the time a bad
version needs to fail (for example 10–30 s): the controller then waits that long, with the pod ready, before it
counts the pod available and continues.

Fires for Deployments, StatefulSets and DaemonSets whose pod template has a container — or a restartable (sidecar) init
container — with a \`readinessProbe\`. The range is the \`readinessProbe\` key of the first such container.
Not for \`strategy.type: Recreate\` or \`updateStrategy.type: OnDelete\`: nothing paces those rollouts by
availability (\`rolloutRecreate\` replaces every pod at once; OnDelete waits for you), so minReadySeconds does not
stop a bad version there.

## DaemonSets

A DaemonSet rollout goes node by node, and both of its paths are paced by availability only
(\`rollingUpdate\` in \`pkg/controller/daemon/update.go\` reads \`IsPodAvailable(pod, minReadySeconds)\`):

- **without surge** (\`maxUnavailable\`, the default): a node whose new pod is available no longer counts as
  unavailable, so the old pod of the next node is deleted at once;
- **with surge** (\`maxSurge\` and \`maxUnavailable: 0\`): the old pod beside an available new pod is deleted, and
  the next node gets its surge pod.

A DaemonSet has no progress deadline and no conditions, so nothing reports the failure: an agent that passes its
first readiness probe and crashes seconds later (a CNI or CSI plugin, a log shipper, an ingress controller on the
host network) is replaced on every node in turn, and each node loses its networking, storage or logs. With
\`minReadySeconds: 10\`, each new pod must stay Ready for more than 10 s before the next node is touched, so a
crash in those seconds stops the rollout on the first \`maxUnavailable\` (or \`maxSurge\`) nodes. The preview's
\`fail-after\` scenario shows both: \`rollout-lens preview ds.yaml --fail-after 5\` with and without
\`--min-ready-seconds 10\`.

**Versions:** advisory: the API server accepts the workload in every version; the controllers have paced rollouts by availability this way in every supported version (1.27–1.34).`,
  fix(_finding, o, ctx) {
    const edit = setScalar(ctx.fileText, mapAt(o.node, ['spec']), 'minReadySeconds', MIN_READY_SECONDS_FIX, 'template');
    return edit
      ? [{ title: `Set spec.minReadySeconds: ${MIN_READY_SECONDS_FIX}`, edits: [edit], fixAll: true, preferred: true }]
      : [];
  },
  check(object) {
    if (!isDeployment(object) && !isStatefulSet(object) && !isDaemonSet(object)) return [];
    const spec = pairOf(object.node, 'spec')?.value;
    // Recreate and OnDelete rollouts are not paced by availability: minReadySeconds would not stop a bad version.
    const strategy = isDeployment(object) ? getIn(spec, ['strategy', 'type']) : getIn(spec, ['updateStrategy', 'type']);
    if (['Recreate', 'OnDelete'].includes(scalarValue(strategy) as string)) return [];
    const minReady = scalarValue(pairOf(spec, 'minReadySeconds')?.value);
    if (minReady !== undefined && minReady !== null && minReady !== 0) return [];
    if (pairOf(spec, 'minReadySeconds') && minReady === undefined) return []; // not a scalar: wrong-type's business
    const probed = templateContainers(object).find(
      (c) => (!c.init || c.restartable) && pairOf(c.node, 'readinessProbe'),
    );
    const span = probed && keySpan(probed.node, 'readinessProbe');
    if (!probed || !span) return [];
    const container = probed.node.get('name');
    const which = typeof container === 'string' ? `Container "${container}"` : 'A container';
    return [
      {
        rule: 'missing-min-ready-seconds',
        span,
        message:
          `${which} has a readinessProbe but ${object.kind} "${object.name ?? ''}" has no minReadySeconds` +
          (minReady === 0 ? ' (it is 0)' : '') +
          (isDaemonSet(object)
            ? ': the first successful probe marks a pod available, so the rollout moves to the next node at once and a ' +
              'bad version replaces the pod on every node before it fails (a DaemonSet has no progress deadline). ' +
              'Set spec.minReadySeconds (e.g. 10) so each new pod must stay ready that long before the next node is updated.'
            : ': the first successful probe marks a pod available, so a bad version can roll out everywhere before it fails. ' +
              'Set spec.minReadySeconds (e.g. 10) so each new pod must stay ready that long before the rollout continues.'),
        data: { kind: object.kind },
      },
    ];
  },
};
