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
 * Layout (unsigned varints): local ids · down count [· down flags] · (queue+1, queue id)… 0 ·
 * parts byte · [faults] · [submit ids] · ghost ids · [cut length · cut pairs]. The parts byte
 * (PART_* bits) says which of the bracketed parts follow: each is left out when all its
 * numbers are 0, as in most states of most models (on ring N=5 they were 11 of the 25 or so
 * numbers of a state, written and read for every state stored and every state expanded).
 */
import { EMPTY } from '../network/index.ts';
import type { Entry } from '../network/index.ts';
import type { Message, Value } from '../spec/index.ts';
import { Reader, Writer } from './codec.ts';
import { grownTo } from './doubled-array.ts';
import { fp } from './fingerprint.ts';
import { seedSlots, termHi, termLo } from './id-hash.ts';
import { ComponentTable } from './component-table.ts';
import { memoFrozen } from './step-memo.ts';
import type { Interner, InternerFactory } from './component-table.ts';
import { FAULT_KINDS } from './model.ts';
import type { Model } from './model.ts';
import type { GlobalState } from './state.ts';

/**
 * A collapsed vector as numbers: the component ids of one global state (-1 for an empty
 * queue). What {@link CollapsedStates.parse} reads out of a vector's bytes and
 * {@link CollapsedStates.write} writes back, so that a successor can be built by changing a
 * few ids of its parent's.
 */
/** Bits of the parts byte: which parts that are most often all zero follow it. */
const PART_FAULTS = 1;
const PART_IDS = 2;
const PART_CUT = 4;

/** The cut of a vector with no link cut (shared, never written). */
const NO_CUT: readonly number[] = Object.freeze([]);

export class IdVector {
  /** Every id below, in one array (so that a vector is copied in one go). */
  private readonly all: Int32Array;
  readonly locals: Int32Array;
  /** Per process: 1 when down. */
  readonly down: Int32Array;
  /** How many processes are down. */
  downCount = 0;
  readonly queues: Int32Array;
  readonly faults: Int32Array;
  /** Per process: its submit counter. */
  readonly ids: Int32Array;
  readonly ghost: Int32Array;
  cut: readonly number[] = NO_CUT;

  /** Where each part's slots begin in the vector's fingerprint (id-hash.ts): locals from 0. */
  readonly downSlot: number;
  readonly queueSlot: number;
  readonly faultSlot: number;
  readonly idSlot: number;
  readonly ghostSlot: number;
  private readonly cutSlot: number;

  constructor(n: number, q: number, g: number) {
    this.downSlot = n;
    this.queueSlot = 2 * n;
    this.faultSlot = 2 * n + q;
    this.idSlot = this.faultSlot + FAULT_KINDS.length;
    this.ghostSlot = this.idSlot + n;
    this.cutSlot = this.ghostSlot + g;
    seedSlots(this.cutSlot);
    // the parts lie in the order of their slots
    const all = new Int32Array(this.cutSlot);
    this.all = all;
    this.locals = all.subarray(0, n);
    this.down = all.subarray(this.downSlot, this.queueSlot);
    this.queues = all.subarray(this.queueSlot, this.faultSlot);
    this.faults = all.subarray(this.faultSlot, this.idSlot);
    this.ids = all.subarray(this.idSlot, this.ghostSlot);
    this.ghost = all.subarray(this.ghostSlot, this.cutSlot);
  }

  /** Put the vector's fingerprint in {@link fp}: per lane, the sum of every slot's term. */
  fingerprint(): void {
    sumHi = 0;
    sumLo = 0;
    addTerms(0, this.all);
    if (this.cut.length > 0) {
      seedSlots(this.cutSlot + this.cut.length);
      addTerms(this.cutSlot, this.cut);
    }
    fp[0] = sumHi;
    fp[1] = sumLo;
  }

  copyFrom(o: IdVector): void {
    this.all.set(o.all);
    this.downCount = o.downCount;
    this.cut = o.cut;
  }
}

/** The sums {@link IdVector.fingerprint} adds terms to. */
let sumHi = 0;
let sumLo = 0;

/** Add the terms of `ids`, in the slots from `slot` on, to the sums. */
function addTerms(slot: number, ids: ArrayLike<number>): void {
  for (let i = 0; i < ids.length; i++) {
    sumHi = (sumHi + termHi(slot + i, ids[i])) | 0;
    sumLo = (sumLo + termLo(slot + i, ids[i])) | 0;
  }
}

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
  /** The ids of the last decoded state, for encoding its successors. */
  private readonly parent: IdVector;
  /** Scratch for {@link ids}. */
  private readonly scratch: IdVector;
  /** Queue lengths by queue id. */
  private lengths = new Int32Array(1024);
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
    this.parent = this.vector();
    this.scratch = this.vector();
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

  /** A fresh id vector shaped for this model. */
  vector(): IdVector {
    return new IdVector(this.n, this.q, this.g);
  }

  /**
   * The id vector of `s` (a scratch vector, valid until the next call). With `fromDecoded`,
   * `s` is a successor of the state last returned by {@link decode}: components it shares
   * with that state reuse their ids.
   */
  ids(s: GlobalState, fromDecoded: boolean): IdVector {
    const parent = fromDecoded ? this.decoded : null;
    const ids = this.parent;
    const v = this.scratch;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      const x = s.locals[i];
      v.locals[i] = parent !== null && parent.locals[i] === x ? ids.locals[i] : this.valueId(x);
    }
    let count = 0;
    for (let i = 0; i < n; i++) {
      v.down[i] = s.down[i];
      if (s.down[i]) count++;
    }
    v.downCount = count;
    const qs = s.queues;
    for (let q = 0; q < this.q; q++) {
      const entries = qs[q];
      v.queues[q] = entries.length === 0 ? -1 : parent !== null && parent.queues[q] === entries ? ids.queues[q] : this.queueId(entries);
    }
    for (let i = 0; i < s.faults.length; i++) v.faults[i] = s.faults[i];
    for (let i = 0; i < n; i++) v.ids[i] = s.ids[i];
    for (let i = 0; i < this.g; i++) {
      const x = s.ghost[i];
      v.ghost[i] = parent !== null && parent.ghost[i] === x ? ids.ghost[i] : this.valueId(x);
    }
    v.cut = s.cut;
    return v;
  }

  /** Write the vector `v` into `w`: the state's bytes, as a frontier or level chunk keeps them. */
  write(w: Writer, v: IdVector): void {
    w.ensure(this.maxBytes(v));
    w.pos = this.writeAt(w.buf, w.pos, v);
  }

  /** The most bytes {@link writeAt} writes for `v`: every number is a non-negative int32, a varint of at most 5 bytes. */
  maxBytes(v: IdVector): number {
    return 5 * (3 * this.n + 2 * this.q + v.faults.length + this.g + v.cut.length + 3);
  }

  /** Write the ids of `v` into `buf` from `pos`, with room for {@link maxBytes} (no bounds check each); returns where they end. */
  writeAt(buf: Uint8Array, pos: number, v: IdVector): number {
    const n = this.n;
    for (let i = 0; i < n; i++) pos = putUint(buf, pos, v.locals[i]);
    pos = putUint(buf, pos, v.downCount);
    if (v.downCount) for (let i = 0; i < n; i++) buf[pos++] = v.down[i];
    for (let q = 0; q < this.q; q++) {
      const id = v.queues[q];
      if (id < 0) continue;
      pos = putUint(buf, pos, q + 1);
      pos = putUint(buf, pos, id);
    }
    buf[pos++] = 0;
    const faults = v.faults;
    let faulted = 0;
    for (let i = 0; i < faults.length; i++) faulted |= faults[i];
    let submitted = 0;
    for (let i = 0; i < n; i++) submitted |= v.ids[i];
    const parts = (faulted !== 0 ? PART_FAULTS : 0) | (submitted !== 0 ? PART_IDS : 0) | (v.cut.length > 0 ? PART_CUT : 0);
    buf[pos++] = parts;
    if (parts & PART_FAULTS) for (let i = 0; i < faults.length; i++) pos = putUint(buf, pos, faults[i]);
    if (parts & PART_IDS) for (let i = 0; i < n; i++) pos = putUint(buf, pos, v.ids[i]);
    for (let i = 0; i < this.g; i++) pos = putUint(buf, pos, v.ghost[i]);
    if (parts & PART_CUT) {
      pos = putUint(buf, pos, v.cut.length);
      for (let i = 0; i < v.cut.length; i++) pos = putUint(buf, pos, v.cut[i]);
    }
    return pos;
  }

  /** Read the ids of a vector into `v`. */
  parse(bytes: Uint8Array, v: IdVector): void {
    this.parseAt(bytes, 0, v);
  }

  /** Read the ids of a vector written at `start` in `bytes` into `v`. */
  parseAt(bytes: Uint8Array, start: number, v: IdVector): void {
    const n = this.n;
    readAt = start;
    for (let i = 0; i < n; i++) v.locals[i] = getUint(bytes);
    const count = getUint(bytes);
    v.downCount = count;
    for (let i = 0; i < n; i++) v.down[i] = count ? bytes[readAt++] : 0;
    // (loops, not TypedArray fill: for a few slots the call costs more than the stores, 50 ns
    // against 18 ns for 5 slots; in a CPU profile of ring N=7 the three fills were 3% of the search)
    const queues = v.queues;
    for (let q = 0; q < queues.length; q++) queues[q] = -1;
    for (let q = getUint(bytes); q !== 0; q = getUint(bytes)) v.queues[q - 1] = getUint(bytes);
    const parts = bytes[readAt++];
    const faults = v.faults;
    for (let i = 0; i < faults.length; i++) faults[i] = parts & PART_FAULTS ? getUint(bytes) : 0;
    for (let i = 0; i < n; i++) v.ids[i] = parts & PART_IDS ? getUint(bytes) : 0;
    for (let i = 0; i < this.g; i++) v.ghost[i] = getUint(bytes);
    const cutLen = parts & PART_CUT ? getUint(bytes) : 0;
    if (cutLen === 0) {
      v.cut = NO_CUT; // most states: no allocation
      return;
    }
    const cut = new Array<number>(cutLen);
    for (let i = 0; i < cutLen; i++) cut[i] = getUint(bytes);
    v.cut = cut;
  }

  /** The state a vector stands for (frozen, canonical); remembered for encoding its successors. */
  decode(bytes: Uint8Array): GlobalState {
    this.decoded = null; // the ids below belong to no state until this one is complete
    this.parse(bytes, this.parent);
    const s = this.build(this.parent);
    this.decoded = s;
    return s;
  }

  /** Like {@link decode}, for a vector already parsed into `v`. */
  decodeParsed(v: IdVector): GlobalState {
    this.decoded = null;
    this.parent.copyFrom(v);
    const s = this.build(this.parent);
    this.decoded = s;
    return s;
  }

  /** The state the vector `v` stands for, without remembering it. */
  build(v: IdVector): GlobalState {
    const n = this.n;
    const locals = new Array<Value>(n);
    for (let i = 0; i < n; i++) locals[i] = this.values.value(v.locals[i]);
    const down = Array.from(v.down);
    const queues = new Array<readonly Entry[]>(this.q);
    for (let q = 0; q < this.q; q++) queues[q] = v.queues[q] < 0 ? EMPTY : this.queues.value(v.queues[q]);
    const faults = Array.from(v.faults);
    const ids = Array.from(v.ids);
    const ghost = new Array<Value>(this.g);
    for (let i = 0; i < this.g; i++) ghost[i] = this.values.value(v.ghost[i]);
    return { locals, down, queues, faults, ids, ghost, cut: v.cut.slice() };
  }

  /** Distinct components interned so far, and the bytes their tables hold. */
  stats(): { components: number; bytes: number } {
    return {
      components: this.values.size + this.messages.size + this.queues.size,
      bytes: this.values.bytes() + this.messages.bytes() + this.queues.bytes(),
    };
  }

  /** The frozen local state or ghost value with id `id`. */
  value(id: number): Value {
    return this.values.value(id);
  }

  /** The id of a local state or ghost value. */
  valueId(v: Value): number {
    return this.idOf(this.values, v);
  }

  /** The id of a message. */
  messageId(m: Message): number {
    return this.idOf(this.messages, m);
  }

  /** The frozen message with id `id`. */
  message(id: number): Message {
    return this.messages.value(id);
  }

  /** The frozen contents of queue id `id` (-1: empty). */
  queue(id: number): readonly Entry[] {
    return id < 0 ? EMPTY : this.queues.value(id);
  }

  /** The length of queue id `id` (-1: empty). */
  queueLength(id: number): number {
    if (id < 0) return 0;
    const len = id < this.lengths.length ? this.lengths[id] : 0;
    return len > 0 ? len : this.noteLength(id, this.queues.value(id).length);
  }

  private noteLength(id: number, len: number): number {
    this.lengths = grownTo(this.lengths, id + 1);
    this.lengths[id] = len;
    return len;
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

  /** The id of a queue's contents (-1 when empty). */
  queueId(entries: readonly Entry[]): number {
    if (entries.length === 0) return -1;
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
    const id = this.queues.intern(w.buf, 0, w.pos);
    this.noteLength(id, entries.length);
    return id;
  }
}

/** Write the non-negative int32 `x` as a varint at buf[pos]; returns where the next byte goes. */
function putUint(buf: Uint8Array, pos: number, x: number): number {
  while (x >= 0x80) {
    buf[pos++] = (x & 0x7f) | 0x80;
    x >>>= 7;
  }
  buf[pos++] = x;
  return pos;
}

/** Where {@link getUint} reads next. */
let readAt = 0;

/** Read the varint of a non-negative int32 at buf[readAt] (as {@link putUint} wrote it) and move past it. */
function getUint(buf: Uint8Array): number {
  let b = buf[readAt++];
  if (b < 0x80) return b;
  let x = b & 0x7f;
  for (let shift = 7; ; shift += 7) {
    b = buf[readAt++];
    x |= (b & 0x7f) << shift;
    if (b < 0x80) return x;
  }
}
