/**
 * The one-thread search's state encoding: a global state as a short vector of component ids
 * (see ComponentTable) instead of its full canonical bytes. Locals, ghost values, queue
 * contents and messages are interned once; a successor that leaves a component unchanged
 * (the very same object as in its parent) reuses the parent's id, and a handler that
 * returns or resends a value the table built (a relayed message, a state it returns to) is
 * recognised by identity without being encoded again. Decoding is array lookups.
 *
 * The vector is a bijection with the canonical state only within one run (ids are given in
 * discovery order), so its fingerprints must never leave the search: traces and replays
 * use the canonical encoding of state.ts.
 *
 * Layout (unsigned varints): local ids · down mask [· down flags] · (queue+1, queue id)… 0 ·
 * faults · submit ids · ghost ids · cut length · cut pairs.
 */
import { EMPTY } from '../network/index.ts';
import type { Entry } from '../network/index.ts';
import type { Message, Value } from '../spec/index.ts';
import { Reader, Writer } from './codec.ts';
import { ComponentTable } from './component-table.ts';
import { memoFrozen } from './step-memo.ts';
import type { Interner, InternerFactory } from './component-table.ts';
import { FAULT_KINDS } from './model.ts';
import type { Model } from './model.ts';
import type { GlobalState } from './state.ts';

export class CollapsedStates {
  private readonly values: Interner<Value>;
  private readonly messages: Interner<Message>;
  private readonly queues: Interner<readonly Entry[]>;
  private readonly n: number;
  private readonly q: number;
  private readonly g: number;
  /** Scratch writers: one per nesting level (a queue's bytes hold message ids). */
  private readonly valueBytes = new Writer();
  private readonly queueBytes = new Writer();
  private readonly reader = new Reader(new Uint8Array(0));
  /** Ids of the last decoded state's components, for encoding its successors. */
  private readonly localIds: Int32Array;
  private readonly queueIds: Int32Array;
  private readonly ghostIds: Int32Array;
  private decoded: GlobalState | null = null;

  /**
   * `valueLimit` bounds each table's cache of decoded values (see ComponentTable); `tables`
   * replaces this thread's own tables (e.g. by tables shared between worker threads, so that
   * every thread gives a component the same id).
   */
  constructor(model: Model, valueLimit?: number, tables?: InternerFactory) {
    const table: InternerFactory = tables ?? (<T>(_kind: string, build: (buf: Uint8Array, start: number, end: number) => T) => new ComponentTable<T>(build, valueLimit));
    this.n = model.names.length;
    this.q = model.network.queues.length;
    this.g = model.monitors.length;
    this.localIds = new Int32Array(this.n);
    this.queueIds = new Int32Array(this.q);
    this.ghostIds = new Int32Array(this.g);
    const valueReader = new Reader(new Uint8Array(0));
    this.values = table('values', (buf, start) => {
      valueReader.buf = buf;
      valueReader.pos = start;
      return valueReader.readValue();
    });
    const messageReader = new Reader(new Uint8Array(0));
    this.messages = table('messages', (buf, start) => {
      messageReader.buf = buf;
      messageReader.pos = start;
      return messageReader.readValue() as unknown as Message;
    });
    const queueReader = new Reader(new Uint8Array(0));
    this.queues = table('queues', (buf, start, end) => {
      const r = queueReader;
      r.buf = buf;
      r.pos = start;
      const entries: Entry[] = [];
      while (r.pos < end) {
        const from = r.uint();
        const msg = this.messages.value(r.uint());
        entries.push(Object.freeze([from, msg, r.readValue()] as const));
      }
      return Object.freeze(entries);
    });
  }

  /**
   * Write the vector of `s` into `w`. With `fromDecoded`, `s` is a successor of the state
   * last returned by {@link decode}: components it shares with that state reuse their ids.
   */
  encode(w: Writer, s: GlobalState, fromDecoded: boolean): void {
    const parent = fromDecoded ? this.decoded : null;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      const v = s.locals[i];
      w.uint(parent !== null && parent.locals[i] === v ? this.localIds[i] : this.valueId(v));
    }
    let mask = 0;
    for (let i = 0; i < n; i++) if (s.down[i]) mask++;
    w.uint(mask);
    if (mask) for (let i = 0; i < n; i++) w.byte(s.down[i]);
    const qs = s.queues;
    for (let q = 0; q < this.q; q++) {
      const entries = qs[q];
      if (entries.length === 0) continue;
      w.uint(q + 1);
      w.uint(parent !== null && parent.queues[q] === entries ? this.queueIds[q] : this.queueId(entries));
    }
    w.uint(0);
    for (let i = 0; i < s.faults.length; i++) w.uint(s.faults[i]);
    for (let i = 0; i < n; i++) w.uint(s.ids[i]);
    for (let i = 0; i < this.g; i++) {
      const v = s.ghost[i];
      w.uint(parent !== null && parent.ghost[i] === v ? this.ghostIds[i] : this.valueId(v));
    }
    w.uint(s.cut.length);
    for (let i = 0; i < s.cut.length; i++) w.uint(s.cut[i]);
  }

  /** The state a vector stands for (frozen, canonical); remembered for encoding its successors. */
  decode(bytes: Uint8Array): GlobalState {
    this.decoded = null; // the ids below belong to no state until this one is complete
    const r = this.reader;
    r.reset(bytes);
    const n = this.n;
    const locals = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      const id = r.uint();
      this.localIds[i] = id;
      locals[i] = this.values.value(id);
    }
    const anyDown = r.uint();
    const down = new Array<number>(n);
    for (let i = 0; i < n; i++) down[i] = anyDown ? r.buf[r.pos++] : 0;
    const queues = new Array<readonly Entry[]>(this.q).fill(EMPTY);
    for (let q = r.uint(); q !== 0; q = r.uint()) {
      const id = r.uint();
      this.queueIds[q - 1] = id;
      queues[q - 1] = this.queues.value(id);
    }
    const faults = new Array<number>(FAULT_KINDS.length);
    for (let i = 0; i < faults.length; i++) faults[i] = r.uint();
    const ids = new Array<number>(n);
    for (let i = 0; i < n; i++) ids[i] = r.uint();
    const ghost = new Array<Value>(this.g);
    for (let i = 0; i < this.g; i++) {
      const id = r.uint();
      this.ghostIds[i] = id;
      ghost[i] = this.values.value(id);
    }
    const cutLen = r.uint();
    const cut = new Array<number>(cutLen);
    for (let i = 0; i < cutLen; i++) cut[i] = r.uint();
    const s: GlobalState = { locals, down, queues, faults, ids, ghost, cut };
    this.decoded = s;
    return s;
  }

  /** Distinct components interned so far, and the bytes their tables hold. */
  stats(): { components: number; bytes: number } {
    return {
      components: this.values.size + this.messages.size + this.queues.size,
      bytes: this.values.bytes() + this.messages.bytes() + this.queues.bytes(),
    };
  }

  private valueId(v: Value): number {
    return this.idOf(this.values, v);
  }

  private messageId(m: Message): number {
    return this.idOf(this.messages, m);
  }

  /** The id of a value or message: known by identity, else encoded and interned. */
  private idOf<T>(table: Interner<T>, v: unknown): number {
    const known = table.known(v);
    if (known !== undefined) return known;
    const w = this.valueBytes;
    w.reset();
    w.value(v);
    const id = table.intern(w.buf, 0, w.pos);
    // a state or message the step memo hands out again (it froze it): known by identity from now on
    if (typeof v === 'object' && v !== null && memoFrozen.has(v)) table.alias(v, id);
    return id;
  }

  private queueId(entries: readonly Entry[]): number {
    const known = this.queues.known(entries);
    if (known !== undefined) return known;
    const w = this.queueBytes;
    w.reset();
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      w.uint(e[0]);
      w.uint(this.messageId(e[1]));
      w.value(e[2]);
    }
    return this.queues.intern(w.buf, 0, w.pos);
  }
}
