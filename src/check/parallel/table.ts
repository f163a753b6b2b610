import { StateTree } from '../state-tree.ts';

/**
 * The visited set shared by the workers of a parallel search: an open-addressing table of
 * state indexes in a SharedArrayBuffer, claimed with Atomics.compareExchange, plus per-state
 * arrays (fingerprint halves, parent index) indexed by a dense state index drawn from a
 * shared counter.
 *
 * Sizing: the table never holds more than `limit` states: ¾ of its slots, and no more than
 * the per-state arrays have room for (their capacity, sized apart from the slots). A worker
 * reserves room for all successors of a state before inserting any of them
 * ({@link SharedTable.reserve}); when the reservation fails the level is paused, the
 * coordinator grows the table between two expansions (stop the world) and the level
 * resumes. Between levels the coordinator also grows the table ahead of need so that the
 * load stays near ½ and the arrays have room for the next level.
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
  /**
   * Int32 per slot (a power of two of them): 0 while empty, {@link BUSY} while the state's
   * index and fingerprint are being written, then its tag and index + 1 (see SharedTable).
   */
  readonly slots: SharedArrayBuffer;
  /**
   * Per state index, the fingerprint's high and low halves side by side; and the parent's
   * index. Growable buffers, which reserve address space for {@link ROOM} times the states
   * they were made for: growing within that copies nothing and replaces no buffer (each
   * thread then views the new length, see SharedTable.viewsAll), so that no old arrays are
   * left for the threads' garbage collectors, which may keep them for long. Past it, larger
   * ones replace them (a copy, rare: the room grows with them).
   */
  readonly fps: SharedArrayBuffer;
  readonly parents: SharedArrayBuffer;
  /** For tests: the table holds at most this many states. */
  readonly limit?: number;
}

/** A slot being filled: claimed by one thread, which writes the state and then publishes it. */
const BUSY = -1;
const MIN_SLOTS = 1 << 10;

function slotsFor(states: number): number {
  let cap = MIN_SLOTS;
  while (cap * 0.5 < states) cap *= 2;
  return cap;
}

/** The most states a table of `slots` slots may hold. */
export function limitOf(slots: number): number {
  return Math.floor(slots * 0.75);
}

/**
 * The most states a table holds: its fingerprints, 8 bytes each, are in one growable
 * SharedArrayBuffer, which may grow to at most 2³² − 8 bytes.
 */
const MAX_STATES = 2 ** 29 - 1;

/**
 * The per-state arrays may grow in place to ROOM times the states they were made for.
 * Address space is not free without limit: with a few hundred reservations of gigabytes
 * (the tests make many tables) V8 refused further ArrayBuffers ("Array buffer allocation
 * failed"), and large committed reservations made child processes fail to start (ENOMEM).
 */
const ROOM = 16;

/** Growable SharedArrayBuffers (ES2024, in Node since 20; the project's TypeScript lib is ES2022). */
interface GrowableBuffer extends SharedArrayBuffer {
  grow(byteLength: number): void;
  readonly maxByteLength: number;
}
const Growable = SharedArrayBuffer as unknown as new (byteLength: number, opts: { maxByteLength: number }) => GrowableBuffer;

/** Per-state arrays for `states` states, with room to grow (see TableBuffers.fps). */
function growableArrays(states: number): { fps: SharedArrayBuffer; parents: SharedArrayBuffer } {
  const room = Math.min(MAX_STATES, ROOM * Math.max(states, 1024));
  return { fps: new Growable(8 * states, { maxByteLength: 8 * room }), parents: new Growable(4 * states, { maxByteLength: 4 * room }) };
}

/**
 * Memory: 4 bytes per slot, at load at most ¾ (kept near ½: 8–16 bytes per state), and 12 bytes
 * per state stored (fingerprint and parent): 20–28 bytes per state in all, about as in the
 * one-thread visited set (visited.ts).
 *
 * A slot holds index + 1 in its low bits (as many as the table has slots: an index is below
 * ¾ of them) and, in the bits above up to bit 30, the same bits of the fingerprint's high
 * half as a tag, so that a probe passes over most other states without reading their
 * fingerprints. Bit 31 is never set in a filled slot, so {@link BUSY} (all bits set) is no
 * state's.
 */
export class SharedTable extends StateTree {
  readonly buffers: TableBuffers;
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** The bits of a slot that hold index + 1, and those that hold the tag. */
  private readonly indexMask: number;
  private readonly tagMask: number;
  /** Most states this table may hold: below ¾ of its slots, and within the per-state arrays. */
  readonly limit: number;
  readonly ctrl: Int32Array;

  constructor(buffers: TableBuffers, control: SharedArrayBuffer) {
    // fixed-length views, as fast as views of a plain buffer (length-tracking ones are not)
    const states = buffers.parents.byteLength / 4;
    super(new Uint32Array(buffers.fps, 0, 2 * states), new Int32Array(buffers.parents, 0, states));
    this.buffers = buffers;
    this.slots = new Int32Array(buffers.slots);
    this.mask = this.slots.length - 1;
    this.indexMask = this.mask;
    this.tagMask = 0x7fffffff & ~this.mask;
    this.limit = Math.min(buffers.limit ?? Infinity, limitOf(this.slots.length), this.parents.length);
    this.ctrl = new Int32Array(control);
  }

  /**
   * A new empty table of `slots` slots (rounded up to a power of two, at least 4), with room
   * for `capacity` states in its per-state arrays (default: as many as the slots allow).
   */
  static withSlots(slots: number, control: SharedArrayBuffer, capacity?: number): SharedTable {
    let cap = 4;
    while (cap < slots) cap *= 2;
    return new SharedTable({ slots: new SharedArrayBuffer(4 * cap), ...growableArrays(Math.min(capacity ?? limitOf(cap), MAX_STATES)) }, control);
  }

  /** This table's views are of `buffers` as they are now (same buffers, same lengths, same limit). */
  viewsAll(buffers: TableBuffers): boolean {
    const mine = this.buffers;
    return mine.slots === buffers.slots && mine.fps === buffers.fps && mine.parents === buffers.parents && mine.limit === buffers.limit && this.parents.length === buffers.parents.byteLength / 4;
  }

  /** After an {@link insert} that found the fingerprint already there: that state's index. */
  lastFound = -1;

  get size(): number {
    return Atomics.load(this.ctrl, CTRL.COUNT);
  }

  get slotCount(): number {
    return this.slots.length;
  }

  /** States the per-state arrays have room for. */
  get capacity(): number {
    return this.parents.length;
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
   * was already there ({@link lastFound} then tells its index).
   *
   * An empty slot is claimed with Atomics.compareExchange (0 → BUSY); the winner draws the
   * index, writes the fingerprint and the parent, and publishes the slot with Atomics.store.
   * A thread that meets a BUSY slot waits for it to be published (a few writes away), and one
   * that Atomics.loads a published slot sees the fingerprint written before it. A slot goes
   * from 0 to BUSY to its state once and never changes again.
   */
  insert(hi: number, lo: number, parent: number): number {
    hi >>>= 0;
    lo >>>= 0;
    const slots = this.slots;
    const mask = this.mask;
    const fps = this.fps;
    const tag = hi & this.tagMask;
    let h = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      let s = Atomics.load(slots, h);
      if (s === 0) {
        s = Atomics.compareExchange(slots, h, 0, BUSY);
        if (s === 0) {
          const index = Atomics.add(this.ctrl, CTRL.COUNT, 1);
          fps[2 * index] = hi;
          fps[2 * index + 1] = lo;
          this.parents[index] = parent;
          Atomics.store(slots, h, tag | (index + 1));
          return index;
        }
      }
      while (s === BUSY) s = Atomics.load(slots, h);
      if ((s & this.tagMask) === tag) {
        const i = (s & this.indexMask) - 1;
        if (fps[2 * i] === hi && fps[2 * i + 1] === lo) {
          this.lastFound = i;
          return -1;
        }
      }
      h = (h + 1) & mask;
    }
  }

  /** Bytes of memory held by the slots and by the states stored in the per-state arrays (the rest of them is address space). */
  bytes(): number {
    return this.buffers.slots.byteLength + 12 * this.size;
  }

  /**
   * A table with at least `slots` slots and room for at least `capacity` states (default: the
   * room it has) holding the same states under the same indexes (and, for tests, holding at
   * most `limit` states). The slots are kept when their number stays the same, else filled
   * again from the fingerprints; the per-state arrays grow in place. This table's views must
   * not be used after. Only while no worker is inserting (between levels, or while a level is
   * paused).
   */
  grown(slots: number, capacity?: number, limit?: number): SharedTable {
    let cap = this.slots.length;
    while (cap < slots) cap *= 2;
    const n = this.size;
    const states = Math.max(n, capacity ?? this.capacity);
    let { fps, parents } = this.buffers;
    if (states > this.capacity) {
      if (states > MAX_STATES) throw new Error(`the parallel search's table of states is full: it holds at most ${MAX_STATES} states; check this model on one thread (without --workers)`);
      if (8 * states <= (fps as GrowableBuffer).maxByteLength) {
        (fps as GrowableBuffer).grow(8 * states);
        (parents as GrowableBuffer).grow(4 * states);
      } else {
        ({ fps, parents } = growableArrays(states));
        new Uint32Array(fps).set(this.fps.subarray(0, 2 * n));
        new Int32Array(parents).set(this.parents.subarray(0, n));
      }
    }
    const sameSlots = cap === this.slots.length;
    const buffers: TableBuffers = { slots: sameSlots ? this.buffers.slots : new SharedArrayBuffer(4 * cap), fps, parents, ...(limit === undefined ? {} : { limit }) };
    const t = new SharedTable(buffers, this.ctrl.buffer as SharedArrayBuffer);
    if (!sameSlots) for (let i = 0; i < n; i++) t.place(i);
    return t;
  }

  /** Put state i (stored in the arrays) in the first free slot of its probe sequence. */
  private place(i: number): void {
    const hi = this.fps[2 * i];
    const slots = this.slots;
    let h = (this.fps[2 * i + 1] ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    while (slots[h] !== 0) h = (h + 1) & this.mask;
    slots[h] = (hi & this.tagMask) | (i + 1);
  }

  /** Slots needed to hold `states` states at load ½. */
  static slotsFor(states: number): number {
    return slotsFor(states);
  }
}
