/**
 * The rule registry: every rule (in the order their findings are reported for one object) and the
 * built-in codes. `scripts/gen-rules.mjs` generates package.json's `rolloutLens.rules`, docs/rules/
 * and (at run time) the SARIF rule metadata from it; `test/unit/rules-registry.test.ts` checks that
 * the committed copies are current.
 */
import { governingServiceMissing, governingServiceNotHeadless } from './governingService';
import { missingMinReadySeconds } from './missingMinReadySeconds';
import { missingServiceName } from './missingServiceName';
import { missingVolumeClaimTemplates } from './missingVolumeClaimTemplates';
import { BUILTIN_CODES } from './builtin';
import type { Rule, RuleInfo } from './types';
import { claimTemplateUnmounted } from './claimTemplateUnmounted';
import { configmapSubpathNoUpdate } from './configmapSubpathNoUpdate';
import { daemonSetSurgeAndUnavailable } from './daemonSetSurgeAndUnavailable';
import { daemonSetSurgeHostPort } from './daemonSetSurgeHostPort';
import { governingServiceSelectorMismatch } from './governingServiceSelectorMismatch';
import { headlessServiceType } from './headlessServiceType';
import { invalidIntOrPercent } from './invalidIntOrPercent';
import { invalidName } from './invalidName';
import { invalidValue } from './invalidValue';
import { missingReadinessProbe } from './missingReadinessProbe';
import { missingSelector } from './missingSelector';
import { progressDeadlineNotGreater } from './progressDeadlineNotGreater';
import { recreateWithRollingUpdate } from './recreateWithRollingUpdate';
import { removedApiVersion } from './removedApiVersion';
import { rollingUpdateAllZero } from './rollingUpdateAllZero';
import { selectorMismatch } from './selectorMismatch';
import { statefulSetMaxUnavailableIgnored } from './statefulSetMaxUnavailableIgnored';
import { serviceSelectorNoMatch } from './serviceSelectorNoMatch';
import { targetPortMismatch } from './targetPortMismatch';
import { volumeMountUndefined } from './volumeMountUndefined';
import { unknownField } from './unknownField';
import { wrongType } from './wrongType';
import { wrongApiVersion } from './wrongApiVersion';
import { invalidLabel } from './invalidLabel';
import { invalidPodTemplate } from './invalidPodTemplate';
import { invalidServicePort } from './invalidServicePort';
import { probePortNotExposed } from './probePortNotExposed';
import { imageMutableTag } from './imageMutableTag';
import { replicasWithHpa } from './replicasWithHpa';
import { pdbBlocksEviction } from './pdbBlocksEviction';
import { pdbSelectsNothing } from './pdbSelectsNothing';
import { hpaTargetMissing } from './hpaTargetMissing';

export const RULES: readonly Rule[] = [
  missingMinReadySeconds,
  missingServiceName,
  missingVolumeClaimTemplates,
  governingServiceNotHeadless,
  governingServiceMissing,
  // API-server parity (issue #5)
  removedApiVersion,
  wrongApiVersion,
  missingSelector,
  selectorMismatch,
  invalidName,
  invalidValue,
  invalidIntOrPercent,
  rollingUpdateAllZero,
  statefulSetMaxUnavailableIgnored,
  daemonSetSurgeAndUnavailable,
  recreateWithRollingUpdate,
  progressDeadlineNotGreater,
  headlessServiceType,
  invalidLabel,
  invalidPodTemplate,
  invalidServicePort,
  unknownField,
  wrongType,
  // Cross-object
  volumeMountUndefined,
  claimTemplateUnmounted,
  serviceSelectorNoMatch,
  targetPortMismatch,
  governingServiceSelectorMismatch,
  configmapSubpathNoUpdate,
  missingReadinessProbe,
  daemonSetSurgeHostPort,
  // Rollout hygiene and HPA/PDB (issue #11)
  probePortNotExposed,
  imageMutableTag,
  replicasWithHpa,
  pdbBlocksEviction,
  pdbSelectsNothing,
  hpaTargetMissing,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export { BUILTIN_CODES };

/** Every registry entry: the rules, then the built-in codes. */
export function registry(): readonly RuleInfo[] {
  return [...RULES, ...BUILTIN_CODES];
}

/** The registry entry of a finding code (rule or built-in). */
export function registryEntry(id: string): RuleInfo | undefined {
  return RULES_BY_ID.get(id) ?? BUILTIN_CODES.find((b) => b.id === id);
}
