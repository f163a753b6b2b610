import { EMPTY, distinctIndexes, duplicateAt, enqueue, overtakeAt, removeAt } from '../network/index.ts';
import type { Entry, QueueInfo } from '../network/index.ts';
import { isViolation } from '../properties/index.ts';
import type { InFlight, ServiceEvent, StepFacts } from '../properties/index.ts';
import type { Ctx, GuardCtx, Message, Value } from '../spec/index.ts';
import { SpecError } from './errors.ts';
import type { CompiledHandler, CompiledProcess, Model } from './model.ts';
import { canonicalCopy, initialState } from './state.ts';
import type { GlobalState } from './state.ts';
import type { SendRecord, Step, StepLabel, StepViolation } from './step.ts';
import { inFlightOf } from './view.ts';

const F_LOSE = 0;
const F_DUP = 1;
const F_REORDER = 2;
const F_CRASH = 3;
const F_PARTITION = 4;

/** Thrown inside a handler to abandon a step that cannot happen (blocked send, empty choice). */
const BLOCKED: unique symbol = Symbol('blocked');

/** Ghost value a monitor keeps once it has been violated (so the state space does not grow past it). */
export const VIOLATED = '⊥violated';

type Body = (ctx: Ctx<Message, string>) => unknown;

/** Mutable scratch for one step being built. */
interface Run {
  locals: Value[];
  queues: (readonly Entry[])[];
  ids: number[];
  sends: SendRecord[];
  events: ServiceEvent[];
  failures: string[];
  chosen: Value[];
  /** Option counts seen by ctx.choose, in call order. */
  counts: number[];
  script: readonly number[];
  sync: { from: number; to: number; msg: Message }[];
  inRendezvous: boolean;
  /** Entries this step put into queues, with their index in `sends` (their tags are filled in once monitors have seen the step). */
  placed: { q: number; entry: Entry; send: number }[];
}

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

  constructor(model: Model) {
    this.model = model;
    this.n = model.names.length;
    this.assertionsProperty = model.properties.findIndex((p) => p.kind === 'assertions');
    this.tagging = model.monitors.some((m) => model.properties[m.property].monitor!.tag !== undefined);
  }

  /** The initial state, canonical and frozen. */
  initial(): GlobalState {
    return canonicalCopy(this.model, initialState(this.model));
  }

  /** The frozen canonical copy of a state (what the search expands). */
  canonical(s: GlobalState): GlobalState {
    return canonicalCopy(this.model, s);
  }

  /** True when every process is up and at a proper end. */
  isProperEnd(s: GlobalState): boolean {
    const procs = this.model.procs;
    for (let p = 0; p < this.n; p++) {
      if (s.down[p]) return false;
      const end = procs[p].end;
      if (!end) return false;
      if (!this.guard(() => end(s.locals[p]), procs[p], 'end')) return false;
    }
    return true;
  }

  /**
   * All enabled steps of `s`: protocol steps first (actions, deliveries, restarts; quiescent
   * timeouts only when none of those is enabled), then faults. `protocolSteps` tells how many
   * of the returned steps are protocol steps (the rest are faults).
   */
  successors(s: GlobalState): { steps: Step[]; protocolSteps: number } {
    const steps: Step[] = [];
    const procs = this.model.procs;
    for (let p = 0; p < this.n; p++) {
      if (s.down[p]) continue;
      const proc = procs[p];
      for (const a of proc.actions) {
        if (a.timeout === 'quiescent') continue;
        this.tryAction(s, proc, a, steps);
      }
      this.deliveries(s, proc, steps);
    }
    for (let p = 0; p < this.n; p++) if (s.down[p]) steps.push(this.restart(s, p));
    if (steps.length === 0) {
      for (let p = 0; p < this.n; p++) {
        if (s.down[p]) continue;
        const proc = procs[p];
        for (const a of proc.actions) if (a.timeout === 'quiescent') this.tryAction(s, proc, a, steps);
      }
    }
    const protocolSteps = steps.length;
    this.faults(s, steps);
    return { steps, protocolSteps };
  }

  // ---- protocol steps ----

  private tryAction(s: GlobalState, proc: CompiledProcess, a: CompiledProcess['actions'][number], out: Step[]): void {
    const p = proc.index;
    if (a.when) {
      const when = a.when;
      if (!this.guard(() => when(s.locals[p], this.guardCtx(s.queues, s, p)), proc, `guard of action ${a.name}`)) return;
    }
    const label = (choices: readonly number[]): StepLabel => ({
      kind: 'action',
      process: proc.name,
      action: a.name,
      ...(a.timeout ? { timeout: true } : {}),
      ...(choices.length ? { choices } : {}),
    });
    this.enumerate(s, p, `action ${a.name}`, (ctx) => a.then(s.locals[p], ctx), label, null, out);
  }

  private deliveries(s: GlobalState, proc: CompiledProcess, out: Step[]): void {
    const p = proc.index;
    for (const q of this.model.network.inputs[p]) {
      const entries = s.queues[q];
      if (entries.length === 0) continue;
      const info = this.model.network.queues[q];
      const ordered = info.ordering !== 'unordered';
      for (const i of ordered ? rangeOf(entries.length) : distinctIndexes(entries, info)) {
        const [from, msg] = entries[i];
        if (this.isCut(s, from, p)) continue;
        const h = this.handlerFor(proc, msg, this.model.names[from]);
        if (h.when) {
          const when = h.when;
          if (!this.guard(() => when(s.locals[p], msg, this.guardCtx(s.queues, s, p)), proc, `guard of receive ${msg.type}`)) continue;
        }
        const label = (choices: readonly number[]): StepLabel => ({
          kind: 'deliver',
          process: proc.name,
          from: this.model.names[from],
          msg,
          queue: q,
          index: i,
          ...(choices.length ? { choices } : {}),
        });
        this.enumerate(s, p, `receive ${msg.type}`, (ctx) => h.then(s.locals[p], msg, ctx), label, { q, i }, out);
        if (ordered) break; // selective receive: the first acceptable message in queue order
      }
    }
  }

  private restart(s: GlobalState, p: number): Step {
    const down = s.down.slice();
    down[p] = 0;
    return this.finish(s, { kind: 'restart', process: this.model.names[p] }, { ...s, down }, [], [], [], [], false);
  }

  // ---- faults ----

  private faults(s: GlobalState, out: Step[]): void {
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
          if (canLose && info.faults.lose) {
            out.push(this.faultStep(s, { kind: 'lose', ...base }, F_LOSE, q, removeAt(entries, i)));
          }
          if (canDup && info.faults.duplicate && entries.length < info.capacity) {
            out.push(this.faultStep(s, { kind: 'duplicate', ...base }, F_DUP, q, duplicateAt(entries, i, info)));
          }
          if (canReorder && info.faults.reorder && i > 0 && (info.ordering === 'fifo' || info.ordering === 'mailbox')) {
            out.push(this.faultStep(s, { kind: 'reorder', ...base }, F_REORDER, q, overtakeAt(entries, i)));
          }
        }
      }
    }
    if (used[F_CRASH] < budget[F_CRASH]) {
      for (let p = 0; p < this.n; p++) if (!s.down[p]) out.push(this.crash(s, p));
    }
    for (let k = 0; k < s.cut.length; k++) {
      const [a, b] = [Math.floor(s.cut[k] / this.n), s.cut[k] % this.n];
      const cut = [...s.cut.slice(0, k), ...s.cut.slice(k + 1)];
      out.push(this.finish(s, { kind: 'heal', a: names[a], b: names[b] }, { ...s, cut }, [], [], [], [], true));
    }
    if (used[F_PARTITION] < budget[F_PARTITION]) {
      for (let a = 0; a < this.n; a++) {
        for (let b = a + 1; b < this.n; b++) {
          const key = a * this.n + b;
          if (s.cut.includes(key)) continue;
          const cut = [...s.cut, key].sort((x, y) => x - y);
          out.push(this.finish(s, { kind: 'partition', a: names[a], b: names[b] }, { ...s, cut, faults: this.bump(used, F_PARTITION) }, [], [], [], [], true));
        }
      }
    }
  }

  private faultStep(s: GlobalState, label: StepLabel, kind: number, q: number, entries: readonly Entry[]): Step {
    const queues = s.queues.slice();
    queues[q] = entries;
    return this.finish(s, label, { ...s, queues, faults: this.bump(s.faults, kind) }, [], [], [], [], true);
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
    return this.finish(s, { kind: 'crash', process: proc.name }, { ...s, locals, down, queues, faults: this.bump(s.faults, F_CRASH) }, [], [], [], [], true);
  }

  /** The state a crashed process restarts from: its persistent part over `init`, or `recover`. */
  private recovered(proc: CompiledProcess, local: Value): Value {
    const kept: Record<string, Value> = {};
    if (proc.persistent && local !== null && typeof local === 'object' && !Array.isArray(local)) {
      const obj = local as Readonly<Record<string, Value>>;
      for (const k of proc.persistent) if (k in obj) kept[k] = obj[k];
    }
    if (proc.recover) {
      const recover = proc.recover;
      const r = this.call(() => recover(kept, proc.init), proc, 'recover');
      return r as Value;
    }
    if (proc.init !== null && typeof proc.init === 'object' && !Array.isArray(proc.init)) return { ...(proc.init as Record<string, Value>), ...kept };
    return proc.init;
  }

  // ---- running handlers ----

  /** Run a step body once per combination of ctx.choose options, pushing each enabled outcome. */
  private enumerate(
    s: GlobalState,
    p: number,
    handler: string,
    body: Body,
    label: (choices: readonly number[]) => StepLabel,
    consume: { q: number; i: number } | null,
    out: Step[],
  ): void {
    let script: number[] = [];
    for (;;) {
      const run = this.newRun(s, script);
      if (consume) run.queues[consume.q] = removeAt(run.queues[consume.q], consume.i);
      const ok = this.execute(run, s, p, handler, body);
      const taken = run.counts.map((_, k) => script[k] ?? 0);
      if (ok) {
        const locals = run.locals;
        const next: GlobalState = { ...s, locals, queues: run.queues, ids: run.ids };
        const got = consume ? s.queues[consume.q][consume.i] : null;
        const received = got ? { from: this.model.names[got[0]], to: this.model.names[p], msg: got[1], tag: got[2] } : null;
        out.push(this.finish(s, label(taken), next, run.sends, run.events, run.chosen, run.failures, false, received, run.placed));
      }
      // advance the odometer over the choices this run saw
      let k = taken.length - 1;
      while (k >= 0 && taken[k] + 1 >= run.counts[k]) k--;
      if (k < 0) return;
      script = [...taken.slice(0, k), taken[k] + 1];
    }
  }

  private newRun(s: GlobalState, script: readonly number[]): Run {
    return {
      locals: s.locals.slice(),
      queues: s.queues.slice(),
      ids: s.ids.slice(),
      sends: [],
      events: [],
      failures: [],
      chosen: [],
      counts: [],
      script,
      sync: [],
      inRendezvous: false,
      placed: [],
    };
  }

  /** Run `body` as process p; false when the step turned out not to be enabled. */
  private execute(run: Run, s: GlobalState, p: number, handler: string, body: Body): boolean {
    const proc = this.model.procs[p];
    const ctx = this.makeCtx(run, s, p, handler);
    let result: unknown;
    try {
      result = body(ctx);
    } catch (e) {
      if (e === BLOCKED) return false;
      throw handlerError(e, proc, handler);
    }
    if (result === undefined) throw new SpecError('returned undefined instead of the next state (missing return?)', { process: proc.name, handler });
    run.locals[p] = result as Value;
    // rendezvous: each synchronous send is a joint step with the receiver's handler
    while (run.sync.length) {
      const { from, to, msg } = run.sync.shift()!;
      if (run.inRendezvous) throw new SpecError('a rendezvous handler made another synchronous send (nested rendezvous is not supported)', { process: this.model.names[from], handler });
      if (s.down[to]) return false;
      const rproc = this.model.procs[to];
      const h = this.handlerFor(rproc, msg, this.model.names[from]);
      const frozen = Object.freeze(msg);
      if (h.when) {
        const when = h.when;
        if (!this.guard(() => when(run.locals[to], frozen, this.guardCtx(run.queues, s, to)), rproc, `guard of receive ${msg.type}`)) return false;
      }
      run.inRendezvous = true;
      const rctx = this.makeCtx(run, s, to, `receive ${msg.type}`);
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

  private makeCtx(run: Run, s: GlobalState, p: number, handler: string): Ctx<Message, string> {
    const names = this.model.names;
    const self = names[p];
    const guard = this.guardCtx(run.queues, s, p);
    const send = (to: string, msg: Message): boolean => this.send(run, s, p, handler, to, msg);
    return {
      self,
      canSend: guard.canSend,
      pending: guard.pending,
      mailboxEmpty: guard.mailboxEmpty,
      send,
      broadcast: (msg: Message) => {
        for (let q = 0; q < this.n; q++) if (q !== p) send(names[q], msg);
      },
      submit: (payload: Value = null, to?: string) => {
        if (to !== undefined && this.model.names.indexOf(to) < 0) throw new SpecError(`submit names unknown process '${to}' (processes: ${names.join(', ')})`, { process: self, handler });
        const id = `${self}#${run.ids[p]}`;
        run.ids[p] = run.ids[p] + 1;
        run.events.push({ kind: 'submit', process: self, id, payload, to: to ?? null });
        return id;
      },
      deliver: (id: string, payload?: Value) => {
        if (typeof id !== 'string') throw new SpecError(`deliver(id) needs the string id that submit returned, got ${JSON.stringify(id)}`, { process: self, handler });
        run.events.push(payload === undefined ? { kind: 'deliver', process: self, id } : { kind: 'deliver', process: self, id, payload });
      },
      choose: <T extends Value>(options: readonly T[]): T => {
        const k = run.counts.length;
        run.counts.push(options.length);
        if (options.length === 0) throw BLOCKED;
        const v = options[run.script[k] ?? 0];
        run.chosen.push(v);
        return v;
      },
      assert: (condition: boolean, message: string) => {
        if (!condition) run.failures.push(`${self} (${handler}): ${message}`);
      },
    };
  }

  private send(run: Run, s: GlobalState, p: number, handler: string, toName: string, msg: Message): boolean {
    const m = this.model;
    const self = m.names[p];
    const to = m.names.indexOf(toName);
    if (to < 0) throw new SpecError(`send to unknown process '${toName}' (processes: ${m.names.join(', ')})`, { process: self, handler });
    if (msg === null || typeof msg !== 'object' || typeof msg.type !== 'string') {
      throw new SpecError(`send to '${toName}' of ${JSON.stringify(msg)}: a message is an object with a string 'type'`, { process: self, handler });
    }
    if (!m.procs[to].handlers.has(msg.type)) {
      throw new SpecError(`sends message type '${msg.type}' to '${toName}', which has no receive handler for it (it handles: ${[...m.procs[to].handlers.keys()].join(', ') || 'nothing'})`, { process: self, handler });
    }
    const q = m.network.queueOf(p, to);
    if (this.isCut(s, p, to)) {
      run.sends.push({ from: self, to: toName, msg, outcome: 'dropped-partition' });
      return true;
    }
    if (q < 0) {
      run.sync.push({ from: p, to, msg });
      run.sends.push({ from: self, to: toName, msg, outcome: 'rendezvous' });
      return true;
    }
    if (s.down[to] && m.crashMailbox === 'drop') {
      run.sends.push({ from: self, to: toName, msg, outcome: 'dropped-down' });
      return true;
    }
    const info = m.network.queues[q];
    if (run.queues[q].length >= info.capacity) {
      if (info.onFull === 'block') throw BLOCKED;
      run.sends.push({ from: self, to: toName, msg, outcome: info.onFull === 'drop' ? 'dropped-full' : 'failed-full' });
      return info.onFull === 'drop';
    }
    const entry: Entry = [p, msg, null];
    run.queues[q] = enqueue(run.queues[q], entry, info);
    if (this.tagging) run.placed.push({ q, entry, send: run.sends.length });
    run.sends.push({ from: self, to: toName, msg, outcome: 'queued' });
    return true;
  }

  private guardCtx(queues: readonly (readonly Entry[])[], s: GlobalState, p: number): GuardCtx<string> {
    const m = this.model;
    return {
      self: m.names[p],
      canSend: (toName: string) => {
        const to = m.names.indexOf(toName);
        if (to < 0) throw new SpecError(`canSend names unknown process '${toName}'`, { process: m.names[p] });
        const q = m.network.queueOf(p, to);
        if (q < 0) return !s.down[to];
        return queues[q].length < m.network.queues[q].capacity;
      },
      pending: () => {
        let k = 0;
        for (const q of m.network.inputs[p]) k += queues[q].length;
        return k;
      },
      mailboxEmpty: () => {
        for (const q of m.network.inputs[p]) if (queues[q].length) return false;
        return true;
      },
    };
  }

  private handlerFor(proc: CompiledProcess, msg: Message, from: string): CompiledHandler {
    const h = proc.handlers.get(msg.type);
    if (!h) throw new SpecError(`received message type '${msg.type}' from '${from}' but has no receive handler for it`, { process: proc.name });
    return h;
  }

  private guard(fn: () => boolean, proc: CompiledProcess, handler: string): boolean {
    const r = this.call(fn, proc, handler);
    if (typeof r !== 'boolean') throw new SpecError(`returned ${String(r)} where a boolean was expected`, { process: proc.name, handler });
    return r;
  }

  private call<T>(fn: () => T, proc: CompiledProcess, handler: string): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof SpecError) throw e;
      throw handlerError(e, proc, handler);
    }
  }

  private isCut(s: GlobalState, a: number, b: number): boolean {
    if (s.cut.length === 0 || a === b) return false;
    const key = a < b ? a * this.n + b : b * this.n + a;
    return s.cut.includes(key);
  }

  /**
   * Apply the monitors to a step and package it. Each monitor sees the step's facts (with
   * the tag it gave the consumed message, if any); after all have moved on, the messages the
   * step placed in queues get their tags, computed from the monitors' new ghost states.
   */
  private finish(
    s: GlobalState,
    label: StepLabel,
    next: GlobalState,
    sends: readonly SendRecord[],
    events: readonly ServiceEvent[],
    chosen: readonly Value[],
    failures: readonly string[],
    fault: boolean,
    received: { from: string; to: string; msg: Message; tag: Value } | null = null,
    placed: readonly { q: number; entry: Entry; send: number }[] = [],
  ): Step {
    const violations: StepViolation[] = failures.map((message) => ({ property: this.assertionsProperty, message }));
    const monitors = this.model.monitors;
    if (monitors.length) {
      let ghost: Value[] | null = null;
      const model = this.model;
      let inFlight: InFlight[] | undefined;
      const factsOf: StepFacts[] = [];
      for (let k = 0; k < monitors.length; k++) {
        const g = s.ghost[k];
        if (g === VIOLATED) continue;
        const prop = this.model.properties[monitors[k].property];
        const rtag = received && Array.isArray(received.tag) ? ((received.tag as readonly Value[])[k] ?? null) : null;
        const facts: StepFacts = {
          label,
          events,
          sends,
          received: received ? { from: received.from, to: received.to, msg: received.msg, tag: rtag } : null,
          processes: model.names,
          get inFlight(): readonly InFlight[] {
            return (inFlight ??= inFlightOf(model, s));
          },
        };
        factsOf[k] = facts;
        const r = prop.monitor!.step(g, facts);
        ghost ??= s.ghost.slice();
        if (isViolation(r)) {
          violations.push({ property: monitors[k].property, message: r.violation });
          ghost[k] = VIOLATED;
        } else ghost[k] = r;
      }
      if (ghost) next = { ...next, ghost };
      if (placed.length) next = { ...next, queues: this.tagPlaced(next, placed, factsOf) };
    }
    return { label, next, sends, events, chosen, violations, fault };
  }

  /** Count one more fault of kind k; an unlimited (Infinity) budget is not counted, so it adds no states. */
  private bump(xs: readonly number[], k: number): readonly number[] {
    if (this.model.budget[k] === Infinity) return xs;
    const out = xs.slice();
    out[k] = out[k] + 1;
    return out;
  }

  private tagPlaced(next: GlobalState, placed: readonly { q: number; entry: Entry; send: number }[], factsOf: readonly StepFacts[]): (readonly Entry[])[] {
    const queues = next.queues.slice();
    const monitors = this.model.monitors;
    for (const { q, entry, send } of placed) {
      const tags: Value[] = monitors.map((m, k) => {
        const mon = this.model.properties[m.property].monitor!;
        const g = next.ghost[k];
        const placedSend = { from: this.model.names[entry[0]], to: this.model.names[this.model.network.queues[q].receiver], msg: entry[1], index: send };
        return mon.tag && g !== VIOLATED ? mon.tag(g, placedSend, factsOf[k]) : null;
      });
      const at = queues[q].indexOf(entry);
      queues[q] = enqueue(removeAt(queues[q], at), [entry[0], entry[1], tags], this.model.network.queues[q]);
    }
    return queues;
  }
}


function rangeOf(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

const MUTATION = /read.only|not extensible|Cannot add property|Cannot assign|Cannot delete|object is not extensible|frozen/i;

function handlerError(e: unknown, proc: CompiledProcess, handler: string): SpecError {
  if (e instanceof SpecError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof TypeError && MUTATION.test(msg)) {
    return new SpecError(`mutates its input (states and messages are immutable: return a new object, e.g. { ...s, x: 1 }): ${msg}`, { process: proc.name, handler });
  }
  return new SpecError(`threw: ${msg}`, { process: proc.name, handler });
}

export type { QueueInfo };
