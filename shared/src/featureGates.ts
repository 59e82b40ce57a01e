/**
 * Default states of the Kubernetes feature gates that change what the API server accepts or what a
 * controller does, per version: one table, read by the rules (server) and the simulator notes.
 * Source: `pkg/features/kube_features.go` (`defaultVersionedKubernetesFeatureGates`): each gate's
 * list of `{Version, Default, PreRelease}` steps.
 */
import { compareVersions } from './settings';

export type GateStage = 'alpha' | 'beta' | 'GA';

interface GateStep {
  readonly since: string;
  readonly enabled: boolean;
  readonly stage: GateStage;
}

export const FEATURE_GATES = {
  /** KEP-961: StatefulSet `updateStrategy.rollingUpdate.maxUnavailable`; alpha 1.24, beta (on) 1.35. */
  MaxUnavailableStatefulSet: [
    { since: '1.24', enabled: false, stage: 'alpha' },
    { since: '1.35', enabled: true, stage: 'beta' },
  ],
} as const satisfies Record<string, readonly GateStep[]>;

export type FeatureGate = keyof typeof FEATURE_GATES;

/** The gate's default in `version` (`major.minor`); undefined before the gate existed. */
export function featureGate(gate: FeatureGate, version: string): GateStep | undefined {
  let found: GateStep | undefined;
  for (const step of FEATURE_GATES[gate]) if (compareVersions(version, step.since) >= 0) found = step;
  return found;
}

/** Whether the gate is on by default in `version`. */
export function gateEnabled(gate: FeatureGate, version: string): boolean {
  return featureGate(gate, version)?.enabled ?? false;
}
