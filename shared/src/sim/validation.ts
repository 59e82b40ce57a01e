/**
 * Objects the API server rejects are not rolled out: the plan's outcome says "rejected by the API server"
 * with the reason instead of a simulation. Only rules whose violation the simulator would otherwise paper
 * over are here (the lint rules report the rest); each names the Go function of
 * `pkg/apis/apps/validation/validation.go` it follows. Values are checked after defaulting
 * (`SetDefaults_Deployment`: progressDeadlineSeconds 600), with what-if overrides applied.
 */
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { IntOrString } from './intstr';
import type { Outcome, Overrides, TimelineEvent } from './types';

/** `getIntOrPercentValue`: an int's value, or the number before `%` (so `0` and `"0%"` are both zero). */
function literalValue(v: IntOrString | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** The reason the API server rejects the Deployment, or undefined. */
export function deploymentRejection(d: Deployment, o: Overrides = {}): string | undefined {
  const spec = d.spec;
  if (spec?.strategy?.type !== 'Recreate') {
    const ru = spec?.strategy?.rollingUpdate;
    const surge = literalValue(o.maxSurge ?? ru?.maxSurge ?? '25%');
    const unavailable = literalValue(o.maxUnavailable ?? ru?.maxUnavailable ?? '25%');
    // ValidateRollingUpdateDeployment: "may not be 0 when `maxSurge` is 0".
    if (surge === 0 && unavailable === 0) {
      return 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0 (ValidateRollingUpdateDeployment)';
    }
  }
  const minReadySeconds = o.minReadySeconds ?? spec?.minReadySeconds ?? 0;
  const progressDeadlineSeconds = o.progressDeadlineSeconds ?? spec?.progressDeadlineSeconds ?? 600;
  // ValidateDeploymentSpec: progressDeadlineSeconds "must be greater than minReadySeconds".
  if (progressDeadlineSeconds <= minReadySeconds) {
    return `spec.progressDeadlineSeconds: Invalid value: ${progressDeadlineSeconds}: must be greater than minReadySeconds (${minReadySeconds}) (ValidateDeploymentSpec)`;
  }
  return undefined;
}

/** The reason the API server rejects the StatefulSet (what-if overrides applied), or undefined. */
export function statefulSetRejection(s: StatefulSet, o: Overrides = {}): string | undefined {
  if (s.spec?.updateStrategy?.type === 'OnDelete') return undefined;
  const mu = o.maxUnavailable ?? s.spec?.updateStrategy?.rollingUpdate?.maxUnavailable;
  // ValidateStatefulSetUpdateStrategy: maxUnavailable must be greater than 0.
  if (mu !== undefined && literalValue(mu) === 0) {
    return `spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: ${JSON.stringify(mu)}: must be greater than 0 (ValidateStatefulSetUpdateStrategy)`;
  }
  return undefined;
}

/**
 * The reason the API server rejects the DaemonSet (what-if overrides applied), or undefined. Defaults first
 * (`SetDefaults_DaemonSet`: maxUnavailable 1, maxSurge 0), then `ValidateRollingUpdateDaemonSet`: exactly one of
 * the two non-zero, judged on the written value (`getIntOrPercentValue`: "0%" is zero, "1%" is not).
 */
export function daemonSetRejection(d: DaemonSet, o: Overrides = {}): string | undefined {
  if (d.spec?.updateStrategy?.type === 'OnDelete') return undefined;
  const ru = d.spec?.updateStrategy?.rollingUpdate;
  const surgeRaw = o.maxSurge ?? ru?.maxSurge ?? 0;
  const unavailableRaw = o.maxUnavailable ?? ru?.maxUnavailable ?? 1;
  const surge = literalValue(surgeRaw);
  const unavailable = literalValue(unavailableRaw);
  // A value that is not a number or a percentage is an invalid IntOrString (the simulator's own error).
  if (surge === undefined || unavailable === undefined) return undefined;
  if (surge !== 0 && unavailable !== 0) {
    return `spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: ${JSON.stringify(surgeRaw)}: may not be set when maxUnavailable is non-zero (ValidateRollingUpdateDaemonSet; maxUnavailable is ${JSON.stringify(unavailableRaw)}${ru?.maxUnavailable === undefined && o.maxUnavailable === undefined ? ', the default' : ''}: set maxUnavailable: 0 for a surge rollout)`;
  }
  if (surge === 0 && unavailable === 0) {
    return 'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0 (ValidateRollingUpdateDaemonSet)';
  }
  return undefined;
}

/** The outcome message of a rejected object. */
export function rejectedMessage(reason: string, scenario: string): string {
  return `Rejected by the API server: ${reason}. Nothing is rolled out: ${
    scenario === 'create' ? 'the object is not created' : 'the running version stays as it is'
  }.`;
}

/** The timeline, outcome and notes of every kind's plan for an object the API server rejects. */
export function rejectedPlanEnd(
  reason: string,
  scenario: string,
): { timeline: TimelineEvent[]; outcome: Outcome; notes: string[] } {
  return {
    timeline: [{ t: 0, kind: 'user', message: `kubectl apply: rejected by the API server: ${reason}` }],
    outcome: { complete: false, durationSeconds: 0, condition: 'Rejected', message: rejectedMessage(reason, scenario) },
    notes: [],
  };
}
