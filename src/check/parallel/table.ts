import { StateTree } from '../state-tree.ts';

/**
 * The visited set shared by the workers of a parallel search: an open-addressing table of
 * 64-bit fingerprints in a SharedArrayBuffer, claimed with Atomics.compareExchange, plus
 * per-state arrays (fingerprint halves, parent index) indexed by a dense state index drawn
 * from a shared counter.
 *
 * Sizing: the table never holds more than `limit` (¾ of its slots) states. A worker
 * reserves room for all successors of a state before inserting any of them
 * ({@link SharedTable.reserve}); when the reservation fails the level is paused, the
 * coordinator grows the table between two expansions (stop the world) and the level
 * resumes. Between levels the coordinator also grows the table ahead of need so that the
 * load stays near ½.
 */

/**
 * Slots of the control array (an Int32Array over a SharedArrayBuffer). The counters every
 * insertion updates sit on cache lines of their own, apart from the flags every state reads.
 */
export const CTRL = {
  /** Dense index counter: the number of states stored. */
  COUNT: 0,
  /** States stored plus room reserved by workers for successors being inserted. */
  RESERVED: 16,
  /** Why the search must stop (see STOP); 0 while running. */
  STOP: 32,
  /** Nonzero (OVERFLOW bits) when a table must grow: every worker pauses so that it can. */
  OVERFLOW: 33,
  /** Next work item to claim in the current level. */
  CURSOR: 34,
  /** Properties not yet decided. */
  UNDECIDED: 35,
  /** Per property k: 1 once some worker decided it (slot DECIDED + k). */
  DECIDED: 48,
} as const;

/** Why the level paused (bits of CTRL.OVERFLOW): a reservation in this table failed, or a shared component table is (nearly) full. */
export const OVERFLOW = { states: 1, components: 2 } as const;

/** Stop reasons written to CTRL.STOP (the first one wins). */
export const STOP = { none: 0, allDecided: 1, maxStates: 2, timeout: 3, maxMemory: 4, error: 5 } as const;

/** Float64 slots per lane in the progress buffer (a cache line each, so that lanes do not share one). */
export const PROGRESS_STRIDE = 8;

export function controlBuffer(properties: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (CTRL.DECIDED + properties));
}

/** The buffers of a table, as posted to workers (posting a SharedArrayBuffer shares it). */
export interface TableBuffers {
  readonly keys: SharedArrayBuffer;
  /** Per state index, the fingerprint's high and low halves side by side. */
  readonly fps: SharedArrayBuffer;
  readonly parents: SharedArrayBuffer;
  /**
   * Per slot, 1 + the index of the state stored there (0 while its inserter has not written
   * it yet); only in a table made `indexed` (for partial-order reduction's cycle proviso).
   */
  readonly indexes?: SharedArrayBuffer;
  /** For tests: the table holds at most this many states (fewer than ¾ of its slots). */
  readonly limit?: number;
}

/**
 * {@link SharedTable.lastFound} when the state found was being inserted by another thread at
 * that moment (its index not written yet): it is newer than every state whose insertion had
 * finished before this insert began, so in particular than every state of an earlier level.
 */
export const PENDING = 0x7fffffff;

const MIN_SLOTS = 1 << 10;
const KEY_LO = 0x2545f491;
const KEY_HI = 0x9e3779b9 | 0;

/**
 * The halves of a fingerprint's table key: the fingerprint XOR a constant, a zero half made
 * 1 (0 marks an empty slot). Two fingerprints then share a key with a chance of about 2⁻⁶³,
 * the order of any 64-bit fingerprint collision.
 */
function keyLow(lo: number): number {
  return (lo ^ KEY_LO) | 0 || 1;
}

function keyHigh(hi: number): number {
  return (hi ^ KEY_HI) | 0 || 1;
}

function slotOf(a: number, b: number, mask: number): number {
  return (a ^ Math.imul(b, 0x9e3779b1)) & mask;
}

function slotsFor(states: number): number {
  let cap = MIN_SLOTS;
  while (cap * 0.5 < states) cap *= 2;
  return cap;
}

/** The most states a table of `slots` slots may hold. */
export function limitOf(slots: number): number {
  return Math.floor(slots * 0.75);
}

export class SharedTable extends StateTree {
  readonly buffers: TableBuffers;
  private readonly keys: BigInt64Array;
  /** The same slots as 32-bit halves: low half at 2·slot, high half at 2·slot+1. */
  private readonly words: Int32Array;
  /** Per slot, 1 + the state's index (indexed tables only). */
  private readonly slotIndex: Int32Array | undefined;
  private readonly mask: number;
  /** Most states this table may hold. */
  readonly limit: number;
  readonly ctrl: Int32Array;
  // scratch: two 32-bit halves read back as one 64-bit key
  private readonly scratch = new BigInt64Array(1);
  private readonly halves = new Int32Array(this.scratch.buffer);

  constructor(buffers: TableBuffers, control: SharedArrayBuffer) {
    super(new Uint32Array(buffers.fps), new Int32Array(buffers.parents));
    this.buffers = buffers;
    this.keys = new BigInt64Array(buffers.keys);
    this.words = new Int32Array(buffers.keys);
    this.slotIndex = buffers.indexes ? new Int32Array(buffers.indexes) : undefined;
    this.mask = this.keys.length - 1;
    this.limit = Math.min(buffers.limit ?? Infinity, limitOf(this.keys.length));
    this.ctrl = new Int32Array(control);
  }

  /**
   * A new empty table of `slots` slots (rounded up to a power of two, at least 4). An
   * `indexed` table also keeps each slot's state index, so that {@link insert} reports the
   * index of a state already there ({@link lastFound}); it costs 4 bytes per slot.
   */
  static withSlots(slots: number, control: SharedArrayBuffer, indexed = false): SharedTable {
    let cap = 4;
    while (cap < slots) cap *= 2;
    return new SharedTable(allocateBuffers(cap, indexed), control);
  }

  /** This table keeps the index of each slot's state (see {@link withSlots}). */
  get indexed(): boolean {
    return this.slotIndex !== undefined;
  }

  /**
   * After an {@link insert} that found the fingerprint already there, in an indexed table:
   * that state's index, or {@link PENDING} when another thread was still inserting it.
   * (-1 in a table that is not indexed.)
   */
  lastFound = -1;

  get size(): number {
    return Atomics.load(this.ctrl, CTRL.COUNT);
  }

  get slots(): number {
    return this.keys.length;
  }

  /** Reserve room for `n` insertions; false (nothing reserved) when the table could overflow. */
  reserve(n: number): boolean {
    const before = Atomics.add(this.ctrl, CTRL.RESERVED, n);
    if (before + n <= this.limit) return true;
    Atomics.sub(this.ctrl, CTRL.RESERVED, n);
    return false;
  }

  /** Give back reserved room that was not used. */
  release(n: number): void {
    if (n > 0) Atomics.sub(this.ctrl, CTRL.RESERVED, n);
  }

  /**
   * Insert a fingerprint (inside a reservation); returns the new state's index, or -1 if it
   * was already there (an indexed table then sets {@link lastFound}).
   *
   * A slot goes from 0 to its key once and never changes again, and no key has a zero
   * half, so reading the two 32-bit halves of a slot tells a complete key (both halves
   * nonzero: compare without making a BigInt) from an empty or half-written slot (some half
   * zero: settle it with a 64-bit Atomics.compareExchange).
   */
  insert(hi: number, lo: number, parent: number): number {
    const words = this.words;
    const mask = this.mask;
    const a = keyLow(lo);
    const b = keyHigh(hi);
    let h = slotOf(a, b, mask);
    for (;;) {
      // plain reads: a slot is written once (both halves by one 64-bit compareExchange), so a
      // read sees its key or a stale 0, which the compareExchange below settles
      const wa = words[2 * h];
      const wb = words[2 * h + 1];
      if (wa !== 0 && wb !== 0) {
        if (wa === a && wb === b) return this.found(h);
      } else {
        this.halves[0] = a;
        this.halves[1] = b;
        const key = this.scratch[0];
        const prev = Atomics.compareExchange(this.keys, h, 0n, key);
        if (prev === 0n) {
          const index = Atomics.add(this.ctrl, CTRL.COUNT, 1);
          this.fps[2 * index] = hi;
          this.fps[2 * index + 1] = lo;
          this.parents[index] = parent;
          if (this.slotIndex) Atomics.store(this.slotIndex, h, index + 1);
          return index;
        }
        if (prev === key) return this.found(h);
      }
      h = (h + 1) & mask;
    }
  }

  /** The fingerprint is in slot `h` already: note its index (indexed tables) and return -1. */
  private found(h: number): number {
    if (this.slotIndex) {
      const i = Atomics.load(this.slotIndex, h);
      this.lastFound = i === 0 ? PENDING : i - 1;
    }
    return -1;
  }

  /** Bytes held by the table and the per-state arrays. */
  bytes(): number {
    const b = this.buffers;
    return b.keys.byteLength + b.fps.byteLength + b.parents.byteLength + (b.indexes?.byteLength ?? 0);
  }

  /**
   * A copy with at least `slots` slots holding the same states under the same indexes (and,
   * for tests, holding at most `limit` states). Only while no worker is inserting (between
   * levels, or while a level is paused).
   */
  grown(slots: number, limit?: number): SharedTable {
    let cap = this.keys.length;
    while (cap < slots) cap *= 2;
    const buffers = allocateBuffers(cap, this.indexed);
    const t = new SharedTable(limit === undefined ? buffers : { ...buffers, limit }, this.ctrl.buffer as SharedArrayBuffer);
    const n = this.size;
    t.fps.set(this.fps.subarray(0, 2 * n));
    t.parents.set(this.parents.subarray(0, n));
    const from = this.words;
    const to = t.words;
    const mask = t.mask;
    const fromIndex = this.slotIndex;
    const toIndex = t.slotIndex;
    for (let s = 0; s < this.keys.length; s++) {
      const a = from[2 * s];
      if (a === 0) continue;
      const b = from[2 * s + 1];
      let h = slotOf(a, b, mask);
      while (to[2 * h] !== 0) h = (h + 1) & mask;
      to[2 * h] = a;
      to[2 * h + 1] = b;
      if (toIndex) toIndex[h] = fromIndex![s];
    }
    return t;
  }

  /** Slots needed to hold `states` states at load ½. */
  static slotsFor(states: number): number {
    return slotsFor(states);
  }
}

function allocateBuffers(slots: number, indexed: boolean): TableBuffers {
  const limit = limitOf(slots);
  return {
    keys: new SharedArrayBuffer(8 * slots),
    fps: new SharedArrayBuffer(8 * limit),
    parents: new SharedArrayBuffer(4 * limit),
    ...(indexed ? { indexes: new SharedArrayBuffer(4 * slots) } : {}),
  };
}
