import { isWorkload } from '../../../shared/src/manifest';
import { spanOf, valueSpan } from '../../../shared/src/yamlPath';
import { has, scalarAt, templateContainers } from './support';
import type { Finding, Rule } from './types';

export const missingReadinessProbe: Rule = {
  id: 'missing-readiness-probe',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'warning',
  enabledByDefault: false,
  summary: 'A container of a Deployment or StatefulSet has no readinessProbe (off by default).',
  docs: `Without a \`readinessProbe\` a pod is ready as soon as its containers start: Services send it traffic before the
application listens, and a rolling update moves on without knowing whether the new version works. Add a
readiness probe that checks the application can serve (an HTTP endpoint, a TCP port).

Off by default (many workloads — workers, batch consumers — take no traffic). Enable it with
\`rolloutLens.rules: { "missing-readiness-probe": "warning" }\` or in \`.rollout-lens.yaml\`. The kube-linter annotation
\`ignore-check.kube-linter.io/no-readiness-probe\` suppresses it.

**Versions:** advisory, the same in every supported version (1.27–1.34).`,
  check(object) {
    if (!isWorkload(object)) return [];
    const out: Finding[] = [];
    for (const c of templateContainers(object)) {
      if (c.init && !c.restartable) continue;
      if (has(c.node, 'readinessProbe')) continue;
      const name = scalarAt(c.node, 'name');
      const span = valueSpan(c.node, 'name') ?? spanOf(c.node);
      if (!span) continue;
      out.push({
        rule: 'missing-readiness-probe',
        span,
        message:
          `Container ${typeof name === 'string' ? `"${name}"` : ''} has no readinessProbe: it receives traffic as soon as it starts, and a rollout cannot tell a broken version from a working one. ` +
          'Add a readinessProbe (httpGet or tcpSocket on the serving port).',
      });
    }
    return out;
  },
};
