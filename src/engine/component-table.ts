/**
 * Interning of state components (a process's local state, a queue's contents, a message):
 * each distinct canonical encoding gets a small dense id, and the frozen value built from it
 * is kept so that equal components are decoded once. This is SPIN's COLLAPSE idea: a global
 * state is then a short vector of component ids.
 *
 * Memory: the encodings live in one growable byte arena (kept for the whole run, since ids
 * must stay stable); the decoded values and the identity shortcut are a bounded cache that
 * is dropped and rebuilt from the arena when it grows past `valueLimit`.
 */
import { hashBytes } from './codec.ts';
import { DecodedValues } from './decoded-values.ts';

/** What CollapsedStates needs of a table of components (this file's, or one shared between threads). */
export interface Interner<T> {
  /** The id of a value this table handed out (or of an equal primitive), if it is still cached. */
  known(v: unknown): number | undefined;
  /** Recognise `v`, a deeply frozen value equal to component `id`, by identity from now on. */
  alias(v: object, id: number): void;
  /** The id of the component encoded as buf[start, end), adding it when new. */
  intern(buf: Uint8Array, start: number, end: number): number;
  /** The frozen value of component `id`. */
  value(id: number): T;
  /** Number of distinct components. */
  readonly size: number;
  /** Bytes held by the table's own storage. */
  bytes(): number;
}

/** How to build a table, given the function that decodes a component's bytes. */
export type InternerFactory = <T>(kind: 'values' | 'messages' | 'queues', build: (buf: Uint8Array, start: number, end: number) => T) => Interner<T>;

export class ComponentTable<T> implements Interner<T> {
  private arena = new Uint8Array(1 << 16);
  private arenaEnd = 0;
  private starts = new Uint32Array(1024);
  private ends = new Uint32Array(1024);
  private slots = new Int32Array(2048); // id + 1, 0 = empty
  private mask = 2047;
  /** Number of distinct components. */
  size = 0;
  private readonly decoded: DecodedValues<T>;

  /** `build` turns an encoding back into the frozen value it stands for; at most `valueLimit` built values are kept. */
  constructor(
    private readonly build: (buf: Uint8Array, start: number, end: number) => T,
    valueLimit = 1 << 20,
  ) {
    this.decoded = new DecodedValues<T>(valueLimit);
  }

  /** The id of a value this table handed out (or of an equal primitive), if it is still cached. */
  known(v: unknown): number | undefined {
    return this.decoded.known(v);
  }

  alias(v: object, id: number): void {
    this.decoded.alias(v, id);
  }

  /** The id of the component encoded as buf[start, end), adding it when new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const h = hashBytes(buf, start, end);
    const mask = this.mask;
    const slots = this.slots;
    const arena = this.arena;
    let i = h & mask;
    for (;;) {
      const s = slots[i];
      if (s === 0) break;
      const id = s - 1;
      const a = this.starts[id];
      if (this.ends[id] - a === len) {
        let k = 0;
        while (k < len && arena[a + k] === buf[start + k]) k++;
        if (k === len) return id;
      }
      i = (i + 1) & mask;
    }
    const id = this.size++;
    if (id >= this.starts.length) this.growIndex();
    if (this.arenaEnd + len > this.arena.length) this.growArena(len);
    this.arena.set(buf.subarray(start, end), this.arenaEnd);
    this.starts[id] = this.arenaEnd;
    this.ends[id] = this.arenaEnd + len;
    this.arenaEnd += len;
    slots[i] = id + 1;
    if (this.size * 2 > slots.length) this.rehash();
    return id;
  }

  /** The frozen value of component `id`. */
  value(id: number): T {
    const v = this.decoded.cached(id);
    return v !== undefined ? v : this.decoded.store(id, this.build(this.arena, this.starts[id], this.ends[id]));
  }

  /** Bytes held: the arena, the index and the slots (not the cached values). */
  bytes(): number {
    return this.arena.length + this.starts.byteLength + this.ends.byteLength + this.slots.byteLength;
  }

  private growIndex(): void {
    const n = this.starts.length * 2;
    const s = new Uint32Array(n);
    s.set(this.starts);
    this.starts = s;
    const e = new Uint32Array(n);
    e.set(this.ends);
    this.ends = e;
  }

  private growArena(extra: number): void {
    let n = this.arena.length * 2;
    while (n < this.arenaEnd + extra) n *= 2;
    const a = new Uint8Array(n);
    a.set(this.arena.subarray(0, this.arenaEnd));
    this.arena = a;
  }

  private rehash(): void {
    const n = this.slots.length * 2;
    const slots = new Int32Array(n);
    const mask = n - 1;
    for (let id = 0; id < this.size; id++) {
      let i = hashBytes(this.arena, this.starts[id], this.ends[id]) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
