import type { Entry } from '../network/index.ts';
import { enqueue } from '../network/index.ts';
import type { Ctx, GuardCtx, Message, Value } from '../spec/index.ts';
import { SpecError } from './errors.ts';
import type { Model } from './model.ts';
import { BLOCKED } from './run.ts';
import { OP_ASSERT, OP_CAN_SEND, OP_DELIVER, OP_MAILBOX_EMPTY, OP_PENDING, OP_SEND } from './step-memo-ops.ts';
import { UNSAFE } from './unsafe.ts';
import type { Run } from './run.ts';

/** Where a guard or handler runs: whose turn, against which queues. */
export interface Place {
  queues: readonly (readonly Entry[])[];
  down: readonly number[];
  p: number;
}

/**
 * The read-only context a guard gets. One object per engine, re-aimed before each call;
 * its methods are bound once, so destructuring (`{ canSend }`) works.
 */
export class GuardContext implements GuardCtx<string> {
  at: Place = { queues: [], down: [], p: 0 };
  /**
   * Why what a guard or body read could be changed by another process or a fault before this
   * process moves again, as UNSAFE bits (for partial-order reduction; 0: it cannot):
   * pending(), mailboxEmpty(), or a canSend() whose answer is not stable. Reset by the engine.
   */
  unstable = 0;
  /** Why `canSend(q) === true` may not stay true until the process moves (UNSAFE bits; set by the engine). */
  stableRoom: (q: number, p: number) => number = () => UNSAFE.always;
  /** Why p's append to q may not commute with every other step that can happen before p moves again (UNSAFE bits). */
  sendCommutes: (q: number, p: number) => number = () => UNSAFE.always;

  /** Process index by name (-1 when unknown). */
  protected readonly indexOf: (name: string) => number;
  /**
   * While a guard or body runs for the step memo (see step-memo.ts): every call it makes on
   * the context, with its arguments and result, in order; null when not recording.
   */
  rec: unknown[] | null = null;
  /** Set when the recorded call cannot be replayed (choose, submit, a rendezvous). */
  uncacheable = false;

  constructor(private readonly model: Model) {
    const byName = new Map(model.names.map((n, i) => [n, i]));
    this.indexOf = (name) => byName.get(name) ?? -1;
  }

  get self(): string {
    return this.model.names[this.at.p];
  }

  readonly canSend = (toName: string): boolean => {
    const m = this.model;
    const to = this.indexOf(toName);
    if (to < 0) throw new SpecError(`canSend names unknown process '${toName}' (processes: ${m.names.join(', ')})`, { process: m.names[this.at.p] });
    if (!m.network.hasLink(this.at.p, to)) throw new SpecError(`canSend('${toName}'): the topology has no link ${m.names[this.at.p]}->${toName}`, { process: m.names[this.at.p] });
    const q = m.network.queueOf(this.at.p, to);
    if (q < 0) {
      this.unstable |= UNSAFE.always;
      const up = !this.at.down[to];
      if (this.rec !== null) this.rec.push(OP_CAN_SEND, toName, up);
      return up;
    }
    const room = this.at.queues[q].length < m.network.queues[q].capacity;
    this.unstable |= room ? this.stableRoom(q, this.at.p) : UNSAFE.always;
    if (this.rec !== null) this.rec.push(OP_CAN_SEND, toName, room);
    return room;
  };

  readonly pending = (): number => {
    this.unstable |= UNSAFE.always;
    let k = 0;
    for (const q of this.model.network.inputs[this.at.p]) k += this.at.queues[q].length;
    if (this.rec !== null) this.rec.push(OP_PENDING, k);
    return k;
  };

  readonly mailboxEmpty = (): boolean => {
    this.unstable |= UNSAFE.always;
    let empty = true;
    for (const q of this.model.network.inputs[this.at.p]) if (this.at.queues[q].length) empty = false;
    if (this.rec !== null) this.rec.push(OP_MAILBOX_EMPTY, empty);
    return empty;
  };
}

/**
 * The context a handler or action body gets: the guard view plus the effects, recorded
 * into the current Run. One object per engine, re-aimed before each call.
 */
export class StepContext extends GuardContext implements Ctx<Message, string> {
  run!: Run;
  handler = '';

  constructor(
    private readonly m: Model,
    private readonly isCut: (down: readonly number[], a: number, b: number) => boolean,
    private readonly tagging: boolean,
  ) {
    super(m);
  }

  aim(run: Run, p: number, handler: string): this {
    this.run = run;
    this.handler = handler;
    const at = this.at;
    at.queues = run.queues;
    at.down = run.state.down;
    at.p = p;
    return this;
  }

  readonly send = (toName: string, msg: Message): boolean => {
    if (this.rec === null) return this.sendNow(toName, msg);
    // recorded as [op, to, msg, result]; a send that blocks the step leaves the result out
    this.rec.push(OP_SEND, toName, msg);
    const r = this.sendNow(toName, msg);
    this.rec.push(r);
    return r;
  };

  private sendNow(toName: string, msg: Message): boolean {
    const m = this.m;
    const run = this.run;
    const p = this.at.p;
    const self = m.names[p];
    const to = this.indexOf(toName);
    if (to < 0) throw new SpecError(`send to unknown process '${toName}' (processes: ${m.names.join(', ')})`, { process: self, handler: this.handler });
    if (msg === null || typeof msg !== 'object' || typeof msg.type !== 'string') {
      throw new SpecError(`send to '${toName}' of ${JSON.stringify(msg)}: a message is an object with a string 'type'`, { process: self, handler: this.handler });
    }
    if (!m.procs[to].handlers.has(msg.type)) {
      throw new SpecError(`sends message type '${msg.type}' to '${toName}', which has no receive handler for it (it handles: ${[...m.procs[to].handlers.keys()].join(', ') || 'nothing'})`, {
        process: self,
        handler: this.handler,
      });
    }
    if (!m.network.hasLink(p, to)) throw new SpecError(`send to '${toName}': the topology has no link ${self}->${toName}`, { process: self, handler: this.handler });
    const s = run.state;
    if (this.isCut(s.cut, p, to)) {
      this.unstable |= UNSAFE.always;
      // a rendezvous across a cut link cannot happen until the link heals
      if (m.network.queueOf(p, to) < 0) throw BLOCKED;
      run.addSend({ from: self, to: toName, msg, outcome: 'dropped-partition' });
      return true;
    }
    const q = m.network.queueOf(p, to);
    if (q < 0) {
      this.unstable |= UNSAFE.always;
      this.uncacheable = true; // the partner's handler runs in this step
      run.addSync({ from: p, to, msg });
      run.addSend({ from: self, to: toName, msg, outcome: 'rendezvous' });
      return true;
    }
    if (s.down[to] && m.crashMailbox === 'drop') {
      this.unstable |= UNSAFE.always;
      run.addSend({ from: self, to: toName, msg, outcome: 'dropped-down' });
      return true;
    }
    const info = m.network.queues[q];
    this.unstable |= this.sendCommutes(q, p);
    if (run.queues[q].length >= info.capacity) {
      this.unstable |= UNSAFE.always;
      if (info.onFull === 'block') throw BLOCKED;
      run.addSend({ from: self, to: toName, msg, outcome: info.onFull === 'drop' ? 'dropped-full' : 'failed-full' });
      return info.onFull === 'drop';
    }
    const entry: Entry = [p, msg, null];
    run.setQueue(q, enqueue(run.queues[q], entry, info));
    this.at.queues = run.queues;
    if (this.tagging) run.addPlaced({ q, entry, send: run.sends.length });
    run.addSend({ from: self, to: toName, msg, outcome: 'queued' });
    return true;
  }

  readonly broadcast = (msg: Message): void => {
    const names = this.m.names;
    for (let q = 0; q < names.length; q++) if (q !== this.at.p) this.send(names[q], msg);
  };

  readonly submit = (payload: Value = null, to?: string): string => {
    const names = this.m.names;
    const self = names[this.at.p];
    if (to !== undefined && names.indexOf(to) < 0) throw new SpecError(`submit names unknown process '${to}' (processes: ${names.join(', ')})`, { process: self, handler: this.handler });
    this.uncacheable = true; // the id depends on the submit counter, which is not in the memo's key
    const id = `${self}#${this.run.nextId(this.at.p)}`;
    this.run.addEvent({ kind: 'submit', process: self, id, payload, to: to ?? null });
    return id;
  };

  readonly deliver = (id: string, payload?: Value): void => {
    const self = this.m.names[this.at.p];
    if (typeof id !== 'string') throw new SpecError(`deliver(id) needs the string id that submit returned, got ${JSON.stringify(id)}`, { process: self, handler: this.handler });
    if (this.rec !== null) this.rec.push(OP_DELIVER, id, payload);
    this.run.addEvent(payload === undefined ? { kind: 'deliver', process: self, id } : { kind: 'deliver', process: self, id, payload });
  };

  readonly choose = <T extends Value>(options: readonly T[]): T => {
    this.uncacheable = true; // the engine re-runs the body once per option
    const i = this.run.choice(options.length);
    if (options.length === 0) throw BLOCKED;
    const v = options[i];
    this.run.addChosen(v);
    return v;
  };

  readonly assert = (condition: boolean, message: string): void => {
    if (condition) return;
    if (this.rec !== null) this.rec.push(OP_ASSERT, message);
    this.run.addFailure(`${this.m.names[this.at.p]} (${this.handler}): ${message}`);
  };
}
