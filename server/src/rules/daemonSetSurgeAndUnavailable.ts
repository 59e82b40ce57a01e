import { keySpan, pairOf, valueSpan } from '../../../shared/src/yamlPath';
import { insertInMap, setScalar } from './edits';
import type { FixData } from './edits';
import type { Rule } from './types';
import { daemonSetRollingUpdate, scalarAt, writtenValue } from './support';

export const daemonSetSurgeAndUnavailable: Rule = {
  id: 'daemonset-surge-and-unavailable',
  kinds: ['DaemonSet'],
  defaultSeverity: 'error',
  summary: 'A DaemonSet rolling update with maxSurge and maxUnavailable both non-zero (maxUnavailable defaults to 1).',
  docs: `A DaemonSet replaces its pods in one of two ways: **without surge** it deletes the old pod on up to
\`maxUnavailable\` nodes and starts the new pod once the old one is gone; **with surge** it starts the new pod
beside the old one on up to \`maxSurge\` nodes and deletes the old one once the new one is available. The API
server accepts exactly one of the two non-zero (\`ValidateRollingUpdateDaemonSet\` in
\`pkg/apis/apps/validation/validation.go\`: "may not be set when maxUnavailable is non-zero").

The common mistake is writing only \`maxSurge: 1\`: \`maxUnavailable\` is then **defaulted to 1**
(\`SetDefaults_DaemonSet\`) before validation, so the DaemonSet is rejected although it looks like it asks for a
surge rollout. Write \`maxUnavailable: 0\` next to it.

The values are judged as written: \`0\` and \`"0%"\` are zero, \`"1%"\` is not (even if it rounds to 0 nodes).
\`updateStrategy.type: OnDelete\` skips these checks.

**Quick fix:** set (or add) \`maxUnavailable: 0\`.

**Versions:** the same rejection in every supported version (1.27–1.34; \`maxSurge\` for DaemonSets is GA since 1.25).`,
  check(object, ctx) {
    const found = daemonSetRollingUpdate(object);
    if (!found) return [];
    const { ru } = found;
    const surge = writtenValue(scalarAt(ru, 'maxSurge'));
    if (surge === undefined || surge === 0) return [];
    const rawUnavailable = scalarAt(ru, 'maxUnavailable');
    const written = rawUnavailable !== undefined && rawUnavailable !== null;
    const unavailable = written ? writtenValue(rawUnavailable) : 1;
    if (unavailable === undefined || unavailable === 0) return [];
    const span = valueSpan(ru, 'maxSurge') ?? keySpan(ru, 'maxSurge');
    if (!span) return [];
    const text = ctx.fileText;
    const edit =
      text === undefined
        ? undefined
        : pairOf(ru, 'maxUnavailable')
          ? setScalar(text, ru, 'maxUnavailable', 0)
          : insertInMap(text, ru, 'maxUnavailable', 0);
    const fixes: FixData[] = edit
      ? [{ title: 'Set maxUnavailable: 0 (surge rollout)', edits: [edit], fixAll: true, preferred: true }]
      : [];
    const surgeText = String(scalarAt(ru, 'maxSurge'));
    return [
      {
        rule: 'daemonset-surge-and-unavailable',
        span,
        message: written
          ? `maxSurge ${surgeText} and maxUnavailable ${String(scalarAt(ru, 'maxUnavailable'))} are both non-zero: a DaemonSet either surges or ` +
            'takes pods down, and the API server rejects both ("may not be set when maxUnavailable is non-zero"). Set maxUnavailable: 0 for a surge rollout, or remove maxSurge.'
          : `maxSurge ${surgeText} without maxUnavailable: maxUnavailable defaults to 1, and a DaemonSet may not have both non-zero, ` +
            'so the API server rejects it ("may not be set when maxUnavailable is non-zero"). Add maxUnavailable: 0.',
        data: { fixes },
      },
    ];
  },
};
