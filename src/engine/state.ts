import { EMPTY } from '../network/index.ts';
import type { Entry } from '../network/index.ts';
import type { Value } from '../spec/index.ts';
import { DecodeCache, Reader, Writer, hashBytes } from './codec.ts';
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
 * Where each part of an encoded state lies in its bytes: filled in by {@link readState},
 * used by {@link writeState} to copy the parts a successor did not change.
 */
export class Segments {
  /** [start, end) of local i at 2i, 2i+1. */
  locals: Int32Array = new Int32Array(0);
  /** [start, end) of queue q's entries (after its id and length) at 2q, 2q+1; -1 when empty. */
  queues: Int32Array = new Int32Array(0);

  size(n: number, q: number): void {
    if (this.locals.length !== 2 * n) this.locals = new Int32Array(2 * n);
    if (this.queues.length !== 2 * q) this.queues = new Int32Array(2 * q);
    this.queues.fill(-1);
  }
}

/** Bytes of `parent`, a state the caller decoded with its Segments, to copy unchanged parts from. */
export interface Delta {
  readonly parent: GlobalState;
  readonly bytes: Uint8Array;
  readonly segments: Segments;
}

function copy(w: Writer, from: Uint8Array, start: number, end: number): void {
  const len = end - start;
  if (w.pos + len > w.buf.length) w.ensure(len);
  const buf = w.buf;
  if (len > 48) {
    buf.set(from.subarray(start, end), w.pos);
    w.pos += len;
    return;
  }
  let pos = w.pos;
  for (let i = start; i < end; i++) buf[pos++] = from[i];
  w.pos = pos;
}

/**
 * Write a state canonically. Queues are written sparsely (only non-empty ones), so
 * a network of n² mostly empty channels costs little. With `delta`, locals and queues that
 * are the very same objects as in the parent are copied from the parent's bytes.
 */
export function writeState(w: Writer, s: GlobalState, delta?: Delta): void {
  const n = s.locals.length;
  if (delta) {
    // copy each run of unchanged locals from the parent's bytes in one go
    const parentLocals = delta.parent.locals;
    const seg = delta.segments.locals;
    let runStart = -1;
    for (let i = 0; i < n; i++) {
      if (parentLocals[i] === s.locals[i]) {
        if (runStart < 0) runStart = seg[2 * i];
        continue;
      }
      if (runStart >= 0) {
        copy(w, delta.bytes, runStart, seg[2 * i]);
        runStart = -1;
      }
      w.value(s.locals[i]);
    }
    if (runStart >= 0) copy(w, delta.bytes, runStart, seg[2 * n - 1]);
  } else {
    for (let i = 0; i < n; i++) w.value(s.locals[i]);
  }
  const parent = delta?.parent;
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
    if (parent && parent.queues[q] === entries) {
      copy(w, delta.bytes, delta.segments.queues[2 * q], delta.segments.queues[2 * q + 1]);
      continue;
    }
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

/** Caches that make decoding recurring locals and queue contents cheap (see DecodeCache). */
export class StateCaches {
  readonly locals = new DecodeCache<Value>();
  readonly queues = new DecodeCache<readonly Entry[]>();
}

function readLocal(r: Reader, cache: DecodeCache<Value> | undefined): Value {
  if (!cache) return r.readValue();
  const start = r.pos;
  r.skip();
  const end = r.pos;
  const h = hashBytes(r.buf, start, end);
  const hit = cache.get(r.buf, start, end, h);
  if (hit !== undefined) return hit;
  r.pos = start;
  const v = r.readValue();
  cache.set(r.buf, start, end, h, v);
  return v;
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

function skipEntries(r: Reader, len: number): void {
  for (let k = 0; k < len; k++) {
    r.uint();
    r.skip();
    r.skip();
  }
}

export function readState(r: Reader, model: Model, seg?: Segments, caches?: StateCaches): GlobalState {
  const n = model.names.length;
  const locals = new Array<Value>(n);
  if (seg) seg.size(n, model.network.queues.length);
  for (let i = 0; i < n; i++) {
    if (seg) seg.locals[2 * i] = r.pos;
    locals[i] = readLocal(r, caches?.locals);
    if (seg) seg.locals[2 * i + 1] = r.pos;
  }
  const anyDown = r.uint();
  const down = new Array<number>(n);
  for (let i = 0; i < n; i++) down[i] = anyDown ? r.buf[r.pos++] : 0;
  const queues = new Array<readonly Entry[]>(model.network.queues.length).fill(EMPTY);
  for (let q = r.uint(); q !== 0; q = r.uint()) {
    const len = r.uint();
    const start = r.pos;
    if (seg) seg.queues[2 * (q - 1)] = start;
    let entries: readonly Entry[] | undefined;
    if (caches) {
      skipEntries(r, len);
      const h = hashBytes(r.buf, start, r.pos) ^ len;
      entries = caches.queues.get(r.buf, start, r.pos, h);
      if (entries === undefined || entries.length !== len) {
        const end = r.pos;
        r.pos = start;
        entries = readEntries(r, len);
        caches.queues.set(r.buf, start, end, h, entries);
      }
    } else entries = readEntries(r, len);
    queues[q - 1] = entries;
    if (seg) seg.queues[2 * (q - 1) + 1] = r.pos;
  }
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
