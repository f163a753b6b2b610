import { CollapsedStates, ComponentTableFull, EncodeError, Engine, IdSymmetry, SharedInterners, SpecError, StepDeltas, fp } from '../../engine/index.ts';
import type { GlobalState, IdVector, Model, SharedComponentSet, Step, StepViolation, SuccessorSink } from '../../engine/index.ts';
import type { Chunk } from './chunks.ts';
import { ChunkWriter, Claims } from './chunks.ts';
import { Decisions } from './checks.ts';
import { threadTimes } from './cpu.ts';
import type { Finding } from './checks.ts';
import { CTRL, OVERFLOW, PROGRESS_STRIDE, SharedTable, STOP } from './table.ts';
import type { TableBuffers } from './table.ts';
import { ViewLogs } from './view-logs.ts';

/** What the coordinator sends a worker for one level (or for the rest of a paused level). */
export interface LevelOrder {
  readonly depth: number;
  /**
   * The number of states in the table when this level began (not when a paused level
   * resumed): states with lower indexes are those of depth at most `depth`. For the cycle
   * proviso of partial-order reduction.
   */
  readonly levelStart: number;
  readonly chunks: readonly SharedArrayBuffer[];
  /** (chunk, start, end) triples, in segments: see {@link LevelOrder.segments}. */
  readonly items: readonly number[];
  /**
   * Item numbers where the segments begin, and one past the last item: segment s is items
   * [segments[s], segments[s+1]). A lane claims items from segment `lane mod segments` first
   * (the states it wrote itself, see Claims in chunks.ts), then from the others.
   */
  readonly segments: readonly number[];
  /** The segments' cursors: Int32 slot CURSOR_STRIDE·s holds the next item of segment s to claim. */
  readonly cursors: SharedArrayBuffer;
  /** The table's buffers (replaced when the table grows). */
  readonly table: TableBuffers;
  /** The shared component tables that states are collapsed with (replaced when they grow; ids stay). */
  readonly components: SharedComponentSet;
}

/** What the coordinator sends the lanes in other threads when the table's slots grew: fill them together (SharedTable.placeShared). */
export interface PlaceOrder {
  readonly table: TableBuffers;
  /** The table's `end`: states with lower indexes are placed. */
  readonly states: number;
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
  /** Of those, states another lane wrote: expanded once this lane's own segment was empty. */
  readonly fromOthers: number;
  /** States it expanded through an ample set only (partial-order reduction). */
  readonly ampleStates: number;
  /** The states it discovered, for the next level. */
  readonly out: Chunk[];
  readonly findings: Finding[];
  /** Work it claimed but did not do: (chunk, start, end) triples. */
  readonly remainders: number[];
  readonly error?: LaneError;
  /** This lane's time on a CPU and waiting for one during the level (Linux only). */
  readonly cpuMs?: number;
  readonly waitMs?: number;
  /** During the level: the views this lane's successor cache learned itself, and those it took in from other lanes (view-logs.ts). */
  readonly views?: { readonly learned: number; readonly received: number };
}

/** Options a worker needs besides the model. */
export interface LaneOptions {
  readonly maxStates?: number;
  /** The lanes' logs of the views their successor caches learn, one per lane (view-logs.ts); without them each lane learns alone. */
  readonly viewLogs?: readonly SharedArrayBuffer[];
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
  /** This thread's view of the shared component tables, and the collapsed encoding over them (made at the first level). */
  private interners: SharedInterners | undefined;
  private states: CollapsedStates | undefined;
  /** The successor cache (step-deltas.ts), where it applies; the ids of the state being expanded and of a successor. */
  private deltas: StepDeltas | null = null;
  /** Symmetry reduction, whose representatives the lanes take on vectors (id-symmetry.ts). */
  private idSymmetry: IdSymmetry | null = null;
  private ids: IdVector | undefined;
  /** The state being expanded through the cache: its index, the ordinal of its next step, its decoded form once needed. */
  private parent = 0;
  private ordinal = 0;
  private parentState: GlobalState | null = null;
  private readonly sink: SuccessorSink = {
    vector: (child, hi, lo, violations) => {
      this.fired++;
      const ids = this.idSymmetry === null ? child : this.idSymmetry.canonical(child);
      if (ids === child) return this.arrive(child, hi, lo, null, violations, this.ordinal++, this.parent);
      ids.fingerprint();
      return this.arrive(ids, fp[0], fp[1], null, violations, this.ordinal++, this.parent);
    },
    step: (st) => {
      this.fired++;
      return this.fire(st, this.ordinal++, this.parent);
    },
    seek: (ordinal) => {
      this.ordinal = ordinal;
    },
  };
  /** Successors the cache gave for the state being expanded (an ample set's, or all). */
  private fired = 0;
  private readonly build = (ids: IdVector): GlobalState => this.states!.build(ids);
  private readonly decodeParent = (): GlobalState => (this.parentState ??= this.states!.decodeParsed(this.ids!));
  private readonly out = new ChunkWriter();
  private order: LevelOrder | undefined;
  /** This lane's claims on the level's work items: its own segment's first. */
  private claims = new Claims([0], new Int32Array(0), 0);
  /** States expanded that another lane wrote (from another lane's segment). */
  private fromOthers = 0;
  private views: { u8: Uint8Array; view: DataView }[] = [];
  private transitions = 0;
  private expanded = 0;
  private ampleStates = 0;
  /** See {@link LevelOrder.levelStart}. */
  private levelStart = 0;
  private remainders: number[] = [];
  private error: LaneError | undefined;
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
    // (under symmetry the representative is checked, built from its ids: see search.ts)
    if (model.memo) this.decisions.rememberPredicates();
  }

  begin(order: LevelOrder): void {
    this.times = threadTimes();
    if (!this.table?.viewsAll(order.table)) this.table = new SharedTable(order.table, this.control);
    if (this.interners) this.interners.adopt(order.components);
    else {
      const ctrl = this.ctrl;
      this.interners = new SharedInterners(order.components, () => Atomics.or(ctrl, CTRL.OVERFLOW, OVERFLOW.components));
      this.states = new CollapsedStates(this.model, undefined, this.interners.factory);
      // (as the coordinator decides: every thread takes the same representatives)
      if (this.engine.symmetric) this.idSymmetry = new IdSymmetry(this.model, this.states);
      if (this.model.memo && StepDeltas.serves(this.engine, this.idSymmetry !== null)) {
        this.deltas = new StepDeltas(this.engine, this.states);
        if (this.opts.viewLogs) this.deltas.share(new ViewLogs(this.opts.viewLogs, this.lane));
      }
      this.ids = this.states.vector();
    }
    this.order = order;
    // what this lane wrote while expanding depth d is the input of depth d+1: free once that level is done
    for (const [d, bufs] of this.written) {
      if (d > order.depth - 2) continue;
      this.out.recycle(bufs);
      this.written.delete(d);
    }
    this.views = order.chunks.map((b) => ({ u8: new Uint8Array(b), view: new DataView(b) }));
    this.claims = new Claims(order.segments, new Int32Array(order.cursors), this.lane);
    this.fromOthers = 0;
    this.transitions = 0;
    this.expanded = 0;
    this.ampleStates = 0;
    this.levelStart = order.levelStart;
    this.remainders = [];
    this.error = undefined;
  }

  /** Claim and expand one work item; false when there is none left or the level must pause or stop. */
  step(): boolean {
    const order = this.order!;
    const i = this.claims.next();
    if (i < 0) return false;
    const c = order.items[3 * i];
    const end = order.items[3 * i + 2];
    const before = this.expanded;
    const stoppedAt = this.expandRange(c, order.items[3 * i + 1], end, order.depth);
    if (this.claims.stolen) this.fromOthers += this.expanded - before;
    if (stoppedAt < end) {
      this.remainders.push(c, stoppedAt, end);
      return false;
    }
    return true;
  }

  /** This thread's share of filling the slots of a grown table (see PlaceOrder). */
  place(order: PlaceOrder): void {
    if (!this.table?.viewsAll(order.table)) this.table = new SharedTable(order.table, this.control);
    this.table.placeShared(order.states);
  }

  /** The views learned and received (see LevelReport.views) since the last call. */
  private viewsDuring(): { learned: number; received: number } {
    const d = this.deltas!;
    const views = { learned: d.learnedViews - this.viewsBefore.learned, received: d.receivedViews - this.viewsBefore.received };
    this.viewsBefore = { learned: d.learnedViews, received: d.receivedViews };
    return views;
  }
  private viewsBefore = { learned: 0, received: 0 };

  /** Run `step` until the level is done for this worker. */
  runLevel(order: LevelOrder): LevelReport {
    this.begin(order);
    while (this.step());
    return this.end();
  }

  end(): LevelReport {
    this.table?.release();
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
      fromOthers: this.fromOthers,
      ampleStates: this.ampleStates,
      out,
      findings: this.decisions.take(),
      remainders: this.remainders,
      ...(this.error ? { error: this.error } : {}),
      ...(this.deltas ? { views: this.viewsDuring() } : {}),
    };
  }

  /**
   * Expand the records in [start, end) of a chunk; returns where it stopped (end when done).
   *
   * As in the one-thread search (search.ts), each successor is replaced by its symmetry
   * representative, and with an ample set (partial-order reduction) only the ample steps are
   * taken unless one of them closes a possible cycle, that is leads to a state already known
   * when this level began (index below `levelStart`: a state of depth at most d when
   * expanding depth d); the state is then expanded fully.
   *
   * Why the reduced state space is the one-thread search's, state for state: in the
   * one-thread BFS, `levelStart` is the visited-set size when the first state of depth d is
   * taken, so "index below levelStart" means "in S(≤d)", the states of depth at most d; a
   * state found earlier in the same level (depth d+1) counts as new. Here the test is the
   * same and so is its meaning: S(≤d) is exactly the table when level d begins (the levels
   * are separated by a barrier), and every state inserted during level d, by this lane or by
   * another, gets an index at or above
   * `levelStart`. So whether a state of depth d takes only its ample set depends on that
   * state alone (the engine is deterministic: the ample set, the representatives) and on
   * S(≤d), never on the order of expansion or on which lane inserted a state first. Then
   * level d+1 = (reduced successors of level d) minus S(≤d) is the same set in both searches,
   * and by induction on d so are the levels, and with them the state and transition counts,
   * the depth, the ample-only states and the depth at which each property is first decided
   * (the counterexample lengths). Only the parent links may differ (which shortest path is
   * reported). A state expanded again after a pause (a full table) is decided the same way:
   * the successors it inserted the first time are of this level.
   */
  private expandRange(c: number, start: number, end: number, depth: number): number {
    const { u8, view } = this.views[c];
    const ctrl = this.ctrl;
    const table = this.table!;
    const states = this.states!;
    const engine = this.engine;
    const decisions = this.decisions;
    const maxStates = this.opts.maxStates;
    const progress = this.progress;
    const slot = PROGRESS_STRIDE * this.lane;
    let pos = start;
    while (pos < end) {
      if (Atomics.load(ctrl, CTRL.STOP) !== STOP.none || Atomics.load(ctrl, CTRL.OVERFLOW) !== 0) return pos;
      const index = view.getUint32(pos, true);
      const len = view.getUint32(pos + 4, true);
      try {
        if (this.deltas !== null) states.parseAt(u8, pos + 8, this.ids!);
        if (this.deltas !== null && this.deltas.applies(this.ids!)) {
          // the successor cache: room is taken as successors come (NO_ROOM pauses the level)
          this.parent = index;
          this.ordinal = 0;
          this.fired = 0;
          this.parentState = null;
          const protocolSteps = this.deltas.expand(this.ids!, table.hiOf(index), table.loOf(index), this.decodeParent, this.sink);
          if (protocolSteps === 0) decisions.noStepEnabled(engine, this.decodeParent, index);
          this.transitions += this.fired;
          this.expanded++;
          if (this.deltas.ample) this.ampleStates++;
          progress[slot] += this.fired;
          progress[slot + 1]++;
          if (maxStates !== undefined && table.size >= maxStates) Atomics.compareExchange(ctrl, CTRL.STOP, STOP.none, STOP.maxStates);
          pos += 8 + len;
          continue;
        }
        // (already parsed when the cache is on)
        const s = this.deltas !== null ? states.decodeParsed(this.ids!) : states.decode(u8.subarray(pos + 8, pos + 8 + len));
        const { steps, protocolSteps, ampleStart, ampleEnd, partial } = engine.expand(s);
        if (!table.reserve(steps.length)) {
          Atomics.or(ctrl, CTRL.OVERFLOW, OVERFLOW.states);
          return pos;
        }
        if (protocolSteps === 0) decisions.noStepEnabled(engine, () => s, index);
        let fired: number;
        let ampleOnly = false;
        if (ampleStart >= 0) {
          let closes = false;
          for (let k = ampleStart; k < ampleEnd; k++) if (!this.fire(steps[k], k, index)) closes = true;
          if (closes) {
            // the expansion stopped at the ample set: take the whole list (same steps first)
            const all = partial ? engine.successors(s).steps : steps;
            const more = all.length - (ampleEnd - ampleStart);
            if (!table.reserve(more)) {
              // expanded again once the table has grown (the ample successors are in this level by then)
              Atomics.or(ctrl, CTRL.OVERFLOW, OVERFLOW.states);
              return pos;
            }
            for (let k = 0; k < ampleStart; k++) this.fire(all[k], k, index);
            for (let k = ampleEnd; k < all.length; k++) this.fire(all[k], k, index);
            fired = all.length;
          } else {
            ampleOnly = true;
            fired = ampleEnd - ampleStart;
          }
        } else {
          for (let k = 0; k < steps.length; k++) this.fire(steps[k], k, index);
          fired = steps.length;
        }
        // counted once the state is done (a state expanded again after a pause counts once)
        this.transitions += fired;
        this.expanded++;
        if (ampleOnly) this.ampleStates++;
        progress[slot] += fired;
        progress[slot + 1]++;
      } catch (e) {
        if (e === NO_ROOM) {
          // expanded again once the table has grown (what it inserted so far is found then)
          Atomics.or(ctrl, CTRL.OVERFLOW, OVERFLOW.states);
          return pos;
        }
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

  /**
   * Fire step `k` of the state `parent` being expanded (inside a reservation): record its
   * violations, insert its successor's representative, and write it for the next level if
   * new. Returns false when it closes a possible cycle: it leads to a state known before this
   * level began.
   */
  private fire(st: Step, k: number, parent: number): boolean {
    // (the lanes take representatives on vectors whenever there is symmetry: the state itself is collapsed)
    const found = this.states!.ids(st.next, true);
    const ids = this.idSymmetry === null ? found : this.idSymmetry.canonical(found);
    ids.fingerprint();
    return this.arrive(ids, fp[0], fp[1], st.next, st.violations, k, parent);
  }

  /** Step `k` of `parent`, with these violations, reaches the state `ids` (valid during the call) with fingerprint hi, lo (`next`, when built): see {@link fire}. */
  private arrive(ids: IdVector, hi: number, lo: number, next: GlobalState | null, violations: readonly StepViolation[], k: number, parent: number): boolean {
    const decisions = this.decisions;
    for (let i = 0; i < violations.length; i++) decisions.decide({ property: violations[i].property, state: parent, ordinal: k, message: violations[i].message });
    const table = this.table!;
    if (table.room < 1 && !table.reserve(1)) throw NO_ROOM;
    const child = table.insert(hi, lo, parent);
    if (child < 0) return table.lastFound >= this.levelStart;
    const out = this.out;
    const states = this.states!;
    out.begin(states.maxBytes(ids));
    out.commit(child, states.writeAt(out.out, out.outAt, ids));
    // (on vectors the representative is checked, built from its ids: see search.ts)
    if (decisions.invariants.length > 0) decisions.checkIds(ids, this.idSymmetry ? null : next, this.build, child);
    return true;
  }
}

/** Thrown when a successor of the cache finds no room left in the table: the level pauses. */
const NO_ROOM = Symbol('no room');

function laneError(e: unknown, state: number, depth: number): LaneError {
  if (e instanceof SpecError) {
    return { state, depth, message: e.message, stack: e.stack, spec: { detail: e.detail, where: { ...e.where }, ...(e.file ? { file: e.file } : {}) } };
  }
  if (e instanceof EncodeError) return { state, depth, message: e.message, stack: e.stack, encode: true };
  if (e instanceof Error) return { state, depth, message: e.message, stack: e.stack };
  return { state, depth, message: String(e) };
}
