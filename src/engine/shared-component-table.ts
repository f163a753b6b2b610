/**
 * A component table (see ComponentTable) whose index lives in SharedArrayBuffers, so that
 * every thread of a parallel search gives a component the same id: then a collapsed state
 * vector (CollapsedStates) means the same state in every thread and its fingerprint can go
 * into the shared fingerprint table.
 *
 * Shared, per table:
 * - `slots`: open addressing on a hash of a component's bytes, id + 1 per slot, 0 = empty;
 * - `offsets`: start and end of component `id` in the arena, at 2·id and 2·id + 1;
 * - `arena`: the components' bytes;
 * - `meta`: counters (next id, arena end, components published), on cache lines of their own.
 *
 * Insertion is lock-free: reserve an id and an arena range with Atomics.add, write the bytes
 * and the offsets, then publish with Atomics.compareExchange on an empty slot. A thread that
 * loses the slot compares the winner's bytes (published before its slot) and either returns
 * the winner's id (its own reserved id stays a hole, never in a slot and never returned) or
 * probes on. Readers Atomics.load a slot before reading the offsets it points to.
 *
 * Growth: the buffers have fixed sizes; a table past ¾ of a capacity asks for growth
 * (`onPressure`), and one that is full throws {@link ComponentTableFull} without changing
 * anything visible. Growing ({@link grownComponentBuffers}) copies the index into larger
 * buffers under the same ids; it may only run while no thread inserts (the parallel search
 * does it between levels or while a level is paused), and every thread then {@link
 * SharedComponentTable.adopt}s the new buffers. Ids never change, so the per-thread caches
 * stay valid.
 *
 * Each thread keeps its own cache of decoded values (id → frozen value) and its own
 * identity map (value → id), as ComponentTable does.
 */
import { hashBytes } from './codec.ts';
import { DecodedValues } from './decoded-values.ts';
import type { Interner, InternerFactory } from './component-table.ts';

/** The shared buffers of one table, as posted to other threads (posting a SharedArrayBuffer shares it). */
export interface SharedComponentBuffers {
  /** Int32 counters: see META. */
  readonly meta: SharedArrayBuffer;
  /** Int32 per slot: id + 1, 0 = empty (a power of two of them). */
  readonly slots: SharedArrayBuffer;
  /** Uint32 [start, end) per id. */
  readonly offsets: SharedArrayBuffer;
  readonly arena: SharedArrayBuffer;
}

/** The three tables of CollapsedStates. */
export type ComponentKind = 'values' | 'messages' | 'queues';
export type SharedComponentSet = Readonly<Record<ComponentKind, SharedComponentBuffers>>;
export const COMPONENT_KINDS: readonly ComponentKind[] = ['values', 'messages', 'queues'];

/** Slots of the meta array (Int32), each counter on a cache line of its own. */
const META = {
  /** Ids reserved so far (published ones and holes). */
  NEXT_ID: 0,
  /** Arena bytes reserved so far. */
  ARENA_END: 16,
  /** Components published (distinct components). */
  COUNT: 32,
} as const;

/** Thrown by an insertion that found the table full; nothing visible to other threads changed. */
export class ComponentTableFull extends Error {
  constructor(readonly what: string) {
    super(`shared component table full (${what})`);
    this.name = 'ComponentTableFull';
  }
}

/** Initial capacities of a table (rounded up to powers of two). */
export interface ComponentCapacity {
  readonly slots?: number;
  readonly ids?: number;
  readonly arenaBytes?: number;
}

/** How large a table may grow; past that, growing throws (the search ends with that error). */
export interface ComponentLimits {
  readonly maxIds?: number;
  readonly maxArenaBytes?: number;
}

/**
 * Defaults: the counters are Int32 and may overshoot a capacity by what the threads reserved
 * when they found it full, so capacities stay well below 2³¹.
 */
const MAX_IDS = 1 << 27;
const MAX_ARENA = 1 << 30;

const pow2 = (n: number, min: number): number => {
  let c = min;
  while (c < n) c *= 2;
  return c;
};

export function allocateComponentBuffers(cap: ComponentCapacity = {}): SharedComponentBuffers {
  const slots = pow2(cap.slots ?? 1024, 2);
  const ids = pow2(cap.ids ?? slots / 2, 1);
  const arena = pow2(cap.arenaBytes ?? 1 << 16, 1);
  return {
    meta: new SharedArrayBuffer(4 * (META.COUNT + 16)),
    slots: new SharedArrayBuffer(4 * slots),
    offsets: new SharedArrayBuffer(8 * ids),
    arena: new SharedArrayBuffer(arena),
  };
}

export function allocateComponentSet(cap: ComponentCapacity = {}): SharedComponentSet {
  return { values: allocateComponentBuffers(cap), messages: allocateComponentBuffers(cap), queues: allocateComponentBuffers(cap) };
}

/** What a table holds and how full it is. */
export function componentLoad(b: SharedComponentBuffers): { count: number; nextId: number; arenaEnd: number; slots: number; ids: number; arenaBytes: number } {
  const meta = new Int32Array(b.meta);
  return {
    count: Atomics.load(meta, META.COUNT),
    nextId: Atomics.load(meta, META.NEXT_ID),
    arenaEnd: Atomics.load(meta, META.ARENA_END),
    slots: b.slots.byteLength / 4,
    ids: b.offsets.byteLength / 8,
    arenaBytes: b.arena.byteLength,
  };
}

/**
 * Buffers at most half full (slots, ids, arena) holding the same components under the same
 * ids: `b` itself when it already is. Only while no thread inserts into the table. Throws
 * a plain Error when the table would pass `limits`.
 */
export function grownComponentBuffers(b: SharedComponentBuffers, limits: ComponentLimits = {}, name = 'components'): SharedComponentBuffers {
  const load = componentLoad(b);
  const slots = pow2(2 * load.count + 2, load.slots);
  const ids = pow2(2 * load.nextId + 2, load.ids);
  const arenaBytes = pow2(2 * load.arenaEnd + 2, load.arenaBytes);
  if (slots === load.slots && ids === load.ids && arenaBytes === load.arenaBytes) return b;
  const maxIds = limits.maxIds ?? MAX_IDS;
  const maxArena = limits.maxArenaBytes ?? MAX_ARENA;
  if (ids > maxIds || slots > 2 * maxIds || arenaBytes > maxArena) {
    throw new Error(
      `the parallel search's shared table of ${name} is full: ${load.count} distinct ${name} in ${load.arenaEnd} bytes ` +
        `(tables are kept at most half full and grow to at most ${maxIds} ids and ${maxArena} bytes); check this model on one thread (without --workers)`,
    );
  }
  const next: SharedComponentBuffers = {
    meta: b.meta,
    slots: slots === load.slots ? b.slots : new SharedArrayBuffer(4 * slots),
    offsets: ids === load.ids ? b.offsets : new SharedArrayBuffer(8 * ids),
    arena: arenaBytes === load.arenaBytes ? b.arena : new SharedArrayBuffer(arenaBytes),
  };
  const arena = new Uint8Array(b.arena);
  const offsets = new Uint32Array(b.offsets);
  if (next.arena !== b.arena) new Uint8Array(next.arena).set(arena);
  if (next.offsets !== b.offsets) new Uint32Array(next.offsets).set(offsets);
  if (next.slots !== b.slots) {
    const from = new Int32Array(b.slots);
    const to = new Int32Array(next.slots);
    const mask = slots - 1;
    for (let k = 0; k < from.length; k++) {
      const s = from[k];
      if (s === 0) continue;
      const id = s - 1;
      let i = hashBytes(arena, offsets[2 * id], offsets[2 * id + 1]) & mask;
      while (to[i] !== 0) i = (i + 1) & mask;
      to[i] = s;
    }
  }
  return next;
}

/** The set grown where needed (see {@link grownComponentBuffers}); `set` itself when no table needed it. */
export function grownComponentSet(set: SharedComponentSet, limits?: ComponentLimits): SharedComponentSet {
  const values = grownComponentBuffers(set.values, limits, 'values (local states and ghost values)');
  const messages = grownComponentBuffers(set.messages, limits, 'messages');
  const queues = grownComponentBuffers(set.queues, limits, 'queue contents');
  if (values === set.values && messages === set.messages && queues === set.queues) return set;
  return { values, messages, queues };
}

export class SharedComponentTable<T> implements Interner<T> {
  private buffers!: SharedComponentBuffers;
  private meta!: Int32Array;
  private slots!: Int32Array;
  private mask = 0;
  private offsets!: Uint32Array;
  private arena!: Uint8Array;
  /** Past these, insertions ask for growth. */
  private softSlots = 0;
  private softIds = 0;
  private softArena = 0;
  private readonly decoded: DecodedValues<T>;

  /**
   * `build` turns an encoding back into the frozen value it stands for; `onPressure` is
   * called (possibly many times) when the table is past ¾ of a capacity and should grow.
   */
  constructor(
    buffers: SharedComponentBuffers,
    private readonly build: (buf: Uint8Array, start: number, end: number) => T,
    private readonly onPressure: () => void = () => {},
    valueLimit = 1 << 20,
  ) {
    this.decoded = new DecodedValues<T>(valueLimit);
    this.adopt(buffers);
  }

  /** Use grown buffers (same components under the same ids). */
  adopt(buffers: SharedComponentBuffers): void {
    if (buffers === this.buffers) return;
    this.buffers = buffers;
    this.meta = new Int32Array(buffers.meta);
    this.slots = new Int32Array(buffers.slots);
    this.mask = this.slots.length - 1;
    this.offsets = new Uint32Array(buffers.offsets);
    this.arena = new Uint8Array(buffers.arena);
    this.softSlots = (this.slots.length * 3) >> 2;
    this.softIds = (this.offsets.length * 3) >> 3;
    this.softArena = Math.floor(this.arena.length * 0.75);
  }

  /** Number of distinct components (in all threads). */
  get size(): number {
    return Atomics.load(this.meta, META.COUNT);
  }

  /** The id of a value this thread's table handed out (or of an equal primitive), if it is still cached. */
  known(v: unknown): number | undefined {
    return this.decoded.known(v);
  }

  alias(v: object, id: number): void {
    this.decoded.alias(v, id);
  }

  /** The id of the component encoded as buf[start, end), adding it when new; throws ComponentTableFull. */
  intern(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    const offsets = this.offsets;
    const arena = this.arena;
    let i = hashBytes(buf, start, end) & mask;
    let mine = -1;
    for (let probes = 0; probes <= mask; probes++) {
      let s = Atomics.load(slots, i);
      if (s === 0) {
        if (mine < 0) mine = this.write(buf, start, end);
        s = Atomics.compareExchange(slots, i, 0, mine + 1);
        if (s === 0) {
          const count = Atomics.add(this.meta, META.COUNT, 1) + 1;
          if (count > this.softSlots || mine >= this.softIds || offsets[2 * mine + 1] > this.softArena) this.onPressure();
          return mine;
        }
        // another thread published here first: its bytes were written before its slot
      }
      const id = s - 1;
      const a = offsets[2 * id];
      if (offsets[2 * id + 1] - a === len) {
        let k = 0;
        while (k < len && arena[a + k] === buf[start + k]) k++;
        if (k === len) return id;
      }
      i = (i + 1) & mask;
    }
    throw new ComponentTableFull('no free slot');
  }

  /** Reserve an id and an arena range and write the component there (not published yet). */
  private write(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const id = Atomics.add(this.meta, META.NEXT_ID, 1);
    if (id >= this.offsets.length >> 1) throw new ComponentTableFull('no free id');
    const at = Atomics.add(this.meta, META.ARENA_END, len);
    if (at + len > this.arena.length) throw new ComponentTableFull('arena');
    this.arena.set(buf.subarray(start, end), at);
    this.offsets[2 * id] = at;
    this.offsets[2 * id + 1] = at + len;
    return id;
  }

  /** The frozen value of component `id` (an id this table returned, in any thread). */
  value(id: number): T {
    const v = this.decoded.cached(id);
    return v !== undefined ? v : this.decoded.store(id, this.build(this.arena, this.offsets[2 * id], this.offsets[2 * id + 1]));
  }

  /** Bytes of the shared buffers (counted once per thread that views them). */
  bytes(): number {
    const b = this.buffers;
    return b.meta.byteLength + b.slots.byteLength + b.offsets.byteLength + b.arena.byteLength;
  }
}

/**
 * One thread's tables over a shared set: `factory` is what CollapsedStates takes to use
 * them, `adopt` switches every table to a grown set.
 */
export class SharedInterners {
  private readonly tables: Partial<Record<ComponentKind, SharedComponentTable<unknown>>> = {};
  readonly factory: InternerFactory;

  constructor(
    private set: SharedComponentSet,
    onPressure?: () => void,
    valueLimit?: number,
  ) {
    this.factory = <T>(kind: ComponentKind, build: (buf: Uint8Array, start: number, end: number) => T): Interner<T> => {
      const t = new SharedComponentTable<T>(this.set[kind], build, onPressure, valueLimit);
      this.tables[kind] = t as SharedComponentTable<unknown>;
      return t;
    };
  }

  get buffers(): SharedComponentSet {
    return this.set;
  }

  adopt(set: SharedComponentSet): void {
    if (set === this.set) return;
    this.set = set;
    for (const k of COMPONENT_KINDS) this.tables[k]?.adopt(set[k]);
  }
}
