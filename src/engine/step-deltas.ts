/**
 * The successor cache of the searches (one thread, and each parallel lane): each process's steps, recorded as changes
 * to the collapsed vector (see collapsed-state.ts), per *view* of the process — its local
 * state, its submit counter, the contents of the queues it reads and the lengths of those it writes. A step of
 * process p depends on nothing else while no link is cut: its guards and body see its local
 * state, its messages, canSend (a length), pending and mailboxEmpty (its inputs); a send's
 * outcome depends on the length of the queue it goes to (and, when crashed processes lose
 * their mailbox, on whether its receiver is down: then that is in the view too). So when p
 * meets a view again, its successors are written from the parent's ids without running any
 * guard or body, building any Step or encoding any component: a new local id, new ids for
 * the input queues a delivery changed, (queue, entry) appends looked up in a table, and
 * the counter after a submit.
 *
 * The first time a view is met, the engine computes p's steps (Engine.stepsOf) and each is
 * turned into a delta. A step that does anything a delta cannot say — a rendezvous, a
 * change to another process — leaves that view uncached:
 * its steps are computed by the engine every time. Like the step memo this relies on guards
 * and bodies being deterministic, and it is switched off with it (`memo: false`). Symmetry
 * reduction leaves the whole expansion to the engine, except where representatives are taken
 * on vectors (id-symmetry.ts: the one-thread search and the parallel lanes).
 *
 * With monitors, a step is recorded as it is before the monitors see it (Engine.stepsOf with
 * inputs), with what it gives them (label, events, sends, the entry taken, the entries placed).
 * The cache runs the monitors itself, once per recorded step and combination of ghost ids: the
 * outcome (violations, ghost ids after, the keys of the appended entries with the monitors'
 * tags) is kept under (where the delta begins, ghost ids), and losses, duplicates, reorders,
 * crashes and restarts are kept the same way under a head per fault label. An outcome for
 * which a monitor read the messages in flight (a fact of the whole state) is not kept. A step
 * that tags an entry into a queue its process reads leaves its view uncached.
 *
 * With partial-order reduction the view also holds whether the state is tracked (no crash or
 * partition left), and the record says why the process's steps may be enabled, disabled or
 * changed by another process or a fault before it moves, or what a property may see of them
 * (Engine.stepsOf, UNSAFE bits: which faults are left and what the monitors notice at the
 * state's ghosts do not change the record, only which of its reasons count in a state):
 * the ample set is then chosen as Engine.expand chooses it, the process with the fewest steps
 * among those whose steps are safe, and the cycle proviso expands the state fully when one
 * of them closes a cycle.
 *
 * Losses, duplicates and reorders are written from the parent's ids too: what each does to a
 * queue's contents is recorded per queue id. So are restarts (a down flag cleared) and
 * crashes (the process down in its restart local state, recorded per crashed-from local id;
 * with crashMailbox 'drop' its input queues emptied). Quiescent timeouts (when no other step
 * is enabled), partitions and heals, and states with a link cut, are left to the engine. The
 * steps come out in the engine's order (process by process, restarts, then the queue faults,
 * then crashes), so ordinals and traces are those of Engine.successors.
 *
 * Each delta also records what it adds to the fingerprint (id-hash.ts), so a successor's
 * fingerprint comes from its parent's and a successor already seen is never written out.
 *
 * The lanes of a parallel search share what their caches learn (see {@link ViewExchange}): a
 * view learned by one lane is taken in by the others instead of being learned again.
 */
import { distinctIndexes, duplicateAt, enqueue, overtakeAt, removeAt } from '../network/index.ts';
import type { Entry } from '../network/index.ts';
import { EncodeError } from './codec.ts';
import { grownTo } from './doubled-array.ts';
import type { CollapsedStates, IdVector } from './collapsed-state.ts';
import { termHi, termLo } from './id-hash.ts';
import { stepMonitors } from './monitor-step.ts';
import type { MonitorInput } from './monitor-step.ts';
import { F_CRASH, F_DUP, F_LOSE, F_PARTITION, F_REORDER, FAULT_KINDS } from './model.ts';
import type { GlobalState } from './state.ts';
import type { Step, StepLabel, StepViolation } from './step.ts';
import type { Value } from '../spec/index.ts';
import type { Engine } from './successors.ts';
import { UNSAFE, reasonsLeft } from './unsafe.ts';
import { PairTable } from './pair-table.ts';

/** A class for each step, from its label and whether it is a fault (the liveness checker's fairness classes). */
export type StepClassifier = (step: Pick<Step, 'label' | 'fault'>) => number;

/** Where the successors of a state go, in the engine's order. */
export interface SuccessorSink {
  /**
   * A successor as an id vector (valid during the call) with its fingerprint (IdVector.fingerprint, lanes unsigned),
   * and the violations of the step to it. False when it closes a possible cycle (the cycle
   * proviso of partial-order reduction).
   */
  vector(child: IdVector, hi: number, lo: number, violations: readonly StepViolation[]): boolean;
  /** A successor the engine built; the same result. */
  step(step: Step): boolean;
  /** The next successor is step `ordinal` of Engine.successors (they come in order, save for an ample set first). */
  seek(ordinal: number): void;
}

/*
 * A step of a process is kept as changes to the vector it starts from, packed into ints right
 * after its view in the view table: local id · violations (-1: none, else an index into the
 * recorded lists) · what the local and input queue changes add to each lane of the
 * fingerprint (id-hash.ts) · monitored (-1 without monitors, else an index into the recorded
 * MonitoredSteps) · the process's submit counter after the step (-1: unchanged) · r · r (queue, new id) pairs for the input queues the step changes · a · a
 * (queue, entry key) pairs appended to queues the process writes, in order.
 */

/**
 * A step recorded with monitors on: what it gives the monitors, and for each of its appends
 * the index of that entry in MonitorInput.placed (whose tags it then carries).
 */
interface MonitoredStep {
  readonly input: MonitorInput;
  readonly placedOf: readonly number[];
}

/** Where a view's steps begin: their count, or this for a view whose steps are not cached. */
const UNCACHED = -1;

const NO_VIOLATIONS: readonly StepViolation[] = Object.freeze([]);
const NO_STEPS: readonly Step[] = Object.freeze([]);
/** Where a queue fault cannot strike (not an id: empty queues are -1). */
const NO_FAULT = -2;
/** Where a component has no id (it cannot be encoded). */
const NO_ID = -3;
const MAX_OUTCOMES = 1 << 20;
const MAX_APPENDS = 1 << 21;
const ENTRY_KEYS = 1 << 22;
/** The largest submit counter a view holds (next to 4 bits for the tracking bit in one int). */
const MAX_COUNTER = (1 << 27) - 1;
/** Entry keys kept free for one expansion (the tagged entries its steps may add): past ENTRY_KEYS minus this, the cache forgets them. */
const ENTRY_MARGIN = 1 << 16;
const MESSAGE_IDS = 1 << 26;

/**
 * How the successor caches of a parallel search's lanes share what they learn (over the same
 * shared component tables, so that the ids in a record mean the same in every lane): a lane
 * publishes each view it learns as a record of ints, and before it learns a view itself it
 * takes in the records the other lanes have published since it last looked. Implemented over
 * shared memory by the parallel search (parallel/view-logs.ts).
 */
export interface ViewExchange {
  /** Publish a record (the first `length` ints of `record`) to the other lanes. */
  publish(record: Int32Array, length: number): void;
  /** Call `take` with each record the other lanes published since the last call: the ints `log[at, at + length)`. */
  receive(take: (log: Int32Array, at: number, length: number) => void): void;
}

export class StepDeltas {
  /**
   * When the cache forgets what it recorded (see forget): views or monitor outcomes kept, and
   * entry keys used (ENTRY_KEYS less room for one expansion). Tests make them small.
   */
  static bounds = { outcomes: MAX_OUTCOMES, entryKeys: ENTRY_KEYS - ENTRY_MARGIN };
  private readonly n: number;
  private readonly cacheable: boolean[];
  /** Per process: the queues it reads, then those it only writes (finite ones: length matters). */
  private readonly inputs: readonly (readonly number[])[];
  private readonly outputs: readonly (readonly number[])[];
  private readonly isInput: readonly Uint8Array[];
  private readonly isOutput: readonly Uint8Array[];
  /** The views met so far (process first), each followed by its steps: count (or UNCACHED), then the packed deltas. */
  private readonly viewTable = new ViewTable();
  /** The violations of recorded steps that have some. */
  private violationLists: (readonly StepViolation[])[] = [];
  /** (from, message id) → entry key, and back. */
  private readonly entryKeys = new Map<number, number>();
  private readonly entryFrom: number[] = [];
  private readonly entryMsg: number[] = [];
  /** Per queue: (queue id + 1, entry key) → id of the queue with the entry enqueued (queue id -1: empty). */
  private readonly appended: PairTable[];
  private appends = 0;
  private readonly view: Int32Array;
  private readonly child: IdVector;
  private readonly faultBudget: readonly number[];
  private readonly quiescent: boolean;
  /** Partial-order reduction is on for the model. */
  private readonly por: boolean;
  /** Sends to a crashed process are dropped (crashMailbox 'drop'): views then tell which receivers are down. */
  private readonly dropToDown: boolean;
  /** During an expansion, per process: its step count, whether they may be unsafe (see Engine.stepsOf), where they are packed (-1: in `pending`). */
  private readonly counts: Int32Array;
  private readonly unsafe: boolean[];
  /** During an expansion: the UNSAFE reasons that count in its state (reasonsLeft; UNSAFE.always when nothing is tracked). */
  private reasons: number = UNSAFE.always;
  private readonly at: Int32Array;
  private readonly pending: (readonly Step[])[];
  /** Where the delta after the one {@link emit} wrote begins. */
  private next = 0;
  /** The fingerprint of the state being expanded (lanes as int32). */
  private hi = 0;
  private lo = 0;
  /** The last state {@link expand}ed was expanded through an ample set only. */
  ample = false;
  /** Per process, crashed-from local id → restart local id (see {@link recoveredId}). */
  private readonly recovered: Map<number, number>[];
  /** Scratch for {@link crashes}: per process, the local id it crashes to. */
  private readonly crashedInto: Int32Array;
  /** Per (queue, contents id): see {@link faultsOf}. */
  private readonly queueFaultIds = new Map<number, Int32Array>();
  /** Number of monitors (their ghosts are slots of the vector). */
  private readonly monitors: number;
  /** Per recorded step with monitors on (the delta's `monitored` index). */
  private monitored: MonitoredStep[] = [];
  /**
   * What the monitors make of a recorded step from given ghosts: key (where the delta begins,
   * the ghost ids), payload (violations index, the ghost ids after, the entry key of each append).
   */
  private readonly monitorMemo = new ViewTable();
  private readonly memoKey: Int32Array;
  /** Where monitorsOn left its outcome, and what the ghosts add to the fingerprint. */
  private outArr: Int32Array | readonly number[] = NO_OUTCOME;
  private outBase = 0;
  private ghostHi = 0;
  private ghostLo = 0;
  /** Entry keys of tagged entries: from, message id, tags id. */
  private readonly taggedKeys = new Map<string, number>();
  private readonly entryTags: number[] = [];
  /** Per monitor, the ghost id decoded last and its value. */
  private readonly decodedGhostIds: Int32Array;
  private readonly decodedGhosts: Value[];
  /** Per monitor: what it notices at a ghost (UNSAFE bits, Visibility.noticedBy), by ghost id. */
  private readonly noticedAt: Map<number, number>[];
  /** The heads (see monitorsOn) of the faults recorded, by a short form of their label. */
  private readonly faultHeads = new Map<string, number>();
  /**
   * With {@link classifyWith}: the class the classifier gave the step whose successor the sink
   * was given last (the liveness explorer's edge classes).
   */
  stepClass = 0;
  private classify: StepClassifier | null = null;
  /** Per recorded delta (where it begins), its class; per process, the class of its restart. */
  private readonly classes = new Map<number, number>();
  private readonly restartClasses = new Map<number, number>();
  private faultClass = 0;
  /** The parent state, decoded on demand (during expand). */
  private parentState: () => GlobalState = noState;
  /** Where learned views are published and others' received (see {@link share}); the scratch a record is written in. */
  private exchange: ViewExchange | null = null;
  private record = new Int32Array(64);

  constructor(
    private readonly engine: Engine,
    private readonly states: CollapsedStates,
  ) {
    const model = engine.model;
    const net = model.network;
    this.n = model.names.length;
    const nq = net.queues.length;
    this.inputs = model.names.map((_, p) => net.inputs[p]);
    this.outputs = model.names.map((_, p) => {
      const out: number[] = [];
      for (let to = 0; to < this.n; to++) {
        if (!net.hasLink(p, to)) continue;
        const q = net.queueOf(p, to);
        if (q >= 0 && !net.inputs[p].includes(q) && !out.includes(q)) out.push(q);
      }
      return out;
    });
    this.cacheable = model.names.map((_, p) => {
      for (let to = 0; to < this.n; to++) if (net.hasLink(p, to) && net.queueOf(p, to) < 0) return false; // a rendezvous runs the partner's code
      return true;
    });
    this.isInput = this.inputs.map((qs) => mark(nq, qs));
    this.isOutput = this.outputs.map((qs) => mark(nq, qs));
    this.appended = net.queues.map(() => new PairTable());
    this.view = new Int32Array(3 + Math.max(0, ...this.inputs.map((qs, p) => qs.length + 2 * this.outputs[p].length)));
    this.dropToDown = model.crashMailbox === 'drop';
    this.child = states.vector();
    this.por = engine.por;
    this.counts = new Int32Array(this.n);
    this.unsafe = model.names.map(() => true);
    this.at = new Int32Array(this.n);
    this.pending = model.names.map(() => NO_STEPS);
    this.faultBudget = FAULT_KINDS.map((_, k) => model.budget[k]);
    this.quiescent = model.procs.some((proc) => proc.actions.some((a) => a.timeout === 'quiescent'));
    this.recovered = model.names.map(() => new Map());
    this.crashedInto = new Int32Array(this.n);
    this.monitors = model.monitors.length;
    this.memoKey = new Int32Array(1 + this.monitors);
    this.decodedGhostIds = new Int32Array(this.monitors).fill(-1);
    this.decodedGhosts = model.monitors.map(() => null);
    this.noticedAt = model.monitors.map(() => new Map());
  }

  /** The UNSAFE bits the properties notice in a state with v's ghosts (Visibility.noticed, kept per monitor and ghost id). */
  private noticed(v: IdVector): number {
    const visibility = this.engine.visibility!;
    let bits = visibility.base;
    for (let k = 0; k < this.monitors; k++) {
      const id = v.ghost[k];
      let b = this.noticedAt[k].get(id);
      if (b === undefined) {
        b = visibility.noticedBy(k, this.states.value(id));
        this.noticedAt[k].set(id, b);
      }
      bits |= b;
    }
    return bits;
  }

  /**
   * Classify every step whose successor the sink is given (see {@link stepClass}): recorded
   * steps once, when their view is met first. The classifier must depend on the step's label
   * and whether it is a fault only.
   */
  classifyWith(classify: StepClassifier): void {
    this.classify = classify;
    this.faultClass = classify({ label: { kind: 'lose', from: '', to: '', msg: { type: '' }, queue: 0, index: 0 }, fault: true });
  }

  /**
   * The cache can serve this engine's model: no symmetry reduction, or one whose
   * representatives are taken on the vectors the cache writes (`symmetryOnIds`, id-symmetry.ts).
   */
  static serves(engine: Engine, symmetryOnIds = false): boolean {
    return !engine.symmetric || symmetryOnIds;
  }

  /** The cache serves the successors of `v`: no link is cut. */
  applies(v: IdVector): boolean {
    return v.cut.length === 0;
  }

  /**
   * Share what this cache learns with the caches of the other lanes of a parallel search
   * (over the same shared component tables), and take in what they learn (see ViewExchange).
   * Not with monitors (what a step gives them is held as objects) or a classifier; false then.
   */
  share(exchange: ViewExchange): boolean {
    if (this.monitors > 0 || this.classify !== null) return false;
    this.exchange = exchange;
    return true;
  }

  /** Views this cache learned itself, and those it took in from other lanes (see {@link share}). */
  learnedViews = 0;
  receivedViews = 0;

  /**
   * Publish the view in this.view (`len` ints) with its packed steps: as recorded, except that
   * each append names its entry by (from, message id) instead of by this cache's entry key. A
   * view whose steps have violations (kept by index in this cache's lists) is not published.
   */
  private publish(len: number, packed: readonly number[]): void {
    const size = 1 + len + packed.length + (packed.length >> 1);
    if (this.record.length < size) this.record = new Int32Array(2 * size);
    const r = this.record;
    let w = 0;
    r[w++] = len;
    for (let k = 0; k < len; k++) r[w++] = this.view[k];
    r[w++] = packed[0];
    if (packed[0] !== UNCACHED) {
      r[w++] = packed[1];
      let at = 2;
      for (let step = 0; step < packed[0]; step++) {
        if (packed[at + 1] !== -1) return;
        // local, violations, hi, lo, monitored, counter; r (queue, id) pairs
        const replaced = 2 * packed[at + 6];
        for (let k = 0; k < 7 + replaced; k++) r[w++] = packed[at++];
        const appends = packed[at++];
        r[w++] = appends;
        for (let k = 0; k < appends; k++, at += 2) {
          const key = packed[at + 1];
          r[w++] = packed[at];
          r[w++] = this.entryFrom[key];
          r[w++] = this.entryMsg[key];
        }
      }
    }
    this.exchange!.publish(r, w);
  }

  /** Take in a record another lane published (see {@link publish}) unless this cache knows its view. */
  private readonly receive = (log: Int32Array, at: number): void => {
    const len = log[at];
    const view = at + 1;
    if (this.viewTable.find(log, len, view) >= 0) return;
    const packed: number[] = [];
    let r = view + len;
    packed.push(log[r++]);
    if (packed[0] !== UNCACHED) {
      packed.push(log[r++]);
      for (let step = 0; step < packed[0]; step++) {
        const replaced = 2 * log[r + 6];
        for (let k = 0; k < 7 + replaced; k++) packed.push(log[r++]);
        const appends = log[r++];
        packed.push(appends);
        for (let k = 0; k < appends; k++, r += 3) {
          const key = this.entryKey(log[r + 1], log[r + 2]);
          if (key < 0) return;
          packed.push(log[r], key);
        }
      }
    }
    this.viewTable.add(log, len, packed, view);
    this.receivedViews++;
  };

  /**
   * Give `sink` the successors of the state `v` stands for ({@link applies} must hold), in the
   * order of Engine.successors; with partial-order reduction, as Engine.expand does, only the
   * steps of the process with the fewest steps among those that qualify as an ample set, unless one of them closes a
   * possible cycle (then all of them; {@link ample} tells which). `state` decodes the state
   * (called only when the engine must run); `hi`, `lo` is v's fingerprint (IdVector.fingerprint).
   * Returns how many of the successors are protocol steps.
   */
  expand(v: IdVector, hi: number, lo: number, state: () => GlobalState, sink: SuccessorSink): number {
    this.ample = false;
    const bounds = StepDeltas.bounds;
    if (this.viewTable.size >= bounds.outcomes || this.monitorMemo.size >= bounds.outcomes || this.entryFrom.length >= bounds.entryKeys) this.forget();
    this.parentState = state;
    this.child.copyFrom(v);
    this.hi = hi | 0;
    this.lo = lo | 0;
    const b = this.faultBudget;
    const f = v.faults;
    const tracking = this.por && f[F_CRASH] >= b[F_CRASH] && f[F_PARTITION] >= b[F_PARTITION];
    // under partial-order tracking a view records why its process may not qualify, whatever
    // faults are left (see unsafe.ts); this state's faults left say which reasons count
    this.reasons = tracking ? reasonsLeft(f, b) | this.noticed(v) : UNSAFE.always;
    const mask = tracking ? 1 : 0;
    let count = 0;
    // the ample set: of the processes whose steps are safe, the one with the fewest (the first
    // of those; one with a single step is taken at once)
    let ample = -1;
    let before = 0;
    let prepared = 0;
    while (prepared < this.n) {
      const p = prepared++;
      this.prepare(v, p, mask, state);
      if (tracking && !this.unsafe[p] && this.counts[p] > 0 && (ample < 0 || this.counts[p] < this.counts[ample])) {
        ample = p;
        before = count;
        if (this.counts[p] === 1) break;
      }
      count += this.counts[p];
    }
    if (ample >= 0) return this.expandAmple(v, ample, before, prepared, mask, state, sink);
    for (let p = 0; p < this.n; p++) this.emitProcess(v, p, sink);
    return count + this.rest(v, count, state, sink);
  }

  /**
   * Forget what was recorded (a bound is reached): the views with their deltas, the monitors'
   * outcomes, and, when the entry keys are nearly used up, the entry keys and the appends
   * recorded with them. A cache: it fills again as views are met.
   */
  private forget(): void {
    this.viewTable.clear();
    this.classes.clear();
    this.violationLists = [];
    this.monitored = [];
    this.monitorMemo.clear();
    for (const m of this.noticedAt) m.clear();
    // (they hold heads of monitored steps)
    if (this.monitors > 0) {
      this.queueFaultIds.clear();
      this.faultHeads.clear();
    }
    if (this.entryFrom.length >= StepDeltas.bounds.entryKeys) {
      this.entryKeys.clear();
      this.taggedKeys.clear();
      this.entryFrom.length = 0;
      this.entryMsg.length = 0;
      this.entryTags.length = 0;
      for (const t of this.appended) t.clear();
      this.appends = 0;
    }
  }

  /**
   * Process p's steps are an ample set, after `before` steps of the processes before it: take
   * them alone unless one closes a cycle. The first `prepared` processes are prepared; the
   * rest are prepared here when the proviso asks for every step.
   */
  private expandAmple(v: IdVector, ample: number, before: number, prepared: number, mask: number, state: () => GlobalState, sink: SuccessorSink): number {
    sink.seek(before);
    if (this.emitProcess(v, ample, sink)) {
      this.ample = true;
      return this.counts[ample];
    }
    // the cycle proviso: expand fully (the ample steps are known now; the rest in order)
    sink.seek(0);
    let count = 0;
    for (let p = 0; p < this.n; p++) {
      if (p >= prepared) this.prepare(v, p, mask, state);
      if (p !== ample) this.emitProcess(v, p, sink);
      else sink.seek(count + this.counts[p]);
      count += this.counts[p];
    }
    return count + this.rest(v, count, state, sink);
  }

  /**
   * What follows the processes' own steps (`count` of them): restarts, timeouts, faults.
   * Returns how many of them are protocol steps (restarts, timeouts).
   */
  private rest(v: IdVector, count: number, state: () => GlobalState, sink: SuccessorSink): number {
    const b = this.faultBudget;
    const f = v.faults;
    if (this.quiescent && count === 0 && v.downCount === 0) {
      // a quiescent timeout may be enabled: the engine lists those and what follows
      const steps: Step[] = [];
      const protocol = this.engine.rest(state(), count, steps);
      giveAll(steps, sink);
      return protocol;
    }
    // (with a process down there are restarts, so no timeout is tried)
    const restarts = v.downCount > 0 ? this.restarts(v, sink) : 0;
    if (f[F_LOSE] < b[F_LOSE] || f[F_DUP] < b[F_DUP] || f[F_REORDER] < b[F_REORDER]) this.queueFaults(v, sink);
    const crashes = f[F_CRASH] < b[F_CRASH];
    if (f[F_PARTITION] < b[F_PARTITION] || (crashes && !this.crashes(v, sink))) {
      const steps: Step[] = [];
      this.engine.processFaults(state(), steps);
      giveAll(steps, sink);
    }
    return restarts;
  }

  /** A restart of each process that is down, as the engine lists them (it comes back up in the local state it crashed to). Returns how many. */
  private restarts(v: IdVector, sink: SuccessorSink): number {
    const child = this.child;
    let k = 0;
    for (let p = 0; p < this.n; p++) {
      if (!v.down[p]) continue;
      const slot = v.downSlot + p;
      child.down[p] = 0;
      child.downCount = v.downCount - 1;
      let hi = this.hi + termHi(slot, 0) - termHi(slot, 1);
      let lo = this.lo + termLo(slot, 0) - termLo(slot, 1);
      let violations = NO_VIOLATIONS;
      if (this.monitors > 0) {
        violations = this.faultMonitors(v, this.processFaultHead('restart', p));
        hi += this.ghostHi;
        lo += this.ghostLo;
      }
      if (this.classify !== null) this.stepClass = this.restartClass(p);
      sink.vector(child, hi >>> 0, lo >>> 0, violations);
      child.down[p] = 1;
      child.downCount = v.downCount;
      this.restoreGhosts(v);
      k++;
    }
    return k;
  }

  /**
   * A crash of each process that is up, as the engine lists them: the process goes down in
   * the local state it will restart from (its id recorded per crashed-from local id), the
   * crash is counted, and with crashMailbox 'drop' its input queues are emptied. False (and
   * nothing given) when a restart state cannot be encoded: the engine then explains.
   */
  private crashes(v: IdVector, sink: SuccessorSink): boolean {
    const into = this.crashedInto;
    for (let p = 0; p < this.n; p++) {
      into[p] = v.down[p] ? -1 : this.recoveredId(p, v.locals[p]);
      if (into[p] === NO_ID) return false;
    }
    const child = this.child;
    const f = v.faults;
    const fs = v.faultSlot + F_CRASH;
    const counted = this.faultBudget[F_CRASH] !== Infinity;
    for (let p = 0; p < this.n; p++) {
      if (v.down[p]) continue;
      const down = v.downSlot + p;
      const local = into[p];
      let hi = this.hi + termHi(p, local) - termHi(p, v.locals[p]) + termHi(down, 1) - termHi(down, 0);
      let lo = this.lo + termLo(p, local) - termLo(p, v.locals[p]) + termLo(down, 1) - termLo(down, 0);
      child.locals[p] = local;
      child.down[p] = 1;
      child.downCount = v.downCount + 1;
      if (counted) {
        child.faults[F_CRASH] = f[F_CRASH] + 1;
        hi += termHi(fs, f[F_CRASH] + 1) - termHi(fs, f[F_CRASH]);
        lo += termLo(fs, f[F_CRASH] + 1) - termLo(fs, f[F_CRASH]);
      }
      const ins = this.inputs[p];
      if (this.dropToDown) {
        for (let k = 0; k < ins.length; k++) {
          const slot = v.queueSlot + ins[k];
          hi += termHi(slot, -1) - termHi(slot, v.queues[ins[k]]);
          lo += termLo(slot, -1) - termLo(slot, v.queues[ins[k]]);
          child.queues[ins[k]] = -1;
        }
      }
      let violations = NO_VIOLATIONS;
      if (this.monitors > 0) {
        violations = this.faultMonitors(v, this.processFaultHead('crash', p));
        hi += this.ghostHi;
        lo += this.ghostLo;
      }
      this.stepClass = this.faultClass;
      sink.vector(child, hi >>> 0, lo >>> 0, violations);
      this.restoreGhosts(v);
      child.locals[p] = v.locals[p];
      child.down[p] = 0;
      child.downCount = v.downCount;
      child.faults[F_CRASH] = f[F_CRASH];
      if (this.dropToDown) for (let k = 0; k < ins.length; k++) child.queues[ins[k]] = v.queues[ins[k]];
    }
    return true;
  }

  /** The id of the local state process p restarts from after crashing in local state `local` (NO_ID when it cannot be encoded). */
  private recoveredId(p: number, local: number): number {
    const known = this.recovered[p].get(local);
    if (known !== undefined) return known;
    let id: number;
    try {
      id = this.states.valueId(this.engine.recoveredLocal(p, this.states.value(local)));
    } catch (e) {
      if (e instanceof EncodeError) return NO_ID;
      throw e;
    }
    if (this.recovered[p].size >= MAX_APPENDS) this.recovered[p].clear();
    this.recovered[p].set(local, id);
    return id;
  }

  /** Find process p's steps in `v`: recorded (this.at[p]), or computed by the engine (this.pending[p]); with their count and whether they may be unsafe. */
  private prepare(v: IdVector, p: number, mask: number, state: () => GlobalState): void {
    if (v.down[p]) {
      // a crashed process takes no step of its own (its restart follows the processes' steps: see rest)
      this.counts[p] = 0;
      this.unsafe[p] = true;
      this.at[p] = -1;
      this.pending[p] = NO_STEPS;
      return;
    }
    if (this.cacheable[p] && v.ids[p] <= MAX_COUNTER) {
      const len = this.fillView(v, p, mask);
      let at = this.viewTable.find(this.view, len);
      if (at < 0 && this.exchange !== null) {
        this.exchange.receive(this.receive);
        at = this.viewTable.find(this.view, len);
      }
      if (at < 0) at = this.learn(p, len, state(), v);
      const arena = this.viewTable.arena;
      const steps = arena[at];
      if (steps !== UNCACHED) {
        this.counts[p] = steps;
        this.unsafe[p] = (arena[at + 1] & this.reasons) !== 0;
        this.at[p] = at + 2;
        return;
      }
    }
    const pending: Step[] = [];
    this.unsafe[p] = (this.engine.stepsOf(state(), p, pending) & this.reasons) !== 0;
    this.pending[p] = pending;
    this.counts[p] = pending.length;
    this.at[p] = -1;
  }

  /** Give the sink process p's steps (see {@link prepare}); false when one closes a possible cycle. */
  private emitProcess(v: IdVector, p: number, sink: SuccessorSink): boolean {
    let open = true;
    let at = this.at[p];
    if (at < 0) {
      const pending = this.pending[p];
      for (let k = 0; k < pending.length; k++) if (!sink.step(pending[k])) open = false;
      this.pending[p] = NO_STEPS;
      return open;
    }
    const arena = this.viewTable.arena;
    const n = this.counts[p];
    for (let k = 0; k < n; k++) {
      if (!this.emit(v, p, arena, at, sink)) open = false;
      at = this.next;
    }
    return open;
  }

  /**
   * The losses, duplicates and reorders the budget still allows, as the engine lists them
   * (queue by queue; per distinct entry: lose, duplicate, reorder), written from the parent's
   * ids: what each does to a queue's contents is recorded per queue id.
   */
  private queueFaults(v: IdVector, sink: SuccessorSink): void {
    const b = this.faultBudget;
    const f = v.faults;
    const kinds = [f[F_LOSE] < b[F_LOSE], f[F_DUP] < b[F_DUP], f[F_REORDER] < b[F_REORDER]];
    const child = this.child;
    const qs = v.queueSlot;
    const fs = v.faultSlot;
    for (let q = 0; q < v.queues.length; q++) {
      const id = v.queues[q];
      if (id < 0) continue;
      const outcomes = this.faultsOf(q, id);
      const heads = this.monitors > 0 ? outcomes.length / 2 : outcomes.length;
      for (let k = 0; k < heads; k++) {
        const kind = k % 3;
        const next = outcomes[k];
        if (next === NO_FAULT || !kinds[kind]) continue;
        child.queues[q] = next;
        let hi = (this.hi + termHi(qs + q, next) - termHi(qs + q, id)) | 0;
        let lo = (this.lo + termLo(qs + q, next) - termLo(qs + q, id)) | 0;
        let violations = NO_VIOLATIONS;
        if (this.monitors > 0) {
          violations = this.faultMonitors(v, outcomes[heads + k]);
          hi = (hi + this.ghostHi) | 0;
          lo = (lo + this.ghostLo) | 0;
        }
        if (b[kind] !== Infinity) {
          child.faults[kind]++;
          hi = (hi + termHi(fs + kind, f[kind] + 1) - termHi(fs + kind, f[kind])) | 0;
          lo = (lo + termLo(fs + kind, f[kind] + 1) - termLo(fs + kind, f[kind])) | 0;
        }
        this.stepClass = this.faultClass;
        sink.vector(child, hi >>> 0, lo >>> 0, violations);
        child.queues[q] = id;
        child.faults[kind] = f[kind];
        this.restoreGhosts(v);
      }
    }
  }

  /** Run the monitors on the fault with this head (see monitorsOn): the child's ghosts are set, this.ghostHi/ghostLo too; returns the violations. */
  private faultMonitors(v: IdVector, head: number): readonly StepViolation[] {
    this.monitorsOn(v, head, this.monitored[-1 - head], 0, -1, 0);
    const violations = this.outArr[this.outBase];
    return violations < 0 ? NO_VIOLATIONS : this.violationLists[violations];
  }

  /** The child's ghosts back to the parent's. */
  private restoreGhosts(v: IdVector): void {
    for (let k = 0; k < this.monitors; k++) this.child.ghost[k] = v.ghost[k];
  }

  /** Per distinct entry of queue q's contents `id`: the ids after losing, duplicating and reordering it (NO_FAULT where that fault cannot strike). */
  private faultsOf(q: number, id: number): Int32Array {
    const key = q * 2 ** 31 + id;
    const known = this.queueFaultIds.get(key);
    if (known !== undefined) return known;
    if (this.queueFaultIds.size >= MAX_APPENDS) this.queueFaultIds.clear();
    const info = this.engine.model.network.queues[q];
    const entries = this.states.queue(id);
    const indexes = distinctIndexes(entries, info);
    // with monitors, then per outcome the head of what it gives them (see faultInput)
    const out = new Int32Array((this.monitors > 0 ? 6 : 3) * indexes.length).fill(NO_FAULT);
    const names = this.engine.model.names;
    const heads = 3 * indexes.length;
    for (let j = 0; j < indexes.length; j++) {
      const i = indexes[j];
      if (info.faults.lose) out[3 * j] = this.states.queueId(removeAt(entries, i));
      if (info.faults.duplicate && entries.length < info.capacity) out[3 * j + 1] = this.states.queueId(duplicateAt(entries, i, info));
      if (info.faults.reorder && i > 0 && (info.ordering === 'fifo' || info.ordering === 'mailbox')) out[3 * j + 2] = this.states.queueId(overtakeAt(entries, i));
      if (this.monitors === 0) continue;
      const base = { from: names[entries[i][0]], to: names[info.receiver], msg: entries[i][1], queue: q, index: i };
      // (one head per label: the same fault of the same entry in other contents of q meets the same outcomes)
      const label = `${q},${i},${entries[i][0]},${this.states.messageId(entries[i][1])}`;
      out[heads + 3 * j] = this.faultInput(`lose,${label}`, { kind: 'lose', ...base });
      out[heads + 3 * j + 1] = this.faultInput(`duplicate,${label}`, { kind: 'duplicate', ...base });
      out[heads + 3 * j + 2] = this.faultInput(`reorder,${label}`, { kind: 'reorder', ...base });
    }
    this.queueFaultIds.set(key, out);
    return out;
  }

  /** The head for monitorsOn (negative) of a fault labelled `label` (`key` says the label in short), recorded once. */
  private faultInput(key: string, label: StepLabel): number {
    const known = this.faultHeads.get(key);
    if (known !== undefined) return known;
    this.monitored.push({ input: { label, events: NO_EVENTS, sends: NO_SENDS, got: null, placed: NO_PLACED }, placedOf: NO_PLACED_OF });
    this.faultHeads.set(key, -this.monitored.length);
    return -this.monitored.length;
  }

  /** The class of process p's restart (see classifyWith). */
  private restartClass(p: number): number {
    let c = this.restartClasses.get(p);
    if (c === undefined) {
      c = this.classify!({ label: { kind: 'restart', process: this.engine.model.names[p] }, fault: false });
      this.restartClasses.set(p, c);
    }
    return c;
  }

  /** The head of process p's crash (kind 'crash') or restart for monitorsOn, recorded once. */
  private processFaultHead(kind: 'crash' | 'restart', p: number): number {
    return this.faultInput(`${kind},${p}`, { kind, process: this.engine.model.names[p] });
  }

  /** Distinct views recorded (for tests and statistics). */
  get size(): number {
    return this.viewTable.size;
  }

  /** Write p's view of `v` into this.view (process first, then the tracking bit `mask` with the submit counter); returns its length. */
  private fillView(v: IdVector, p: number, mask: number): number {
    const view = this.view;
    let at = 0;
    view[at++] = p;
    // whether partial-order reduction tracks the state (the low bit of 4) and the process's submit counter (a submit numbers its
    // message with it; prepare leaves counters past MAX_COUNTER to the engine)
    view[at++] = mask | (v.ids[p] << 4);
    view[at++] = v.locals[p];
    const ins = this.inputs[p];
    for (let k = 0; k < ins.length; k++) view[at++] = v.queues[ins[k]];
    const outs = this.outputs[p];
    const queues = this.engine.model.network.queues;
    for (let k = 0; k < outs.length; k++) {
      const q = outs[k];
      view[at++] = queues[q].capacity === Infinity ? 0 : this.states.queueLength(v.queues[q]);
      // a send to a crashed process is dropped when crashed processes lose their mailbox
      if (this.dropToDown) view[at++] = v.down[queues[q].receiver];
    }
    return at;
  }

  /** Compute p's steps in `s` with the engine and record them for the view in this.view; returns where they begin in the arena. */
  private learn(p: number, len: number, s: GlobalState, v: IdVector): number {
    const steps: Step[] = [];
    // with monitors, the steps as they are before the monitors see them (emit runs those)
    const inputs: MonitorInput[] | null = this.monitors > 0 ? [] : null;
    const unsafe = this.engine.stepsOf(s, p, steps, inputs);
    const packed: number[] = [steps.length, unsafe];
    const starts: number[] = [];
    for (let k = 0; k < steps.length; k++) {
      starts.push(packed.length);
      if (!this.pack(s, p, steps[k], v, packed, inputs && inputs[k])) {
        packed.length = 1;
        packed[0] = UNCACHED;
        break;
      }
    }
    const at = this.viewTable.add(this.view, len, packed);
    if (this.classify !== null && packed[0] !== UNCACHED) for (let k = 0; k < steps.length; k++) this.classes.set(at + starts[k], this.classify(steps[k]));
    this.learnedViews++;
    if (this.exchange !== null) this.publish(len, packed);
    return at;
  }

  /** Append a step of p out of `s` as a packed delta to `out` (with what it gives the monitors, when they are on); false when it does something a delta cannot say. */
  private pack(s: GlobalState, p: number, step: Step, v: IdVector, out: number[], input: MonitorInput | null): boolean {
    const next = step.next;
    if (step.fault || next.down !== s.down || next.faults !== s.faults || next.ghost !== s.ghost || next.cut !== s.cut) return false;
    for (let i = 0; i < this.n; i++) if (i !== p && (next.locals[i] !== s.locals[i] || next.ids[i] !== s.ids[i])) return false;
    // a submit counts it in p's counter (in the view)
    const counter = next.ids[p] === s.ids[p] ? -1 : next.ids[p];
    try {
      const local = next.locals[p] === s.locals[p] ? v.locals[p] : this.states.valueId(next.locals[p]);
      const replace: number[] = [];
      const append: number[] = [];
      const sendOf: number[] = [];
      for (let q = 0; q < s.queues.length; q++) {
        if (next.queues[q] === s.queues[q]) continue;
        if (this.isInput[p][q]) replace.push(q, this.states.queueId(next.queues[q]));
        else if (!this.isOutput[p][q] || !this.appendsOf(s, p, q, step, append, sendOf)) return false;
      }
      let monitored = -1;
      if (input !== null) {
        // an entry tagged into a queue p also reads is in its replaced contents, untagged: the engine must tag it
        for (const x of input.placed) if (this.isInput[p][x.q]) return false;
        const placedOf = sendOf.map((send) => input.placed.findIndex((x) => x.send === send));
        // (every append is a placed entry when some monitor tags: placed is listed then)
        if (input.placed.length > 0 && placedOf.includes(-1)) return false;
        monitored = this.monitored.length;
        this.monitored.push({ input, placedOf });
      }
      let violations = -1;
      if (step.violations.length) {
        violations = this.violationLists.length;
        this.violationLists.push(step.violations);
      }
      const qs = v.queueSlot;
      let hi = termHi(p, local) - termHi(p, v.locals[p]);
      let lo = termLo(p, local) - termLo(p, v.locals[p]);
      for (let k = 0; k < replace.length; k += 2) {
        const q = replace[k];
        hi += termHi(qs + q, replace[k + 1]) - termHi(qs + q, v.queues[q]);
        lo += termLo(qs + q, replace[k + 1]) - termLo(qs + q, v.queues[q]);
      }
      if (counter >= 0) {
        hi += termHi(v.idSlot + p, counter) - termHi(v.idSlot + p, v.ids[p]);
        lo += termLo(v.idSlot + p, counter) - termLo(v.idSlot + p, v.ids[p]);
      }
      out.push(local, violations, hi | 0, lo | 0, monitored, counter, replace.length / 2, ...replace, append.length / 2, ...append);
      return true;
    } catch (e) {
      if (e instanceof EncodeError) return false; // the search encodes the step itself and explains
      throw e;
    }
  }

  /**
   * The entries p's step put in queue q, as (q, entry key) pairs pushed to `out` (and the
   * index in step.sends of each to `sendOf`); false when enqueuing them one by one onto q's
   * contents does not give the step's queue.
   */
  private appendsOf(s: GlobalState, p: number, q: number, step: Step, out: number[], sendOf: number[]): boolean {
    const model = this.engine.model;
    const info = model.network.queues[q];
    const receiver = model.names[info.receiver];
    let entries = s.queues[q];
    const keys: number[] = [];
    const sends: number[] = [];
    for (let k = 0; k < step.sends.length; k++) {
      const send = step.sends[k];
      if (send.outcome !== 'queued' || send.to !== receiver) continue;
      const msgId = this.states.messageId(send.msg);
      const key = this.entryKey(p, msgId);
      if (key < 0) return false;
      keys.push(key);
      sends.push(k);
      entries = enqueue(entries, [p, this.states.message(msgId), null], info);
    }
    const got = step.next.queues[q];
    if (got.length !== entries.length) return false;
    for (let k = 0; k < got.length; k++) {
      const a = got[k];
      const b = entries[k];
      if (a[0] !== b[0] || a[2] !== b[2] || this.states.messageId(a[1]) !== this.states.messageId(b[1])) return false;
    }
    for (const key of keys) out.push(q, key);
    for (const k of sends) sendOf.push(k);
    return true;
  }

  private entryKey(from: number, msgId: number): number {
    if (msgId >= MESSAGE_IDS) return -1;
    const k = from * MESSAGE_IDS + msgId;
    let key = this.entryKeys.get(k);
    if (key === undefined) {
      key = this.entryFrom.length;
      if (key >= ENTRY_KEYS) return -1;
      this.entryKeys.set(k, key);
      this.entryFrom.push(from);
      this.entryMsg.push(msgId);
      this.entryTags.push(-1);
    }
    return key;
  }

  /** The key of the entry (from, message, tags), the tags given by their value id. */
  private taggedKey(from: number, msgId: number, tagsId: number): number {
    const k = `${from},${msgId},${tagsId}`;
    let key = this.taggedKeys.get(k);
    if (key === undefined) {
      key = this.entryFrom.length;
      if (key >= ENTRY_KEYS) throw new Error(`the successor cache holds at most ${ENTRY_KEYS} distinct queue entries`);
      this.taggedKeys.set(k, key);
      this.entryFrom.push(from);
      this.entryMsg.push(msgId);
      this.entryTags.push(tagsId);
    }
    return key;
  }

  /** Hand the sink the successor the delta packed at arena[at] makes of `v` (its answer is returned); this.next is where the next delta begins. */
  private emit(v: IdVector, p: number, arena: Int32Array, at: number, sink: SuccessorSink): boolean {
    const child = this.child;
    const start = at;
    if (this.classify !== null) this.stepClass = this.classes.get(start)!;
    child.locals[p] = arena[at];
    let violations = arena[at + 1];
    let hi = (this.hi + arena[at + 2]) | 0;
    let lo = (this.lo + arena[at + 3]) | 0;
    const monitored = arena[at + 4];
    const counter = arena[at + 5];
    if (counter >= 0) child.ids[p] = counter;
    const r = arena[at + 6];
    const replaced = at + 7;
    at = replaced;
    for (let k = 0; k < r; k++, at += 2) child.queues[arena[at]] = arena[at + 1];
    const a = arena[at++];
    const appended = at;
    const qs = v.queueSlot;
    // with monitors: their outcome (violations, ghosts, the appended entries' keys with tags)
    let out: Int32Array | readonly number[] = arena;
    let keys = appended + 1;
    if (monitored >= 0) {
      this.monitorsOn(v, start, this.monitored[monitored], a, violations, appended + 1);
      out = this.outArr;
      violations = out[this.outBase];
      keys = this.outBase + 1 + this.monitors;
      hi = (hi + this.ghostHi) | 0;
      lo = (lo + this.ghostLo) | 0;
    }
    for (let k = 0; k < a; k++, at += 2) {
      const q = arena[at];
      const old = child.queues[q];
      const next = this.appendTo(q, old, monitored >= 0 ? out[keys + k] : arena[at + 1]);
      child.queues[q] = next;
      hi = (hi + termHi(qs + q, next) - termHi(qs + q, old)) | 0;
      lo = (lo + termLo(qs + q, next) - termLo(qs + q, old)) | 0;
    }
    this.next = at;
    const open = sink.vector(child, hi >>> 0, lo >>> 0, violations < 0 ? NO_VIOLATIONS : this.violationLists[violations]);
    // back to the parent for the next delta
    child.locals[p] = v.locals[p];
    for (let k = 0; k < r; k++) child.queues[arena[replaced + 2 * k]] = v.queues[arena[replaced + 2 * k]];
    for (let k = 0; k < a; k++) child.queues[arena[appended + 2 * k]] = v.queues[arena[appended + 2 * k]];
    if (monitored >= 0) this.restoreGhosts(v);
    if (counter >= 0) child.ids[p] = v.ids[p];
    return open;
  }

  /**
   * Run the monitors on a recorded step from v's ghosts, or find what they made of it before
   * (kept under `head` and the ghost ids: a process step's head is where its delta begins, a
   * fault's is negative). The step has `appends` appends, their untagged entry keys at
   * views.arena[untagged + 2k], and its own violations at index `own` (-1: none). Sets the
   * child's ghosts and this.ghostHi/ghostLo (what they add to the fingerprint); the outcome is
   * this.outArr from this.outBase: violations index (-1: none) · the ghost ids after · the
   * entry key of each append (with the monitors' tags).
   */
  private monitorsOn(v: IdVector, head: number, step: MonitoredStep, appends: number, own: number, untagged: number): void {
    const key = this.memoKey;
    key[0] = head;
    for (let k = 0; k < this.monitors; k++) key[1 + k] = v.ghost[k];
    const at = this.monitorMemo.find(key, key.length);
    if (at >= 0) {
      this.outArr = this.monitorMemo.arena;
      this.outBase = at;
    } else {
      const { outcome, keep } = this.computeOutcome(v, step, appends, own, untagged);
      if (keep) {
        this.outBase = this.monitorMemo.add(key, key.length, outcome);
        this.outArr = this.monitorMemo.arena;
      } else {
        this.outArr = outcome;
        this.outBase = 0;
      }
    }
    const out = this.outArr;
    const base = this.outBase + 1;
    const gs = v.ghostSlot;
    const child = this.child;
    let hi = 0;
    let lo = 0;
    for (let k = 0; k < this.monitors; k++) {
      const g = out[base + k];
      child.ghost[k] = g;
      hi += termHi(gs + k, g) - termHi(gs + k, v.ghost[k]);
      lo += termLo(gs + k, g) - termLo(gs + k, v.ghost[k]);
    }
    this.ghostHi = hi | 0;
    this.ghostLo = lo | 0;
  }

  /** Run the monitors (see {@link monitorsOn}): their outcome, and whether it may be kept (no monitor read the messages in flight). */
  private computeOutcome(v: IdVector, step: MonitoredStep, appends: number, own: number, untagged: number): { readonly outcome: number[]; readonly keep: boolean } {
    const { input, placedOf } = step;
    const states = this.states;
    const ghost: Value[] = [];
    // (the siblings of a state meet the same ghosts: the last one decoded per monitor is kept)
    for (let k = 0; k < this.monitors; k++) {
      const id = v.ghost[k];
      if (this.decodedGhostIds[k] !== id) {
        this.decodedGhosts[k] = states.value(id);
        this.decodedGhostIds[k] = id;
      }
      ghost.push(this.decodedGhosts[k]);
    }
    const o = stepMonitors(this.engine.model, ghost, input, this.parentState);
    const violations = own < 0 ? o.violations : [...this.violationLists[own], ...o.violations];
    const out: number[] = [violations.length ? this.violationLists.push(violations) - 1 : -1];
    for (let k = 0; k < this.monitors; k++) out.push(o.ghost[k] === ghost[k] ? v.ghost[k] : states.valueId(o.ghost[k]));
    const arena = this.viewTable.arena;
    for (let k = 0; k < appends; k++) {
      if (input.placed.length === 0) out.push(arena[untagged + 2 * k]);
      else {
        const entry = input.placed[placedOf[k]].entry;
        out.push(this.taggedKey(entry[0], states.messageId(entry[1]), states.valueId(o.tags[placedOf[k]])));
      }
    }
    return { outcome: out, keep: !o.readInFlight };
  }

  /** The id of queue q's contents `id` with entry `key` enqueued. */
  private appendTo(q: number, id: number, key: number): number {
    const table = this.appended[q];
    // (id is -1 for an empty queue)
    const known = table.get(id + 1, key);
    if (known >= 0) return known;
    if (this.appends >= MAX_APPENDS) {
      for (const t of this.appended) t.clear();
      this.appends = 0;
    }
    const tags = this.entryTags[key];
    const entry: Entry = Object.freeze([this.entryFrom[key], this.states.message(this.entryMsg[key]), tags < 0 ? null : this.states.value(tags)] as const);
    const next = this.states.queueId(enqueue(this.states.queue(id), entry, this.engine.model.network.queues[q]));
    table.set(id + 1, key, next);
    this.appends++;
    return next;
  }
}

/**
 * Views (short int vectors), each followed by a payload, in one arena with an open-addressing
 * index: what the successor cache reads for a view is next to the view itself. A record is
 * view length · payload length · view · payload; a slot holds where its record begins + 1.
 */
class ViewTable {
  arena = new Int32Array(1 << 14);
  private end = 0;
  private slots = new Int32Array(1 << 11);
  size = 0;

  /** Where the payload of the view view[start, start + len) begins in the arena, or -1 when the view is new. */
  find(view: Int32Array, len: number, start = 0): number {
    const mask = this.slots.length - 1;
    const arena = this.arena;
    for (let i = hashView(view, start, len) & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === 0) return -1;
      const at = s + 1; // the record's view
      if (arena[s - 1] !== len) continue;
      let k = 0;
      while (k < len && arena[at + k] === view[start + k]) k++;
      if (k === len) return at + len;
    }
  }

  /** Add the view view[from, from + len) (not present) with its payload; returns where the payload begins. */
  add(view: Int32Array, len: number, payload: readonly number[], from = 0): number {
    const start = this.end;
    const end = start + 2 + len + payload.length;
    if (end > this.arena.length) this.arena = grownTo(this.arena, end);
    const arena = this.arena;
    arena[start] = len;
    arena[start + 1] = payload.length;
    arena.set(view.subarray(from, from + len), start + 2);
    for (let k = 0; k < payload.length; k++) arena[start + 2 + len + k] = payload[k];
    this.end = end;
    this.size++;
    if (this.size * 2 > this.slots.length) this.rehash();
    else this.place(this.slots, start);
    return start + 2 + len;
  }

  clear(): void {
    this.size = 0;
    this.end = 0;
    this.slots.fill(0);
  }

  private place(slots: Int32Array, start: number): void {
    const mask = slots.length - 1;
    let i = hashView(this.arena, start + 2, this.arena[start]) & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = start + 1;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    for (let at = 0; at < this.end; at += 2 + this.arena[at] + this.arena[at + 1]) this.place(slots, at);
    this.slots = slots;
  }
}

function hashView(view: Int32Array, start: number, len: number): number {
  let h = 0x2545f491;
  for (let k = start; k < start + len; k++) {
    h = Math.imul(h ^ view[k], 0x9e3779b1);
    h ^= h >>> 15;
  }
  return h;
}


/** Give the sink every step of `steps` (what follows no longer depends on a cycle being closed). */
const NO_OUTCOME: readonly number[] = Object.freeze([]);
const NO_EVENTS: MonitorInput['events'] = Object.freeze([]);
const NO_SENDS: MonitorInput['sends'] = Object.freeze([]);
const NO_PLACED: MonitorInput['placed'] = Object.freeze([]);
const NO_PLACED_OF: readonly number[] = Object.freeze([]);

function noState(): GlobalState {
  throw new Error('no state is being expanded');
}

function giveAll(steps: readonly Step[], sink: SuccessorSink): void {
  for (let k = 0; k < steps.length; k++) sink.step(steps[k]);
}

function mark(size: number, qs: readonly number[]): Uint8Array {
  const m = new Uint8Array(size);
  for (const q of qs) m[q] = 1;
  return m;
}
