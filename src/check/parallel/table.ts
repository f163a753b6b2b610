import { StateTree, homeSlot, writtenFirst } from '../state-tree.ts';

/**
 * The visited set shared by the workers of a parallel search: an open-addressing table of
 * state indexes in a SharedArrayBuffer, claimed with Atomics.compareExchange, plus per-state
 * arrays (fingerprint halves, parent index) indexed by state index.
 *
 * Indexes: each thread takes blocks of indexes from a shared counter (CTRL.END) and uses
 * them in order, so that an insertion touches no shared counter and two threads never write
 * the same cache line of the per-state arrays. A block's unused rest, when the thread
 * releases it (at the end of every level run), stays a hole: no state has that index, and
 * its parent is {@link HOLE}. The indexes of a level's states are all at or above where the
 * counter stood when the level began, as with dense indexes. Holes are at most a block per
 * thread per level run (blocks grow from 16 to 256 within a run, so a thread that stores
 * few states leaves few).
 *
 * Sizing: the indexes handed out never pass `limit`: ¾ of the slots, and no more than the
 * per-state arrays have room for (their capacity, sized apart from the slots). A worker
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
  /** States stored, as counted by the threads when they finish a block or release their room (exact between level runs). */
  COUNT: 0,
  /** Indexes handed out in blocks: states stored, holes, and room the threads hold. */
  END: 16,
  /** Why the search must stop (see STOP); 0 while running. */
  STOP: 32,
  /** Nonzero (OVERFLOW bits) when a table must grow: every worker pauses so that it can. */
  OVERFLOW: 33,
  /** Next block of indexes to place when threads fill a grown table's slots together (placeShared). */
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
  /** Int32 per slot (a power of two of them): 0 while empty, then a state's tag and index + 1 (see SharedTable). */
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

/** The parent of an index that no state has (see the comment at the top). */
export const HOLE = -2;
const MIN_SLOTS = 1 << 10;

/** Indexes a thread takes at a time when threads fill a grown table's slots together (SharedTable.placeShared). */
const PLACE_SHARE = 1 << 16;

/** Sizes of the blocks of indexes a thread takes: the first of a level run, and the largest. */
const FIRST_BLOCK = 16;
const MAX_BLOCK = 256;

function slotsFor(states: number): number {
  let cap = MIN_SLOTS;
  while (cap * 0.5 < states) cap *= 2;
  return cap;
}

/** An empty slot array of `slots` slots, each page written first (the threads' probes read before they claim: see writtenFirst). */
function newSlots(slots: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(4 * slots);
  writtenFirst(new Int32Array(buffer));
  return buffer;
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

/**
 * Arrays of 262,144 states or more that replace full ones get room for at least
 * LARGE_ROOM states: each replacement copies the arrays and leaves the old ones to the
 * threads' garbage collectors (on ring N=7, a second replacement at 9.6 million states added
 * 108 MiB to the peak RSS). Reserved address space, not memory: 768 MiB. (Smaller tables,
 * as in the tests, which make many, keep the plain room.)
 */
const LARGE_FROM = 1 << 18;
const LARGE_ROOM = 1 << 26;

/** Growable SharedArrayBuffers (ES2024, in Node since 20; the project's TypeScript lib is ES2022). */
export interface GrowableBuffer extends SharedArrayBuffer {
  grow(byteLength: number): void;
  readonly maxByteLength: number;
}
export const Growable = SharedArrayBuffer as unknown as new (byteLength: number, opts: { maxByteLength: number }) => GrowableBuffer;

/** Per-state arrays for `states` states, with room to grow (see TableBuffers.fps). */
function growableArrays(states: number, minRoom = 0): { fps: SharedArrayBuffer; parents: SharedArrayBuffer } {
  const room = Math.min(MAX_STATES, Math.max(ROOM * Math.max(states, 1024), minRoom));
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
 * fingerprints.
 *
 * Each thread has its own SharedTable over the shared buffers: the object holds that
 * thread's room (its blocks of indexes), which it must {@link release} before the table
 * grows.
 */
export class SharedTable extends StateTree {
  readonly buffers: TableBuffers;
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** The bits of a slot that hold the tag (those of `mask` hold index + 1). */
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
    return new SharedTable({ slots: newSlots(cap), ...growableArrays(Math.min(capacity ?? limitOf(cap), MAX_STATES)) }, control);
  }

  /** This table's views are of `buffers` as they are now (same buffers, same lengths, same limit). */
  viewsAll(buffers: TableBuffers): boolean {
    const mine = this.buffers;
    return mine.slots === buffers.slots && mine.fps === buffers.fps && mine.parents === buffers.parents && mine.limit === buffers.limit && this.parents.length === buffers.parents.byteLength / 4;
  }

  /** After an {@link insert} that found the fingerprint already there: that state's index. */
  lastFound = -1;

  /** This thread's room: the next index to use, the end of its block, further blocks taken ([start, end) pairs). */
  private next = 0;
  private blockEnd = 0;
  private queued: number[] = [];
  /** Indexes this thread holds and has not used. */
  private held = 0;
  /** States this thread stored and has not counted in CTRL.COUNT yet. */
  private stored = 0;
  /** Size of the next block to take. */
  private grant = FIRST_BLOCK;

  /** States stored: exact while no thread holds room (between level runs), else short by up to a block per thread. */
  get size(): number {
    return Atomics.load(this.ctrl, CTRL.COUNT) + this.stored;
  }

  /** Indexes handed out (states and holes): every state stored from here on gets an index at or above it. */
  get end(): number {
    return Atomics.load(this.ctrl, CTRL.END);
  }

  /** Insertions this thread has room for. */
  get room(): number {
    return this.held;
  }

  get slotCount(): number {
    return this.slots.length;
  }

  /** States the per-state arrays have room for. */
  get capacity(): number {
    return this.parents.length;
  }

  /**
   * Have room for `n` more insertions by this thread: take a block of indexes (of `batch`
   * when that is more than is missing, else just what is missing); false (nothing taken)
   * when the table could overflow.
   */
  reserve(n: number, batch = this.grant): boolean {
    const missing = n - this.held;
    if (missing <= 0) return true;
    let size = Math.max(missing, batch);
    let start = this.take(size);
    if (start < 0 && size > missing) start = this.take((size = missing));
    if (start < 0) return false;
    if (this.grant < MAX_BLOCK) this.grant *= 2;
    if (this.held === 0) {
      this.next = start;
      this.blockEnd = start + size;
    } else this.queued.push(start, start + size);
    this.held += size;
    return true;
  }

  /** Take `n` indexes from the shared counter: the first of them, or -1 when that would pass the limit. */
  private take(n: number): number {
    for (;;) {
      const end = Atomics.load(this.ctrl, CTRL.END);
      if (end + n > this.limit) return -1;
      if (Atomics.compareExchange(this.ctrl, CTRL.END, end, end + n) === end) return end;
    }
  }

  /** Give up this thread's room: the indexes it did not use become holes, and the states it stored are counted. */
  release(): void {
    if (this.held > 0) {
      this.parents.fill(HOLE, this.next, this.blockEnd);
      for (let k = 0; k < this.queued.length; k += 2) this.parents.fill(HOLE, this.queued[k], this.queued[k + 1]);
    }
    this.queued = [];
    this.next = this.blockEnd = this.held = 0;
    this.count();
    this.grant = FIRST_BLOCK;
  }

  /** Add the states this thread stored to CTRL.COUNT. */
  private count(): void {
    if (this.stored > 0) Atomics.add(this.ctrl, CTRL.COUNT, this.stored);
    this.stored = 0;
  }

  /**
   * Insert a fingerprint (with room reserved); returns the new state's index, or -1 if it
   * was already there ({@link lastFound} then tells its index).
   *
   * At an empty slot, the thread writes the fingerprint and the parent at its next index,
   * then claims the slot for that index with Atomics.compareExchange. A thread that
   * Atomics.loads a filled slot (or loses the exchange) sees the fingerprint written before
   * it, and compares. A slot goes from 0 to its state once and never changes again. An index
   * whose exchange was lost stays this thread's next one.
   */
  insert(hi: number, lo: number, parent: number): number {
    if (this.held === 0) throw new Error('SharedTable.insert without room reserved');
    hi >>>= 0;
    lo >>>= 0;
    const slots = this.slots;
    const mask = this.mask;
    const fps = this.fps;
    const tag = hi & this.tagMask;
    let h = homeSlot(hi, lo, mask);
    for (;;) {
      let s = Atomics.load(slots, h);
      if (s === 0) {
        const index = this.next;
        fps[2 * index] = hi;
        fps[2 * index + 1] = lo;
        this.parents[index] = parent;
        s = Atomics.compareExchange(slots, h, 0, tag | (index + 1));
        if (s === 0) {
          this.used();
          return index;
        }
      }
      if ((s & this.tagMask) === tag) {
        const i = (s & mask) - 1;
        if (fps[2 * i] === hi && fps[2 * i + 1] === lo) {
          this.lastFound = i;
          return -1;
        }
      }
      h = (h + 1) & mask;
    }
  }

  /** The next index was used: move on, to the next block when this one is done (counting its states then). */
  private used(): void {
    this.held--;
    this.stored++;
    if (++this.next < this.blockEnd) return;
    this.count();
    if (this.queued.length > 0) {
      this.next = this.queued[0];
      this.blockEnd = this.queued[1];
      this.queued.splice(0, 2);
    }
  }

  /** Bytes of memory held by the slots and by the indexes handed out in the per-state arrays (the rest of them is address space). */
  bytes(): number {
    return this.buffers.slots.byteLength + 12 * this.end;
  }

  /**
   * A table with at least `slots` slots and room for at least `capacity` indexes (default: the
   * room it has) holding the same states under the same indexes (and, for tests, handing out
   * at most `limit` indexes). The slots are kept when their number stays the same, else
   * new ones, each page written by this thread first ({@link writtenFirst}), are filled
   * again from the fingerprints; the per-state arrays grow in place. This table's
   * views must not be used after. Only while no thread holds room (between levels, or while a
   * level is paused).
   *
   * `together`: new slots are left empty, for the threads to fill together with
   * {@link placeShared}, states below `end`, before any other use of the table.
   */
  grown(slots: number, capacity?: number, limit?: number, together = false): SharedTable {
    let cap = this.slots.length;
    while (cap < slots) cap *= 2;
    const n = this.end;
    const states = Math.max(n, capacity ?? this.capacity);
    let { fps, parents } = this.buffers;
    if (states > this.capacity) {
      if (states > MAX_STATES) throw new Error(`the parallel search's table of states is full: it holds at most ${MAX_STATES} states; check this model on one thread (without --workers)`);
      if (8 * states <= (fps as GrowableBuffer).maxByteLength) {
        (fps as GrowableBuffer).grow(8 * states);
        (parents as GrowableBuffer).grow(4 * states);
      } else {
        ({ fps, parents } = growableArrays(states, states >= LARGE_FROM ? LARGE_ROOM : 0));
        new Uint32Array(fps).set(this.fps.subarray(0, 2 * n));
        new Int32Array(parents).set(this.parents.subarray(0, n));
      }
    }
    const sameSlots = cap === this.slots.length;
    const buffers: TableBuffers = { slots: sameSlots ? this.buffers.slots : newSlots(cap), fps, parents, ...(limit === undefined ? {} : { limit }) };
    const t = new SharedTable(buffers, this.ctrl.buffer as SharedArrayBuffer);
    if (!sameSlots && !together) t.placeAll(new Uint32Array(buffers.slots), t.tagMask, 0, n, HOLE);
    return t;
  }

  /**
   * This thread's share of filling the slots of a table grown `together`: it takes blocks of
   * `block` indexes below `states` (the table's `end`) through CTRL.CURSOR, set to 0 before
   * the first thread starts, and places their states, as the other threads do theirs, until
   * none is left.
   */
  placeShared(states: number, block = PLACE_SHARE): void {
    const slots = new Uint32Array(this.buffers.slots);
    for (;;) {
      const from = Atomics.add(this.ctrl, CTRL.CURSOR, 1) * block;
      if (from >= states) return;
      this.placeAll(slots, this.tagMask, from, Math.min(states, from + block), HOLE, true);
    }
  }

  /** Slots needed to hold `states` states at load ½. */
  static slotsFor(states: number): number {
    return slotsFor(states);
  }
}
