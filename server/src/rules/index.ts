/** Every rule, in the order their findings are reported for one object. */
import { governingServiceMissing, governingServiceNotHeadless } from './governingService';
import { missingMinReadySeconds } from './missingMinReadySeconds';
import { missingServiceName } from './missingServiceName';
import { missingVolumeClaimTemplates } from './missingVolumeClaimTemplates';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  missingMinReadySeconds,
  missingServiceName,
  missingVolumeClaimTemplates,
  governingServiceNotHeadless,
  governingServiceMissing,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
