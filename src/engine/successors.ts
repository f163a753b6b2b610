import { EMPTY, distinctIndexes, duplicateAt, enqueue, overtakeAt, removeAt } from '../network/index.ts';
import type { Entry, QueueInfo } from '../network/index.ts';
import type { ServiceEvent } from '../properties/index.ts';
import type { Message, Value } from '../spec/index.ts';
import { GuardContext, StepContext } from './contexts.ts';
import { SpecError } from './errors.ts';
import { F_CRASH, F_DUP, F_LOSE, F_PARTITION, F_REORDER } from './model.ts';
import type { CompiledAction, CompiledHandler, CompiledProcess, Model } from './model.ts';
import { BLOCKED, Run } from './run.ts';
import { StepMemo, deepFreeze, leadingReadsMatch, replayBody } from './step-memo.ts';
import { canonicalCopy, initialState } from './state.ts';
import { Symmetry } from './symmetry.ts';
import type { GlobalState } from './state.ts';
import type { SendRecord, Step, StepLabel, StepViolation } from './step.ts';
import { stepMonitors } from './monitor-step.ts';
import type { MonitorInput } from './monitor-step.ts';
import { UNSAFE, reasonsLeft } from './unsafe.ts';
import { Visibility } from './visibility.ts';

export { VIOLATED } from './monitor-step.ts';

/** Which queue faults could take, copy or move a message of `info`'s queue, which holds `len` (UNSAFE bits: whether any is left is the state's to say). */
function faultsCanStrike(info: QueueInfo, len: number): number {
  return (info.faults.lose ? UNSAFE.lose : 0) | (info.faults.duplicate && len < info.capacity ? UNSAFE.duplicate : 0) | (info.faults.reorder && len > 1 ? UNSAFE.reorder : 0);
}

const NO_CHOICES: readonly number[] = Object.freeze([]);
const NOTHING: readonly never[] = Object.freeze([]);

/** What a step body is: an action's `then` or a handler's `then` with its message. */
type Body = { readonly action: CompiledAction; readonly h?: undefined; readonly msg?: undefined } | { readonly action?: undefined; readonly h: CompiledHandler; readonly msg: Message };

/**
 * Successor enumeration. Pure and deterministic: the same state always yields the same
 * steps in the same order.
 */
export class Engine {
  readonly model: Model;
  private readonly n: number;
  private readonly assertionsProperty: number;
  /** Some monitor tags messages in flight (entries then carry one tag per monitor). */
  private readonly tagging: boolean;
  private readonly guardCtx: GuardContext;
  private readonly stepCtx: StepContext;
  /** Partial-order reduction is on for this model (see {@link expand}). */
  readonly por: boolean;
  /** With partial-order reduction: what the properties see of a step. */
  readonly visibility: Visibility | null;
  /** Symmetry reduction, when the spec declares groups and no monitor keeps per-process ghost state. */
  private readonly symmetry: Symmetry | null;
  /** Per process, during one expansion: why some step of it may be enabled, disabled or changed by another process or a fault before it moves (UNSAFE bits). */
  private unsafe: number[] = [];
  private tracking = false;
  /** During one expansion that tracks them: the reasons that count in its state (reasonsLeft). */
  private reasons = UNSAFE.always as number;
  /** Per process: UNSAFE.always when another process can rendezvous with it, changing its state in a step of theirs. */
  private readonly rendezvousTarget: number[];
  /** Recorded guards and step bodies (null with the memo off). */
  private readonly guardMemo: StepMemo | null;
  private readonly bodyMemo: StepMemo | null;
  /** While {@link stepsOf} lists steps for the successor cache: where what each gives the monitors goes (the monitors are not run). */
  private monitorInputs: MonitorInput[] | null = null;

  constructor(model: Model) {
    this.model = model;
    this.n = model.names.length;
    this.assertionsProperty = model.properties.findIndex((p) => p.kind === 'assertions');
    this.tagging = model.monitors.some((m) => model.properties[m.property].monitor!.tag !== undefined);
    this.guardCtx = new GuardContext(model);
    this.guardMemo = model.memo ? new StepMemo() : null;
    this.bodyMemo = model.memo ? new StepMemo() : null;
    this.stepCtx = new StepContext(model, (cut, a, b) => this.isCut(cut, a, b), this.tagging);
    // (not with liveness, nor with a monitor that does not say which steps it notices)
    this.visibility = model.por && model.properties.every((p) => p.kind !== 'liveness') ? Visibility.of(model) : null;
    this.por = this.visibility !== null;
    // (room in a bounded queue only p writes is taken only by p, and by duplicates of its messages)
    const stableRoom = (q: number, p: number): number => {
      const info = model.network.queues[q];
      if (info.capacity === Infinity) return 0;
      if (info.sender !== p) return UNSAFE.always;
      return info.faults.duplicate ? UNSAFE.duplicate : 0;
    };
    const sendCommutes = (q: number, p: number): number => {
      const info = model.network.queues[q];
      return info.sender === p || info.ordering === 'unordered' ? stableRoom(q, p) : UNSAFE.always;
    };
    this.symmetry = model.symmetry.length && model.monitors.length === 0 ? new Symmetry(model) : null;
    this.rendezvousTarget = model.names.map((_, p) =>
      model.names.some((_, from) => from !== p && model.network.hasLink(from, p) && model.network.channel(from, p).ordering === 'sync') ? UNSAFE.always : 0,
    );
    for (const c of [this.guardCtx, this.stepCtx]) {
      c.stableRoom = stableRoom;
      c.sendCommutes = sendCommutes;
    }
  }

  /** The initial state, canonical and frozen. */
  initial(): GlobalState {
    return canonicalCopy(this.model, initialState(this.model));
  }

  /** The frozen canonical copy of a state (what the search expands). */
  canonical(s: GlobalState): GlobalState {
    return canonicalCopy(this.model, s);
  }

  /** Symmetry reduction is in force. */
  get symmetric(): boolean {
    return this.symmetry !== null;
  }

  /** The state that stands for `s` in the visited set: its symmetry representative (or `s`). */
  representative(s: GlobalState): GlobalState {
    return this.symmetry ? this.symmetry.canonical(s) : s;
  }

  /** True when every process is up and at a proper end. */
  isProperEnd(s: GlobalState): boolean {
    const procs = this.model.procs;
    for (let p = 0; p < this.n; p++) {
      if (s.down[p]) return false;
      const end = procs[p].end;
      if (!end) return false;
      if (!this.check(end(s.locals[p]) as unknown, procs[p], 'end')) return false;
    }
    return true;
  }

  /**
   * All enabled steps of `s`: protocol steps first (actions, deliveries, restarts; quiescent
   * timeouts only when none of those is enabled), then faults. `protocolSteps` tells how many
   * of the returned steps are protocol steps (the rest are faults).
   */
  successors(s: GlobalState): { steps: Step[]; protocolSteps: number } {
    this.tracking = false;
    const steps: Step[] = [];
    const protocolSteps = this.protocol(s, steps);
    this.faults(s, steps);
    return { steps, protocolSteps };
  }

  /**
   * Like {@link successors}, and with partial-order reduction on, an ample set: the range
   * [ampleStart, ampleEnd) of steps, all of one process p, such that no step of another
   * process or of the environment can enable, disable or change a step of p before p moves
   * (p reads only its own state and stable facts about its queues; its inputs have a message
   * to take and cannot be struck by a fault; its sends go to queues only it writes, or to
   * unbounded multisets; it cannot crash; no partition can cut it off). Exploring only the
   * ample steps then preserves deadlocks and assertion failures, provided the search also
   * expands a state fully whenever an ample step leads to a state already seen (the cycle
   * proviso). ampleStart is -1 when no process qualifies.
   *
   * Of the processes that qualify, the one with the fewest steps is taken (the first of those,
   * in declaration order; the first with a single step at once, leaving the steps of the
   * processes after it uncomputed). Restarts, timeouts and faults are then not computed (`partial`),
   * and a search that must expand the state fully after all (the proviso) asks
   * {@link successors} for the whole list, which begins with the same steps in the same order.
   */
  expand(s: GlobalState): { steps: Step[]; protocolSteps: number; ampleStart: number; ampleEnd: number; partial: boolean } {
    const steps: Step[] = [];
    if (this.beginTracking(s)) {
      const procs = this.model.procs;
      // of the processes whose steps are safe, the one with the fewest (the first of those)
      let ampleStart = -1;
      let ampleEnd = -1;
      for (let p = 0; p < this.n; p++) {
        if (s.down[p]) continue;
        const start = steps.length;
        this.processSteps(s, procs[p], steps);
        if ((this.unsafe[p] & this.reasons) === 0 && steps.length > start && (ampleStart < 0 || steps.length - start < ampleEnd - ampleStart)) {
          ampleStart = start;
          ampleEnd = steps.length;
          if (ampleEnd - ampleStart === 1) break;
        }
      }
      this.tracking = false;
      if (ampleStart >= 0) return { steps, protocolSteps: steps.length, ampleStart, ampleEnd, partial: true };
      const protocolSteps = this.otherProtocolSteps(s, steps);
      this.faults(s, steps);
      return { steps, protocolSteps, ampleStart: -1, ampleEnd: -1, partial: false };
    }
    const protocolSteps = this.protocol(s, steps);
    this.faults(s, steps);
    return { steps, protocolSteps, ampleStart: -1, ampleEnd: -1, partial: false };
  }

  /**
   * The actions (but quiescent timeouts) and deliveries of process p, which is up, appended to
   * `out`. Returns why partial-order reduction could not take them as an ample set (UNSAFE
   * bits, see unsafe.ts; 0: it could): UNSAFE.always when it is off or not tracked in this
   * state, or when another process may enable, disable or change a step of p before p moves;
   * the bit of a queue fault when that fault could, should it be left in the budget. Which
   * faults are left does not change the answer (the caller weighs it with reasonsLeft).
   *
   * With `inputs`, the steps are left as they are before the monitors see them (ghost
   * unchanged, placed entries untagged, no monitor violations), and what each step gives the
   * monitors is pushed to `inputs`, one per step: the successor cache runs them itself.
   */
  stepsOf(s: GlobalState, p: number, out: Step[], inputs: MonitorInput[] | null = null): number {
    this.beginTracking(s);
    this.monitorInputs = inputs;
    try {
      this.processSteps(s, this.model.procs[p], out);
    } finally {
      this.monitorInputs = null;
    }
    const unsafe = this.tracking ? this.unsafe[p] : UNSAFE.always;
    this.tracking = false;
    return unsafe;
  }

  /**
   * What {@link successors} lists after every process's own steps, given that `before` of
   * those are enabled besides any already in `out`: restarts, quiescent timeouts (only when nothing else is enabled), then
   * faults. Returns how many of the steps appended to `out` are protocol steps.
   */
  rest(s: GlobalState, before: number, out: Step[]): number {
    this.tracking = false;
    const start = out.length;
    const protocolSteps = this.otherProtocolSteps(s, out, before) - start;
    this.faults(s, out);
    return protocolSteps;
  }

  /**
   * Whether partial-order reduction tracks which processes' steps are safe in `s` (no crash or
   * partition left, no link cut); when it does, the per-process flags start afresh.
   */
  private beginTracking(s: GlobalState): boolean {
    const b = this.model.budget;
    const f = s.faults;
    this.tracking = this.por && f[F_CRASH] >= b[F_CRASH] && f[F_PARTITION] >= b[F_PARTITION] && s.cut.length === 0;
    if (this.tracking) {
      this.reasons = reasonsLeft(f, b) | this.visibility!.noticed(s.ghost);
      this.unsafe = this.rendezvousTarget.slice();
    }
    return this.tracking;
  }

  /** Protocol steps, process by process; returns how many there are. */
  private protocol(s: GlobalState, steps: Step[]): number {
    const procs = this.model.procs;
    for (let p = 0; p < this.n; p++) if (!s.down[p]) this.processSteps(s, procs[p], steps);
    return this.otherProtocolSteps(s, steps);
  }

  /** A process's actions (but quiescent timeouts) and deliveries. */
  private processSteps(s: GlobalState, proc: CompiledProcess, steps: Step[]): void {
    const actions = proc.actions;
    for (let a = 0; a < actions.length; a++) if (actions[a].timeout !== 'quiescent') this.tryAction(s, proc, actions[a], steps);
    this.deliveries(s, proc, steps);
  }

  /**
   * After every process's own steps: restarts, then, only when nothing is enabled, quiescent
   * timeouts. `elsewhere` steps are enabled besides those in `steps`. Returns steps.length.
   */
  private otherProtocolSteps(s: GlobalState, steps: Step[], elsewhere = 0): number {
    const procs = this.model.procs;
    for (let p = 0; p < this.n; p++) if (s.down[p]) steps.push(this.restart(s, p));
    if (steps.length + elsewhere === 0) {
      for (let p = 0; p < this.n; p++) {
        if (s.down[p]) continue;
        for (const a of procs[p].actions) if (a.timeout === 'quiescent') this.tryAction(s, procs[p], a, steps);
      }
    }
    return steps.length;
  }

  // ---- protocol steps ----

  private tryAction(s: GlobalState, proc: CompiledProcess, a: CompiledAction, out: Step[]): void {
    const p = proc.index;
    this.guardCtx.unstable = 0;
    const enabled = !a.when || this.guard(s.queues, s.down, p, proc, a, undefined, s.locals[p]);
    if (this.tracking) this.unsafe[p] |= this.guardCtx.unstable;
    if (enabled) this.enumerate(s, p, { action: a }, -1, -1, out);
  }

  private deliveries(s: GlobalState, proc: CompiledProcess, out: Step[]): void {
    const p = proc.index;
    const inputs = this.model.network.inputs[p];
    for (let k = 0; k < inputs.length; k++) {
      const q = inputs[k];
      const entries = s.queues[q];
      const info = this.model.network.queues[q];
      if (entries.length === 0) {
        // another writer could put a message here and enable a new step of p
        if (this.tracking && info.sender !== p) this.unsafe[p] |= UNSAFE.always;
        continue;
      }
      const unordered = info.ordering === 'unordered';
      if (this.tracking) this.unsafe[p] |= (unordered || info.ordering === 'priority' ? UNSAFE.always : 0) | faultsCanStrike(info, entries.length);
      // a writer's send into this full buffer is dropped (or fails) now, but would be queued once p takes one
      if (this.tracking && entries.length >= info.capacity && info.onFull !== 'block' && info.sender !== p) this.unsafe[p] |= UNSAFE.always;
      const indexes = unordered ? distinctIndexes(entries, info) : null;
      const count = indexes ? indexes.length : entries.length;
      let taken = false;
      for (let j = 0; j < count; j++) {
        const i = indexes ? indexes[j] : j;
        const e = entries[i];
        const from = e[0];
        const msg = e[1];
        if (s.cut.length && this.isCut(s.cut, from, p)) continue;
        const h = this.handlerFor(proc, msg, from);
        if (h.when) {
          this.guardCtx.unstable = 0;
          const ok = this.guard(s.queues, s.down, p, proc, undefined, h, s.locals[p], msg);
          if (this.tracking) this.unsafe[p] |= this.guardCtx.unstable;
          if (!ok) continue;
        }
        this.enumerate(s, p, { h, msg }, q, i, out);
        taken = true;
        if (!unordered) break; // selective receive: the first acceptable message in queue order
      }
      if (this.tracking && !taken && info.sender !== p) this.unsafe[p] |= UNSAFE.always;
    }
  }

  /** Some fault of the remaining budget could strike a queue of this length. */
  private restart(s: GlobalState, p: number): Step {
    const down = s.down.slice();
    down[p] = 0;
    return this.finish(s, { kind: 'restart', process: this.model.names[p] }, { ...s, down }, null, false);
  }

  // ---- running step bodies ----

  /** Run a step body once per combination of ctx.choose options, pushing each enabled outcome. */
  private enumerate(s: GlobalState, p: number, body: Body, q: number, i: number, out: Step[]): void {
    let script: readonly number[] = NO_CHOICES;
    for (;;) {
      let run = startRun(s, script, q, i);
      let ok = this.execute(run, p, body);
      if (ok === null) {
        // a recorded body's calls returned something else here: run the code on a fresh Run
        run = startRun(s, script, q, i);
        ok = this.run(run, p, body);
      }
      const taken = run.counts.length ? run.taken() : NO_CHOICES;
      if (ok) {
        if (this.tracking) this.unsafe[p] |= this.visibility!.ofStep(s.locals, run.locals, run.events.length, q >= 0 || run.sends.length > 0);
        const next: GlobalState = { locals: run.locals, down: s.down, queues: run.queues, faults: s.faults, ids: run.ids, ghost: s.ghost, cut: s.cut };
        out.push(this.finish(s, this.labelOf(s, p, body, q, i, taken), next, run, false, q >= 0 ? s.queues[q][i] : null));
      }
      if (taken.length === 0) return;
      // advance the odometer over the choices this run saw
      let k = taken.length - 1;
      while (k >= 0 && taken[k] + 1 >= run.counts[k]) k--;
      if (k < 0) return;
      const nextScript = taken.slice(0, k);
      nextScript.push(taken[k] + 1);
      script = nextScript;
    }
  }

  /** The label of a protocol step (optional fields only when present, as traces show them). */
  private labelOf(s: GlobalState, p: number, body: Body, q: number, i: number, taken: readonly number[]): StepLabel {
    const names = this.model.names;
    if (body.action) {
      if (!body.action.timeout && taken.length === 0) return { kind: 'action', process: names[p], action: body.action.name };
      const label: { kind: 'action'; process: string; action: string; timeout?: true; choices?: readonly number[] } = { kind: 'action', process: names[p], action: body.action.name };
      if (body.action.timeout) label.timeout = true;
      if (taken.length) label.choices = taken;
      return label;
    }
    const from = names[s.queues[q][i][0]];
    if (taken.length === 0) return { kind: 'deliver', process: names[p], from, msg: body.msg, queue: q, index: i };
    return { kind: 'deliver', process: names[p], from, msg: body.msg, queue: q, index: i, choices: taken };
  }

  /**
   * Execute `body` as process p: by replaying what it did before in the same local state with
   * the same message when that is recorded (see step-memo.ts), else by running it. False when
   * the step turned out not to be enabled; null when a replay diverged and left `run` half-built.
   */
  private execute(run: Run, p: number, body: Body): boolean | null {
    const memo = this.bodyMemo;
    if (memo === null || run.script.length > 0) return this.run(run, p, body);
    const recorded = memo.get(body.action ?? body.h, run.locals[p], body.msg ?? null);
    if (recorded === undefined) return this.run(run, p, body);
    const ctx = this.stepCtx.aim(run, p, describeBody(body));
    for (let k = 0; k < recorded.length; k++) {
      const r = recorded[k];
      ctx.unstable = 0;
      if (!leadingReadsMatch(ctx, r.ops)) continue;
      ctx.unstable = 0;
      if (!replayBody(ctx, r)) return null;
      if (this.tracking) this.unsafe[p] |= ctx.unstable | (r.blocked ? UNSAFE.always : 0);
      if (r.blocked) return false;
      run.locals[p] = r.result as Value;
      return true;
    }
    return this.run(run, p, body);
  }

  /** Run `body`'s code as process p (recording it for the memo); false when the step is not enabled. */
  private run(run: Run, p: number, body: Body): boolean {
    const proc = this.model.procs[p];
    const ctx = this.stepCtx.aim(run, p, describeBody(body));
    ctx.unstable = 0;
    const memo = run.script.length === 0 ? this.bodyMemo : null;
    const local = run.locals[p];
    if (memo !== null) {
      ctx.rec = [];
      ctx.uncacheable = false;
    }
    let result: unknown;
    let blocked = false;
    try {
      result = body.action ? body.action.then(local, ctx) : body.h.then(local, body.msg, ctx);
    } catch (e) {
      if (e !== BLOCKED) {
        ctx.rec = null;
        throw handlerError(e, proc, describeBody(body));
      }
      blocked = true;
    } finally {
      if (this.tracking) this.unsafe[p] |= ctx.unstable;
    }
    const ops = ctx.rec;
    ctx.rec = null;
    if (!blocked && result === undefined) throw new SpecError('returned undefined instead of the next state (missing return?)', { process: proc.name, handler: describeBody(body) });
    if (memo !== null && ops !== null && !ctx.uncacheable) {
      // what is handed out again must never change: freeze the result and the messages sent
      if (!blocked) deepFreeze(result);
      for (let k = 0; k < ops.length; k++) deepFreeze(ops[k]);
      memo.add(body.action ?? body.h, local, body.msg ?? null, { ops, result, blocked });
    }
    if (blocked) {
      if (this.tracking) this.unsafe[p] |= UNSAFE.always;
      return false;
    }
    run.locals[p] = result as Value;
    return run.sync.length === 0 || this.rendezvous(run);
  }

  /** Each synchronous send of the step is a joint step with the receiver's handler. */
  private rendezvous(run: Run): boolean {
    const s = run.state;
    for (let k = 0; k < run.sync.length; k++) {
      const { from, to, msg } = run.sync[k];
      if (run.inRendezvous) throw new SpecError('a rendezvous handler made another synchronous send (nested rendezvous is not supported)', { process: this.model.names[from] });
      if (s.down[to]) return false;
      const rproc = this.model.procs[to];
      const h = this.handlerFor(rproc, msg, from);
      const frozen = Object.freeze(msg);
      if (h.when && !this.guard(run.queues, s.down, to, rproc, undefined, h, run.locals[to], frozen)) return false;
      run.inRendezvous = true;
      const rctx = this.stepCtx.aim(run, to, `receive ${h.type}`);
      let r: unknown;
      try {
        r = h.then(run.locals[to], frozen, rctx);
      } catch (e) {
        if (e === BLOCKED) return false;
        throw handlerError(e, rproc, `receive ${msg.type}`);
      }
      if (r === undefined) throw new SpecError('returned undefined instead of the next state (missing return?)', { process: rproc.name, handler: `receive ${msg.type}` });
      run.locals[to] = r as Value;
      run.inRendezvous = false;
    }
    return true;
  }

  /** Evaluate an action's or handler's guard for process p against `queues`. */
  private guard(
    queues: readonly (readonly Entry[])[],
    down: readonly number[],
    p: number,
    proc: CompiledProcess,
    action: CompiledAction | undefined,
    h: CompiledHandler | undefined,
    local: Value,
    msg?: Message,
  ): boolean {
    const g = this.guardCtx;
    g.at.queues = queues;
    g.at.down = down;
    g.at.p = p;
    const memo = this.guardMemo;
    const code = action ?? h!;
    if (memo !== null) {
      const recorded = memo.get(code, local, msg ?? null);
      if (recorded !== undefined) {
        for (let k = 0; k < recorded.length; k++) {
          const before = g.unstable;
          if (leadingReadsMatch(g, recorded[k].ops)) return recorded[k].result as boolean;
          g.unstable = before;
        }
      }
      g.rec = [];
      g.uncacheable = false;
    }
    let r: unknown;
    try {
      r = action ? action.when!(local, g) : h!.when!(local, msg!, g);
    } catch (e) {
      g.rec = null;
      throw handlerError(e, proc, action ? `guard of action ${action.name}` : `guard of receive ${h!.type}`);
    }
    const ops = g.rec;
    g.rec = null;
    const ok = this.check(r, proc, action ? `guard of action ${action.name}` : `guard of receive ${h!.type}`);
    if (memo !== null && ops !== null) memo.add(code, local, msg ?? null, { ops, result: ok, blocked: false });
    return ok;
  }

  private check(r: unknown, proc: CompiledProcess, handler: string): boolean {
    if (typeof r !== 'boolean') throw new SpecError(`returned ${String(r)} where a boolean was expected`, { process: proc.name, handler });
    return r;
  }

  private handlerFor(proc: CompiledProcess, msg: Message, from: number): CompiledHandler {
    const h = proc.handlers.get(msg.type);
    if (!h) throw new SpecError(`received message type '${msg.type}' from '${this.model.names[from]}' but has no receive handler for it`, { process: proc.name });
    return h;
  }

  private isCut(cut: readonly number[], a: number, b: number): boolean {
    if (cut.length === 0 || a === b) return false;
    const key = a < b ? a * this.n + b : b * this.n + a;
    return cut.includes(key);
  }

  // ---- faults ----

  private faults(s: GlobalState, out: Step[]): void {
    this.queueFaults(s, out);
    this.processFaults(s, out);
  }

  /** Losses, duplicates and reorders of queued messages, queue by queue. */
  private queueFaults(s: GlobalState, out: Step[]): void {
    const m = this.model;
    const budget = m.budget;
    const used = s.faults;
    const names = m.names;
    const canLose = used[F_LOSE] < budget[F_LOSE];
    const canDup = used[F_DUP] < budget[F_DUP];
    const canReorder = used[F_REORDER] < budget[F_REORDER];
    if (canLose || canDup || canReorder) {
      for (let q = 0; q < s.queues.length; q++) {
        const entries = s.queues[q];
        if (entries.length === 0) continue;
        const info = m.network.queues[q];
        const to = names[info.receiver];
        for (const i of distinctIndexes(entries, info)) {
          const [from, msg] = entries[i];
          const base = { from: names[from], to, msg, queue: q, index: i };
          if (canLose && info.faults.lose) out.push(this.faultStep(s, { kind: 'lose', ...base }, F_LOSE, q, removeAt(entries, i)));
          if (canDup && info.faults.duplicate && entries.length < info.capacity) {
            out.push(this.faultStep(s, { kind: 'duplicate', ...base }, F_DUP, q, duplicateAt(entries, i, info)));
          }
          if (canReorder && info.faults.reorder && i > 0 && (info.ordering === 'fifo' || info.ordering === 'mailbox')) {
            out.push(this.faultStep(s, { kind: 'reorder', ...base }, F_REORDER, q, overtakeAt(entries, i)));
          }
        }
      }
    }
  }

  /** Crashes, heals and partitions (what Engine.successors lists after the queue faults), appended to `out`. */
  processFaults(s: GlobalState, out: Step[]): void {
    const m = this.model;
    const budget = m.budget;
    const used = s.faults;
    const names = m.names;
    this.tracking = false;
    if (used[F_CRASH] < budget[F_CRASH]) {
      for (let p = 0; p < this.n; p++) if (!s.down[p]) out.push(this.crash(s, p));
    }
    for (let k = 0; k < s.cut.length; k++) {
      const a = Math.floor(s.cut[k] / this.n);
      const b = s.cut[k] % this.n;
      const cut = [...s.cut.slice(0, k), ...s.cut.slice(k + 1)];
      out.push(this.finish(s, { kind: 'heal', a: names[a], b: names[b] }, { ...s, cut }, null, true));
    }
    if (used[F_PARTITION] < budget[F_PARTITION]) {
      for (let a = 0; a < this.n; a++) {
        for (let b = a + 1; b < this.n; b++) {
          const key = a * this.n + b;
          if (s.cut.includes(key)) continue;
          const cut = [...s.cut, key].sort((x, y) => x - y);
          out.push(this.finish(s, { kind: 'partition', a: names[a], b: names[b] }, { ...s, cut, faults: this.bump(used, F_PARTITION) }, null, true));
        }
      }
    }
  }

  private faultStep(s: GlobalState, label: StepLabel, kind: number, q: number, entries: readonly Entry[]): Step {
    const queues = s.queues.slice();
    queues[q] = entries;
    return this.finish(s, label, { ...s, queues, faults: this.bump(s.faults, kind) }, null, true);
  }

  private crash(s: GlobalState, p: number): Step {
    const proc = this.model.procs[p];
    const locals = s.locals.slice();
    locals[p] = this.recovered(proc, s.locals[p]);
    const down = s.down.slice();
    down[p] = 1;
    let queues = s.queues;
    if (this.model.crashMailbox === 'drop') {
      const qs = queues.slice();
      for (const q of this.model.network.inputs[p]) qs[q] = EMPTY;
      queues = qs;
    }
    return this.finish(s, { kind: 'crash', process: proc.name }, { ...s, locals, down, queues, faults: this.bump(s.faults, F_CRASH) }, null, true);
  }

  /** The local state process p restarts from after crashing in local state `local`. */
  recoveredLocal(p: number, local: Value): Value {
    return this.recovered(this.model.procs[p], local);
  }

  /** The state a crashed process restarts from: its persistent part over `init`, or `recover`. */
  private recovered(proc: CompiledProcess, local: Value): Value {
    const kept: Record<string, Value> = {};
    if (proc.persistent && local !== null && typeof local === 'object' && !Array.isArray(local)) {
      const obj = local as Readonly<Record<string, Value>>;
      for (const k of proc.persistent) if (k in obj) kept[k] = obj[k];
    }
    if (proc.recover) {
      try {
        return proc.recover(kept, proc.init) as Value;
      } catch (e) {
        throw handlerError(e, proc, 'recover');
      }
    }
    if (proc.init !== null && typeof proc.init === 'object' && !Array.isArray(proc.init)) return { ...(proc.init as Record<string, Value>), ...kept };
    return proc.init;
  }

  /** Count one more fault of kind k; an unlimited (Infinity) budget is not counted, so it adds no states. */
  private bump(xs: readonly number[], k: number): readonly number[] {
    if (this.model.budget[k] === Infinity) return xs;
    const out = xs.slice();
    out[k] = out[k] + 1;
    return out;
  }

  // ---- monitors ----

  /**
   * Apply the monitors to a step and package it. Each monitor sees the step's facts (with
   * the tag it gave the consumed message, if any); after all have moved on, the messages the
   * step placed in queues get their tags, computed from the monitors' new ghost states.
   */
  private finish(s: GlobalState, label: StepLabel, next: GlobalState, run: Run | null, fault: boolean, got: Entry | null = null): Step {
    const sends: readonly SendRecord[] = run ? run.sends : NOTHING;
    const events: readonly ServiceEvent[] = run ? run.events : NOTHING;
    // (a failed ctx.assert is a violation only when the assertions property is checked)
    const violations: StepViolation[] =
      run && run.failures.length && this.assertionsProperty >= 0
        ? run.failures.map((message) => ({ property: this.assertionsProperty, message }))
        : this.model.monitors.length
          ? []
          : (NOTHING as never as StepViolation[]);
    if (this.model.monitors.length) {
      const input: MonitorInput = { label, events, sends, got, placed: run ? run.placed : NOTHING };
      if (this.monitorInputs !== null) this.monitorInputs.push(input);
      else {
        const o = stepMonitors(this.model, s.ghost, input, () => s);
        for (const v of o.violations) violations.push(v);
        next = { ...next, ghost: o.ghost };
        if (input.placed.length) next = { ...next, queues: this.tagPlaced(next, input.placed, o.tags) };
      }
    }
    return { label, next, sends, events, chosen: run ? run.chosen : NOTHING, violations, fault };
  }

  /** The queues of `next` with each placed entry replaced by its tagged copy (tags[j] for placed[j]), as the queue's order places it. */
  private tagPlaced(next: GlobalState, placed: MonitorInput['placed'], tags: readonly (readonly Value[])[]): (readonly Entry[])[] {
    const queues = next.queues.slice();
    for (let j = 0; j < placed.length; j++) {
      const { q, entry } = placed[j];
      const at = queues[q].indexOf(entry);
      queues[q] = enqueue(removeAt(queues[q], at), [entry[0], entry[1], tags[j]], this.model.network.queues[q]);
    }
    return queues;
  }
}

/** The scratch of a step out of `s`, with entry i of queue q taken when it is a delivery (q ≥ 0). */
function startRun(s: GlobalState, script: readonly number[], q: number, i: number): Run {
  const run = new Run(s, script);
  if (q >= 0) run.setQueue(q, removeAt(s.queues[q], i));
  return run;
}

function describeBody(body: Body): string {
  return body.action ? body.action.describe : body.h.describe;
}

const MUTATION = /read.only|not extensible|Cannot add property|Cannot assign|Cannot delete|object is not extensible|frozen/i;

function handlerError(e: unknown, proc: CompiledProcess, handler: string): SpecError {
  if (e instanceof SpecError) {
    if (!e.where.process) return new SpecError(e.detail, { process: proc.name, handler });
    return e;
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof TypeError && MUTATION.test(msg)) {
    return new SpecError(`mutates its input (states and messages are immutable: return a new object, e.g. { ...s, x: 1 }): ${msg}`, { process: proc.name, handler });
  }
  return new SpecError(`threw: ${msg}`, { process: proc.name, handler });
}
