/**
 * The pods of one StatefulSet indexed by replica index (ordinal − start), with one bit set per question
 * `updateStatefulSet` asks of its pods: present, live, unavailable, outdated, … Each question of one sync —
 * "the first unavailable replica", "the highest outdated replica at or above the partition", "how many
 * replicas are unavailable" — is then a scan over 32-bit words instead of a walk over every pod, and a
 * simulated rollout of n pods costs O(n · n/32) word operations instead of O(n³) (bench/sim.mjs).
 *
 * A pod's bits are recomputed (`refresh`) whenever its state may change: created, deleted, one of its
 * timestamps reached, or the StatefulSet's revisions changed (`refreshAll`).
 */
import type { StatefulPod } from './controller';

/** A growable bit set with range queries. */
export class Bits {
  private words: Uint32Array;

  constructor(capacity: number) {
    this.words = new Uint32Array(Math.max(1, (capacity + 31) >>> 5));
  }

  get capacity(): number {
    return this.words.length * 32;
  }

  grow(capacity: number): void {
    if (capacity <= this.capacity) return;
    const next = new Uint32Array(Math.max(this.words.length * 2, (capacity + 31) >>> 5));
    next.set(this.words);
    this.words = next;
  }

  has(i: number): boolean {
    return ((this.words[i >>> 5] ?? 0) & (1 << (i & 31))) !== 0;
  }

  set(i: number, on: boolean): void {
    const k = i >>> 5;
    const w = this.words[k] ?? 0;
    this.words[k] = on ? w | (1 << (i & 31)) : w & ~(1 << (i & 31));
  }

  /** Word `k` (bits equal to `value` as ones) restricted to [lo, hi). */
  private masked(k: number, lo: number, hi: number, value: boolean): number {
    let x = value ? (this.words[k] ?? 0) : ~(this.words[k] ?? 0) >>> 0;
    const base = k * 32;
    if (lo > base) x &= (0xffffffff << (lo - base)) >>> 0;
    if (hi < base + 32) x &= hi - base <= 0 ? 0 : (0xffffffff >>> (32 - (hi - base))) >>> 0;
    return x >>> 0;
  }

  /** Lowest index in [lo, hi) whose bit equals `value`, or -1. `hi` must not exceed the capacity. */
  first(lo: number, hi: number, value = true): number {
    if (lo < 0) lo = 0;
    if (lo >= hi) return -1;
    for (let k = lo >>> 5; k <= (hi - 1) >>> 5; k++) {
      const x = this.masked(k, lo, hi, value);
      if (x !== 0) return k * 32 + (31 - Math.clz32(x & -x));
    }
    return -1;
  }

  /** Highest index in [lo, hi) whose bit equals `value`, or -1. */
  last(lo: number, hi: number, value = true): number {
    if (lo < 0) lo = 0;
    if (lo >= hi) return -1;
    for (let k = (hi - 1) >>> 5; k >= lo >>> 5; k--) {
      const x = this.masked(k, lo, hi, value);
      if (x !== 0) return k * 32 + (31 - Math.clz32(x));
    }
    return -1;
  }

  /** Number of set bits in [lo, hi). */
  count(lo: number, hi: number): number {
    if (lo < 0) lo = 0;
    let n = 0;
    for (let k = lo >>> 5; lo < hi && k <= (hi - 1) >>> 5; k++) {
      let x = this.masked(k, lo, hi, true);
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }
}

/** The questions the controller asks of a pod; one bit set each. */
export enum Flag {
  /** The pod object exists (it may be terminating). */
  Present,
  /** Present and not terminating (no deletionTimestamp). */
  Live,
  /** `isUnavailable`: not Running+Ready+not terminating, or not yet available for minReadySeconds. */
  Unavailable,
  /** Live and not at the update revision: a rolling-update target. */
  Outdated,
  /** Live and at the update revision (`status.updatedReplicas`). */
  Updated,
  /** Live and at the current revision (`status.currentReplicas`). */
  Current,
  /** `isRunningAndReady`, terminating or not (`status.readyReplicas`). */
  Ready,
  /** Running, Ready and not terminating (the plan's `ready` counts). */
  ReadyLive,
}
const FLAGS = 8;

/** What a pod's bits depend on besides the pod itself. */
export interface IndexContext {
  updateRevision: string;
  currentRevision: string;
  minReadySeconds: number;
  isUnavailable(p: StatefulPod, now: number, minReadySeconds: number): boolean;
  isRunningAndReady(p: StatefulPod, now: number): boolean;
}

export class PodIndex {
  private readonly pods: (StatefulPod | undefined)[] = [];
  private readonly bits: Bits[] = [];
  private masks = new Uint8Array(64);
  /** Number of pods with each flag, over every index. */
  readonly totals = new Array<number>(FLAGS).fill(0);

  constructor(
    readonly start: number,
    capacity = 64,
  ) {
    for (let f = 0; f < FLAGS; f++) this.bits.push(new Bits(capacity));
    this.grow(capacity);
  }

  get capacity(): number {
    return (this.bits[0] as Bits).capacity;
  }

  /** Makes room for indices below `n`. */
  grow(n: number): void {
    if (n <= this.capacity && n <= this.masks.length) return;
    for (const b of this.bits) b.grow(n);
    const masks = new Uint8Array(this.capacity);
    masks.set(this.masks.subarray(0, Math.min(this.masks.length, masks.length)));
    this.masks = masks;
  }

  at(i: number): StatefulPod | undefined {
    return this.pods[i];
  }

  has(flag: Flag, i: number): boolean {
    return (this.bits[flag] as Bits).has(i);
  }

  first(flag: Flag, lo: number, hi: number, value = true): number {
    return (this.bits[flag] as Bits).first(lo, Math.min(hi, this.capacity), value);
  }

  last(flag: Flag, lo: number, hi: number, value = true): number {
    return (this.bits[flag] as Bits).last(lo, Math.min(hi, this.capacity), value);
  }

  count(flag: Flag, lo: number, hi: number): number {
    return (this.bits[flag] as Bits).count(lo, Math.min(hi, this.capacity));
  }

  /** Every pod, ascending ordinal. */
  *all(): IterableIterator<StatefulPod> {
    for (
      let i = this.first(Flag.Present, 0, this.capacity);
      i >= 0;
      i = this.first(Flag.Present, i + 1, this.capacity)
    ) {
      yield this.pods[i] as StatefulPod;
    }
  }

  get size(): number {
    return this.totals[Flag.Present] as number;
  }

  put(pod: StatefulPod, now: number, ctx: IndexContext): void {
    const i = pod.ordinal - this.start;
    if (i < 0) return;
    this.grow(i + 1);
    this.pods[i] = pod;
    this.refresh(pod, now, ctx);
  }

  remove(pod: StatefulPod): void {
    const i = pod.ordinal - this.start;
    if (this.pods[i] !== pod) return;
    this.pods[i] = undefined;
    this.setMask(i, 0);
  }

  refresh(pod: StatefulPod, now: number, ctx: IndexContext): void {
    const i = pod.ordinal - this.start;
    if (this.pods[i] !== pod) return;
    const live = pod.deletedAt === undefined;
    const ready = ctx.isRunningAndReady(pod, now);
    let m = 1 << Flag.Present;
    if (live) m |= 1 << Flag.Live;
    if (ctx.isUnavailable(pod, now, ctx.minReadySeconds)) m |= 1 << Flag.Unavailable;
    if (live && pod.revision !== ctx.updateRevision) m |= 1 << Flag.Outdated;
    if (live && pod.revision === ctx.updateRevision) m |= 1 << Flag.Updated;
    if (live && pod.revision === ctx.currentRevision) m |= 1 << Flag.Current;
    if (ready) m |= 1 << Flag.Ready;
    if (ready && live) m |= 1 << Flag.ReadyLive;
    this.setMask(i, m);
  }

  refreshAll(now: number, ctx: IndexContext): void {
    for (const p of [...this.all()]) this.refresh(p, now, ctx);
  }

  private setMask(i: number, m: number): void {
    const old = this.masks[i] ?? 0;
    if (old === m) return;
    this.masks[i] = m;
    for (let f = 0; f < FLAGS; f++) {
      const was = (old >> f) & 1;
      const is = (m >> f) & 1;
      if (was === is) continue;
      (this.bits[f] as Bits).set(i, is === 1);
      this.totals[f] = (this.totals[f] ?? 0) + is - was;
    }
  }
}
