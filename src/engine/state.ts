import { EMPTY } from '../network/index.ts';
import type { Entry } from '../network/index.ts';
import type { Value } from '../spec/index.ts';
import { Reader, Writer } from './codec.ts';
import type { Model } from './model.ts';
import { FAULT_KINDS } from './model.ts';

/**
 * One global state. Immutable by convention: successors build new arrays and share
 * the parts that did not change.
 */
export interface GlobalState {
  /** Local state per process, in declaration order. */
  readonly locals: readonly Value[];
  /** 1 where the process is crashed (its local holds the state it restarts from). */
  readonly down: readonly number[];
  /** Contents of each network queue (see NetworkLayout). */
  readonly queues: readonly (readonly Entry[])[];
  /** Faults used, per kind in FAULT_KINDS order. */
  readonly faults: readonly number[];
  /** Per process: how many messages it has submitted (the next submit id). */
  readonly ids: readonly number[];
  /** Ghost state per monitor. */
  readonly ghost: readonly Value[];
  /** Cut links, as sorted pair numbers a*n+b with a<b. */
  readonly cut: readonly number[];
}

export function initialState(model: Model): GlobalState {
  const n = model.names.length;
  return {
    locals: model.procs.map((p) => p.init),
    down: new Array<number>(n).fill(0),
    queues: model.network.queues.map(() => EMPTY),
    faults: FAULT_KINDS.map(() => 0),
    ids: new Array<number>(n).fill(0),
    ghost: model.monitors.map((m) => m.init),
    cut: [],
  };
}

/**
 * Write a state canonically. Queues are written sparsely (only non-empty ones), so
 * a network of n² mostly empty channels costs little.
 */
export function writeState(w: Writer, s: GlobalState): void {
  const n = s.locals.length;
  for (let i = 0; i < n; i++) w.value(s.locals[i]);
  writeRest(w, s);
}

/** Everything of a state but its local states (which writeState writes first), the way writeState writes it. */
export function writeRest(w: Writer, s: Omit<GlobalState, 'locals'>): void {
  const n = s.down.length;
  let mask = 0;
  for (let i = 0; i < n; i++) if (s.down[i]) mask++;
  w.uint(mask);
  if (mask) for (let i = 0; i < n; i++) w.byte(s.down[i]);
  const qs = s.queues;
  for (let q = 0; q < qs.length; q++) {
    const entries = qs[q];
    if (entries.length === 0) continue;
    w.uint(q + 1);
    w.uint(entries.length);
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      w.uint(e[0]);
      w.value(e[1]);
      w.value(e[2]);
    }
  }
  w.uint(0);
  for (let i = 0; i < s.faults.length; i++) w.uint(s.faults[i]);
  for (let i = 0; i < n; i++) w.uint(s.ids[i]);
  for (let i = 0; i < s.ghost.length; i++) w.value(s.ghost[i]);
  w.uint(s.cut.length);
  for (let i = 0; i < s.cut.length; i++) w.uint(s.cut[i]);
}

function readEntries(r: Reader, len: number): readonly Entry[] {
  const entries = new Array<Entry>(len);
  for (let k = 0; k < len; k++) {
    const from = r.uint();
    const msg = r.readValue() as unknown as Entry[1];
    entries[k] = Object.freeze([from, msg, r.readValue()] as const);
  }
  return Object.freeze(entries);
}

export function readState(r: Reader, model: Model): GlobalState {
  const n = model.names.length;
  const locals = new Array<Value>(n);
  for (let i = 0; i < n; i++) locals[i] = r.readValue();
  const anyDown = r.uint();
  const down = new Array<number>(n);
  for (let i = 0; i < n; i++) down[i] = anyDown ? r.buf[r.pos++] : 0;
  const queues = new Array<readonly Entry[]>(model.network.queues.length).fill(EMPTY);
  for (let q = r.uint(); q !== 0; q = r.uint()) queues[q - 1] = readEntries(r, r.uint());
  const faults = FAULT_KINDS.map(() => r.uint());
  const ids = new Array<number>(n);
  for (let i = 0; i < n; i++) ids[i] = r.uint();
  const ghost = model.monitors.map(() => r.readValue());
  const cutLen = r.uint();
  const cut = new Array<number>(cutLen);
  for (let i = 0; i < cutLen; i++) cut[i] = r.uint();
  return { locals, down, queues, faults, ids, ghost, cut };
}

/** Encode-then-decode: the frozen canonical copy of a state. */
export function canonicalCopy(model: Model, s: GlobalState): GlobalState {
  const w = new Writer();
  writeState(w, s);
  return readState(new Reader(w.bytes()), model);
}
