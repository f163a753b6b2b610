import { CollapsedStates, ComponentTableFull, EncodeError, Engine, SharedInterners, SpecError, Writer, fingerprint, fp } from '../../engine/index.ts';
import type { Model, SharedComponentSet } from '../../engine/index.ts';
import type { Chunk } from './chunks.ts';
import { ChunkWriter } from './chunks.ts';
import { Decisions } from './checks.ts';
import { threadTimes } from './cpu.ts';
import type { Finding } from './checks.ts';
import { CTRL, OVERFLOW, PROGRESS_STRIDE, SharedTable, STOP } from './table.ts';
import type { TableBuffers } from './table.ts';

/** What the coordinator sends a worker for one level (or for the rest of a paused level). */
export interface LevelOrder {
  readonly depth: number;
  readonly chunks: readonly SharedArrayBuffer[];
  /** (chunk, start, end) triples, claimed through CTRL.CURSOR. */
  readonly items: readonly number[];
  /** The table's buffers (replaced when the table grows). */
  readonly table: TableBuffers;
  /** The shared component tables that states are collapsed with (replaced when they grow; ids stay). */
  readonly components: SharedComponentSet;
}

/** An error thrown while expanding a state, in a form that can cross threads. */
export interface LaneError {
  /** Index of the state being expanded. */
  readonly state: number;
  readonly depth: number;
  readonly message: string;
  readonly stack?: string;
  /** Set when it was a SpecError. */
  readonly spec?: { readonly detail: string; readonly where: { readonly process?: string; readonly handler?: string }; readonly file?: string };
  /** Set when a state or message could not be encoded (the one-thread search explains which). */
  readonly encode?: true;
}

/** What a worker reports when it has no more work in a level (or was told to pause or stop). */
export interface LevelReport {
  readonly lane: number;
  readonly transitions: number;
  readonly expanded: number;
  /** The states it discovered, for the next level. */
  readonly out: Chunk[];
  readonly findings: Finding[];
  /** Work it claimed but did not do: (chunk, start, end) triples. */
  readonly remainders: number[];
  readonly error?: LaneError;
  /** This lane's time on a CPU and waiting for one during the level (Linux only). */
  readonly cpuMs?: number;
  readonly waitMs?: number;
}

/** Options a worker needs besides the model. */
export interface LaneOptions {
  readonly maxStates?: number;
}

/**
 * One worker's share of a level-synchronous BFS: claims work items of the current level,
 * expands each state, inserts successors into the shared table and writes the new ones to
 * its chunks for the next level. Used inside worker threads and, for tests, in-process.
 */
export class Expander {
  private readonly engine: Engine;
  private readonly decisions: Decisions;
  private readonly ctrl: Int32Array;
  private table: SharedTable | undefined;
  private readonly writer = new Writer();
  /** This thread's view of the shared component tables, and the collapsed encoding over them (made at the first level). */
  private interners: SharedInterners | undefined;
  private states: CollapsedStates | undefined;
  private readonly out = new ChunkWriter();
  private order: LevelOrder | undefined;
  private views: { u8: Uint8Array; view: DataView }[] = [];
  private transitions = 0;
  private expanded = 0;
  private remainders: number[] = [];
  private error: LaneError | undefined;
  /** Room reserved in the table and not used yet (reserved in batches to keep the shared counter quiet). */
  private room = 0;
  private times: ReturnType<typeof threadTimes>;
  /** Chunks this lane wrote, by the depth of the level it was expanding. */
  private written = new Map<number, SharedArrayBuffer[]>();

  constructor(
    readonly model: Model,
    private readonly control: SharedArrayBuffer,
    /** Cumulative [transitions, expanded] of each lane, for progress reports (PROGRESS_STRIDE slots per lane). */
    private readonly progress: Float64Array,
    private readonly lane: number,
    private readonly opts: LaneOptions = {},
  ) {
    this.engine = new Engine(model);
    this.ctrl = new Int32Array(control);
    this.decisions = new Decisions(model, this.ctrl);
  }

  begin(order: LevelOrder): void {
    this.times = threadTimes();
    if (this.table?.buffers.keys !== order.table.keys) this.table = new SharedTable(order.table, this.control);
    if (this.interners) this.interners.adopt(order.components);
    else {
      const ctrl = this.ctrl;
      this.interners = new SharedInterners(order.components, () => Atomics.or(ctrl, CTRL.OVERFLOW, OVERFLOW.components));
      this.states = new CollapsedStates(this.model, undefined, this.interners.factory);
    }
    this.order = order;
    // what this lane wrote while expanding depth d is the input of depth d+1: free once that level is done
    for (const [d, bufs] of this.written) {
      if (d > order.depth - 2) continue;
      this.out.recycle(bufs);
      this.written.delete(d);
    }
    this.views = order.chunks.map((b) => ({ u8: new Uint8Array(b), view: new DataView(b) }));
    this.transitions = 0;
    this.expanded = 0;
    this.remainders = [];
    this.error = undefined;
  }

  /** Claim and expand one work item; false when there is none left or the level must pause or stop. */
  step(): boolean {
    const order = this.order!;
    const ctrl = this.ctrl;
    const n = order.items.length / 3;
    const i = Atomics.add(ctrl, CTRL.CURSOR, 1);
    if (i >= n) return false;
    const c = order.items[3 * i];
    const end = order.items[3 * i + 2];
    const stoppedAt = this.expandRange(c, order.items[3 * i + 1], end, order.depth);
    if (stoppedAt < end) {
      this.remainders.push(c, stoppedAt, end);
      return false;
    }
    return true;
  }

  /** Run `step` until the level is done for this worker. */
  runLevel(order: LevelOrder): LevelReport {
    this.begin(order);
    while (this.step());
    return this.end();
  }

  end(): LevelReport {
    this.table?.release(this.room);
    this.room = 0;
    const depth = this.order!.depth;
    this.order = undefined;
    this.views = [];
    const t0 = this.times;
    const t1 = t0 && threadTimes();
    const out = this.out.take();
    const mine = this.written.get(depth) ?? [];
    for (const c of out) mine.push(c.buf);
    this.written.set(depth, mine);
    return {
      lane: this.lane,
      ...(t0 && t1 ? { cpuMs: t1.cpuMs - t0.cpuMs, waitMs: t1.waitMs - t0.waitMs } : {}),
      transitions: this.transitions,
      expanded: this.expanded,
      out,
      findings: this.decisions.take(),
      remainders: this.remainders,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Have room for `n` more states: reserve a batch, or just what is missing when the table is nearly full. */
  private reserve(table: SharedTable, n: number): boolean {
    const missing = n - this.room;
    if (table.reserve(Math.max(missing, RESERVE_BATCH))) {
      this.room += Math.max(missing, RESERVE_BATCH);
      return true;
    }
    if (missing < RESERVE_BATCH && table.reserve(missing)) {
      this.room = n;
      return true;
    }
    return false;
  }

  /** Expand the records in [start, end) of a chunk; returns where it stopped (end when done). */
  private expandRange(c: number, start: number, end: number, depth: number): number {
    const { u8, view } = this.views[c];
    const ctrl = this.ctrl;
    const table = this.table!;
    const states = this.states!;
    const engine = this.engine;
    const decisions = this.decisions;
    const checkInvariants = decisions.invariants.length > 0;
    const deadlock = decisions.deadlock;
    const maxStates = this.opts.maxStates;
    const out = this.out;
    const progress = this.progress;
    const slot = PROGRESS_STRIDE * this.lane;
    let pos = start;
    while (pos < end) {
      if (Atomics.load(ctrl, CTRL.STOP) !== STOP.none || Atomics.load(ctrl, CTRL.OVERFLOW) !== 0) return pos;
      const index = view.getUint32(pos, true);
      const len = view.getUint32(pos + 4, true);
      try {
        const s = states.decode(u8.subarray(pos + 8, pos + 8 + len));
        const { steps, protocolSteps } = engine.successors(s);
        if (this.room < steps.length && !this.reserve(table, steps.length)) {
          Atomics.or(ctrl, CTRL.OVERFLOW, OVERFLOW.states);
          return pos;
        }
        if (deadlock >= 0 && protocolSteps === 0 && !decisions.isDecided(deadlock) && !engine.isProperEnd(s)) {
          decisions.decide({ property: deadlock, state: index, message: 'no protocol step is enabled and not every process is at a proper end' });
        }
        let added = 0;
        try {
          for (let k = 0; k < steps.length; k++) {
            const st = steps[k];
            for (const v of st.violations) decisions.decide({ property: v.property, state: index, ordinal: k, message: v.message });
            const w = this.writer;
            w.reset();
            states.encode(w, st.next, true);
            const nb = w.bytes();
            fingerprint(nb, nb.length);
            const child = table.insert(fp[0], fp[1], index);
            if (child < 0) continue;
            added++;
            out.push(child, nb);
            if (checkInvariants) decisions.checkState(st.next, child);
          }
        } finally {
          this.room -= added;
        }
        this.transitions += steps.length;
        this.expanded++;
        progress[slot] += steps.length;
        progress[slot + 1]++;
      } catch (e) {
        if (e instanceof ComponentTableFull) {
          // the level pauses for the tables to grow and this state is expanded again (its
          // successors inserted so far are found then, and not counted twice)
          Atomics.or(ctrl, CTRL.OVERFLOW, OVERFLOW.components);
          return pos;
        }
        this.error = laneError(e, index, depth);
        Atomics.store(ctrl, CTRL.STOP, STOP.error);
        return pos;
      }
      if (maxStates !== undefined && table.size >= maxStates) Atomics.compareExchange(ctrl, CTRL.STOP, STOP.none, STOP.maxStates);
      pos += 8 + len;
    }
    return end;
  }
}

const RESERVE_BATCH = 256;

function laneError(e: unknown, state: number, depth: number): LaneError {
  if (e instanceof SpecError) {
    return { state, depth, message: e.message, stack: e.stack, spec: { detail: e.detail, where: { ...e.where }, ...(e.file ? { file: e.file } : {}) } };
  }
  if (e instanceof EncodeError) return { state, depth, message: e.message, stack: e.stack, encode: true };
  if (e instanceof Error) return { state, depth, message: e.message, stack: e.stack };
  return { state, depth, message: String(e) };
}
