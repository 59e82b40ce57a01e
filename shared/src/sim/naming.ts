/**
 * Object names the controllers generate (kubernetes-controllers.md §3).
 *
 * Hash values: Kubernetes hashes a Go struct dump (`pod-template-hash`) or Go's JSON encoding
 * (ControllerRevision), which cannot be reproduced outside Go. Rollout Lens hashes a canonical
 * JSON serialisation instead, so its hashes have the real FORMAT (alphabet and length) but the
 * cluster's VALUES differ. `HASH_DISCLAIMER` says so for user-facing output.
 */

export const HASH_DISCLAIMER =
  'Hashes in names (pod-template-hash, controller revision) are computed by Rollout Lens in the Kubernetes format; the values in a real cluster differ.';

/** `rand.alphanums`: 27 characters, no vowels (§3.1). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const DNS1123_SUBDOMAIN_MAX = 253;
const MAX_GENERATED_NAME_LENGTH = 58; // 63 - 5 random characters (§3.2)
const POD_NAME_RANDOM_LENGTH = 5;
const CONTROLLER_REVISION_PREFIX_MAX = 223;

/** UTF-8 bytes of a string (no TextEncoder: the shared code compiles without DOM/Node types). */
function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;

/** FNV-1a 32-bit (`fnv.New32a`), used for `pod-template-hash`. */
export function fnv32a(bytes: readonly number[]): number {
  let h = FNV_OFFSET;
  for (const b of bytes) {
    h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** FNV-1a of a string's UTF-8 bytes (used to derive per-object seeds). */
export const hashString = (s: string): number => fnv32a(utf8(s));

/** FNV-1 32-bit (`fnv.New32`), used for ControllerRevision hashes. */
export function fnv32(bytes: readonly number[]): number {
  let h = FNV_OFFSET;
  for (const b of bytes) {
    h = (Math.imul(h, FNV_PRIME) ^ b) >>> 0;
  }
  return h >>> 0;
}

/** `rand.SafeEncodeString`: every character c becomes `alphanums[c % 27]`. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) {
    out += SAFE_ALPHABET[(ch.codePointAt(0) ?? 0) % SAFE_ALPHABET.length];
  }
  return out;
}

/** JSON with object keys sorted, so equal values always serialise identically. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) {
    return `[${v.map(canonicalJson).join(',')}]`;
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * `controller.ComputeHash(template, collisionCount)` in Kubernetes' format: FNV-1a over the
 * template (canonical JSON here, a Go struct dump in Kubernetes) plus, when a collision count is
 * set, 4 little-endian bytes of it and 4 zero bytes; then SafeEncodeString of the decimal sum.
 */
export function computePodTemplateHash(template: unknown, collisionCount?: number): string {
  const bytes = utf8(canonicalJson(template));
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    bytes.push(c & 255, (c >>> 8) & 255, (c >>> 16) & 255, (c >>> 24) & 255, 0, 0, 0, 0);
  }
  return safeEncodeString(String(fnv32a(bytes)));
}

/** `generateReplicaSetName`: the Deployment part is cut so that the RS name fits in 253 characters (§3.1). */
export function generateReplicaSetName(deploymentName: string, hash: string): string {
  const maxPrefix = DNS1123_SUBDOMAIN_MAX - 1 - hash.length;
  const prefix =
    maxPrefix > 0 && deploymentName.length > maxPrefix ? deploymentName.slice(0, maxPrefix) : deploymentName;
  return `${prefix}-${hash}`;
}

/** A deterministic pseudo-random source (mulberry32); the only randomness in the simulator. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The API server's `generateName` (§3.2): base `<rs>-` cut to 58 characters, then 5 characters
 * from the safe alphabet. The suffix here comes from the seeded source instead of crypto randomness.
 */
export function generatePodName(replicaSetName: string, random: Random): string {
  let suffix = '';
  for (let i = 0; i < POD_NAME_RANDOM_LENGTH; i++) {
    suffix += SAFE_ALPHABET[Math.floor(random() * SAFE_ALPHABET.length)];
  }
  return `${`${replicaSetName}-`.slice(0, MAX_GENERATED_NAME_LENGTH)}${suffix}`;
}

/** StatefulSet pod name `<set>-<ordinal>` (§3.3). */
export function statefulPodName(setName: string, ordinal: number): string {
  return `${setName}-${ordinal}`;
}

/** PVC name `<claimTemplate>-<set>-<ordinal>` (§3.3). */
export function persistentVolumeClaimName(claimTemplate: string, setName: string, ordinal: number): string {
  return `${claimTemplate}-${setName}-${ordinal}`;
}

/** `getParentNameAndOrdinal`: regexp `(.*)-([0-9]+)$`, `('', -1)` when it does not match or overflows int32. */
export function parentNameAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = /^(.*)-([0-9]+)$/.exec(podName);
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  return ordinal > 2147483647 ? { parent: '', ordinal: -1 } : { parent: m[1], ordinal };
}

/** Inverse of `persistentVolumeClaimName`: the pod a claim belongs to, or undefined. */
export function claimPodName(setName: string, claimName: string): string | undefined {
  const escaped = setName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^.*-(${escaped}-[0-9]+)$`).exec(claimName)?.[1];
}

/**
 * ControllerRevision name (§3.4): FNV-1 over the revision data `{"spec":{"template":…,"$patch":"replace"}}`
 * (sorted keys), plus the decimal collision count; the set name is cut to 223 characters.
 */
export function controllerRevisionName(setName: string, template: unknown, collisionCount?: number): string {
  const data = canonicalJson({ spec: { template: { ...(template as object), $patch: 'replace' } } });
  const bytes = utf8(data);
  if (collisionCount !== undefined) bytes.push(...utf8(String(collisionCount)));
  const hash = safeEncodeString(String(fnv32(bytes)));
  return `${setName.slice(0, CONTROLLER_REVISION_PREFIX_MAX)}-${hash}`;
}

/** Pod FQDN `<hostname>.<subdomain>.<namespace>.svc.<clusterDomain>` (§3.3). */
export function podFqdn(hostname: string, subdomain: string, namespace: string, clusterDomain: string): string {
  return `${hostname}.${subdomain}.${namespace}.svc.${clusterDomain}`;
}

/** SRV owner name `_<port>._<proto>.<svc>.<namespace>.svc.<clusterDomain>` for a named Service port. */
export function srvName(
  portName: string,
  protocol: string,
  service: string,
  namespace: string,
  clusterDomain: string,
): string {
  return `_${portName}._${protocol.toLowerCase()}.${service}.${namespace}.svc.${clusterDomain}`;
}

/** The first `count` pod names a ReplicaSet would get, deterministic per (seed, ReplicaSet name). */
export function examplePodNames(replicaSetName: string, count: number, seed: number): string[] {
  const random = seededRandom((seed ^ hashString(replicaSetName)) >>> 0);
  return Array.from({ length: count }, () => generatePodName(replicaSetName, random));
}
