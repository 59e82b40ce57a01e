/**
 * IntOrString arithmetic, exactly as apimachinery's `intstr` package does it
 * (kubernetes-controllers.md §2.1). Every percentage is computed in float64 and
 * then rounded up (`Math.ceil`) or down (`Math.floor`).
 */

/** A Kubernetes IntOrString as it appears in plain JSON/YAML: `3` or `"25%"`. */
export type IntOrString = number | string;

/** Thrown when an IntOrString cannot be interpreted (e.g. `"200"`, `"a%"`, `"40%%"`, or unset where required). */
export class IntOrStringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntOrStringError';
  }
}

/** Go's `strconv.Atoi` for the values that matter here: optional sign, decimal digits only. */
function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

/**
 * `getIntOrPercentValueSafely`: an int is returned as is; a string must end in exactly one `%`
 * and the rest must be an integer.
 */
export function parseIntOrPercent(v: IntOrString): { value: number; isPercent: boolean } {
  if (typeof v === 'number') {
    return { value: v, isPercent: false };
  }
  if (!v.endsWith('%')) {
    throw new IntOrStringError(`invalid type: string is not a percentage: "${v}"`);
  }
  const n = atoi(v.slice(0, -1));
  if (n === undefined) {
    throw new IntOrStringError(`invalid value for IntOrString: invalid value "${v}"`);
  }
  return { value: n, isPercent: true };
}

/** `GetScaledValueFromIntOrPercent(v, total, roundUp)`; `null`/`undefined` is an error, like a nil pointer. */
export function getScaledValueFromIntOrPercent(
  v: IntOrString | null | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === null || v === undefined) {
    throw new IntOrStringError('nil value for IntOrString');
  }
  const { value, isPercent } = parseIntOrPercent(v);
  if (!isPercent) {
    return value;
  }
  const scaled = (value * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** `intstr.ValueOrDefault`: the default replaces an unset value only. */
export function valueOrDefault(v: IntOrString | null | undefined, def: IntOrString): IntOrString {
  return v === null || v === undefined ? def : v;
}

/** A resolved number plus a sentence a UI can show next to the field. */
export interface Resolved {
  value: number;
  /** e.g. `maxSurge 25% of 10 → 3, rounded up`. */
  explanation: string;
}

/**
 * Resolves an IntOrString against a total and explains the arithmetic, e.g.
 * `resolveIntOrPercent('maxSurge', '25%', 10, true)` → `{value: 3, explanation: 'maxSurge 25% of 10 → 3, rounded up'}`.
 */
export function resolveIntOrPercent(field: string, v: IntOrString, total: number, roundUp: boolean): Resolved {
  const value = getScaledValueFromIntOrPercent(v, total, roundUp);
  if (typeof v === 'number') {
    return { value, explanation: `${field} ${v} (absolute number)` };
  }
  const exact = (parseIntOrPercent(v).value * total) / 100;
  const rounding = Number.isInteger(exact) ? 'exact' : roundUp ? 'rounded up' : 'rounded down';
  return { value, explanation: `${field} ${v} of ${total} → ${value}, ${rounding}` };
}

/** Go's `integer.RoundToInt32`: `math.Round` rounds half away from zero (JS `Math.round` does not for negatives). */
export function roundHalfAwayFromZero(f: number): number {
  return Math.sign(f) * Math.round(Math.abs(f));
}
