import type { Entry } from '../network/index.ts';
import type { ServiceEvent } from '../properties/index.ts';
import type { Message, Value } from '../spec/index.ts';
import type { GlobalState } from './state.ts';
import type { SendRecord } from './step.ts';

/** Thrown inside a handler to abandon a step that cannot happen (blocked send, empty choice). */
export const BLOCKED: unique symbol = Symbol('blocked');

const NONE: readonly never[] = Object.freeze([]);
const isNone = (a: readonly unknown[]): boolean => a === NONE;

/**
 * Scratch for one step being built. Copy-on-write: the queues and submit counters of the
 * state are copied only when the step changes them, and the record lists exist only once
 * something is recorded, so a plain step allocates little.
 */
export class Run {
  locals: Value[];
  queues: readonly (readonly Entry[])[];
  private queuesOwned = false;
  ids: readonly number[];
  private idsOwned = false;
  sends: SendRecord[] = NONE as never as SendRecord[];
  events: ServiceEvent[] = NONE as never as ServiceEvent[];
  failures: string[] = NONE as never as string[];
  chosen: Value[] = NONE as never as Value[];
  /** Option counts seen by ctx.choose, in call order. */
  counts: number[] = NONE as never as number[];
  sync: { from: number; to: number; msg: Message }[] = NONE as never as { from: number; to: number; msg: Message }[];
  /** Entries this step put into queues, with their index in `sends` (tags are filled in once monitors have seen the step). */
  placed: { q: number; entry: Entry; send: number }[] = NONE as never as { q: number; entry: Entry; send: number }[];
  inRendezvous = false;

  constructor(
    readonly state: GlobalState,
    readonly script: readonly number[],
  ) {
    this.locals = state.locals.slice();
    this.queues = state.queues;
    this.ids = state.ids;
  }

  setQueue(q: number, entries: readonly Entry[]): void {
    if (!this.queuesOwned) {
      this.queues = this.queues.slice();
      this.queuesOwned = true;
    }
    (this.queues as (readonly Entry[])[])[q] = entries;
  }

  nextId(p: number): number {
    if (!this.idsOwned) {
      this.ids = this.ids.slice();
      this.idsOwned = true;
    }
    const k = this.ids[p];
    (this.ids as number[])[p] = k + 1;
    return k;
  }

  addSend(r: SendRecord): void {
    if (isNone(this.sends)) this.sends = [];
    this.sends.push(r);
  }

  addEvent(e: ServiceEvent): void {
    if (isNone(this.events)) this.events = [];
    this.events.push(e);
  }

  addFailure(f: string): void {
    if (isNone(this.failures)) this.failures = [];
    this.failures.push(f);
  }

  /** Record a ctx.choose call with `n` options; returns the index this run takes. */
  choice(n: number): number {
    if (isNone(this.counts)) this.counts = [];
    const k = this.counts.length;
    this.counts.push(n);
    return this.script[k] ?? 0;
  }

  addChosen(v: Value): void {
    if (isNone(this.chosen)) this.chosen = [];
    this.chosen.push(v);
  }

  addSync(x: { from: number; to: number; msg: Message }): void {
    if (isNone(this.sync)) this.sync = [];
    this.sync.push(x);
  }

  addPlaced(x: { q: number; entry: Entry; send: number }): void {
    if (isNone(this.placed)) this.placed = [];
    this.placed.push(x);
  }

  /** The choice indexes this run took (one per ctx.choose call). */
  taken(): number[] {
    const out = new Array<number>(this.counts.length);
    for (let k = 0; k < out.length; k++) out[k] = this.script[k] ?? 0;
    return out;
  }
}
