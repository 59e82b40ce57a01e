import { isSeq } from 'yaml';
import { isStatefulSet } from '../../../shared/src/manifest';
import { pairOf } from '../../../shared/src/yamlPath';
import { objectAnchor } from './support';
import type { Rule } from './types';

export const missingVolumeClaimTemplates: Rule = {
  id: 'missing-volume-claim-templates',
  kinds: ['StatefulSet'],
  defaultSeverity: 'information',
  summary: 'A StatefulSet has no spec.volumeClaimTemplates, so its pods get no per-pod storage.',
  docs: `\`spec.volumeClaimTemplates\` gives every StatefulSet pod its own PersistentVolumeClaim
(\`<template>-<statefulset>-<ordinal>\`) that follows the pod across rescheduling and is kept when the set scales
down. Without it the pods share whatever volumes the template names, or have none. That is fine for a
stateless set that only needs stable names; otherwise add a claim template and mount it.

**Versions:** advisory (information): accepted in every supported version (1.27–1.34).`,
  check(object) {
    if (!isStatefulSet(object)) return [];
    const spec = pairOf(object.node, 'spec')?.value;
    const templates = pairOf(spec, 'volumeClaimTemplates')?.value;
    if (isSeq(templates) && templates.items.length > 0) return [];
    return [
      {
        rule: 'missing-volume-claim-templates',
        span: objectAnchor(object),
        message:
          `StatefulSet "${object.name ?? ''}" has no spec.volumeClaimTemplates: its pods get no per-pod storage ` +
          '(a PersistentVolumeClaim per ordinal that survives rescheduling). Add a claim template if the pods keep state.',
      },
    ];
  },
};
