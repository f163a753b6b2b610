import type { ViewExchange } from '../../engine/index.ts';
import { Growable } from './table.ts';
import type { GrowableBuffer } from './table.ts';

/**
 * How the lanes of a parallel search share the views their successor caches learn
 * (StepDeltas.share): one append-only log per lane, in a growable SharedArrayBuffer that
 * only its lane writes and every other lane reads. Int32 slot 0 holds the ints published so
 * far (this slot included); a record is its length, then that many ints. A lane writes a
 * record's ints, then Atomics.stores the new end, so a lane that Atomics.loads that end
 * reads whole records below it.
 *
 * Without it each lane learned every view again, by running the engine: on ring N=7 with two
 * worker threads, 88,000 views learned in all where one thread learns 49,000, about 1.3 s of
 * the second lane's CPU.
 */
const FIRST_BYTES = 64 << 10;
/** A log grows to at most this (address space reserved, not memory); past it its lane stops publishing. */
const MAX_BYTES = 64 << 20;

/** One log per lane, empty; each may grow to `maxBytes` (for tests). */
export function viewLogBuffers(lanes: number, maxBytes = MAX_BYTES): SharedArrayBuffer[] {
  return Array.from({ length: lanes }, () => {
    const b = new Growable(Math.min(FIRST_BYTES, maxBytes), { maxByteLength: maxBytes });
    new Int32Array(b)[0] = 1;
    return b;
  });
}

/** A lane's side of the logs: it writes its own, and reads the others' from where it last stopped. */
export class ViewLogs implements ViewExchange {
  private readonly own: GrowableBuffer;
  private ints: Int32Array;
  private readonly others: { readonly buf: SharedArrayBuffer; ints: Int32Array; read: number }[];

  constructor(buffers: readonly SharedArrayBuffer[], lane: number) {
    this.own = buffers[lane] as GrowableBuffer;
    this.ints = new Int32Array(this.own);
    this.others = buffers.filter((_, k) => k !== lane).map((buf) => ({ buf, ints: new Int32Array(buf), read: 1 }));
  }

  publish(record: Int32Array, length: number): void {
    const end = this.ints[0];
    const bytes = 4 * (end + 1 + length);
    if (bytes > this.ints.byteLength) {
      if (bytes > this.own.maxByteLength) return;
      this.own.grow(Math.min(this.own.maxByteLength, Math.max(bytes, 2 * this.own.byteLength)));
      this.ints = new Int32Array(this.own);
    }
    this.ints[end] = length;
    this.ints.set(record.subarray(0, length), end + 1);
    Atomics.store(this.ints, 0, end + 1 + length);
  }

  receive(take: (log: Int32Array, at: number, length: number) => void): void {
    for (const o of this.others) {
      const end = Atomics.load(o.ints, 0);
      if (end === o.read) continue;
      // (the log grew since this lane last viewed it)
      if (end > o.ints.length) o.ints = new Int32Array(o.buf);
      const ints = o.ints;
      // whole records below the end, within what this view shows (it shows at least that end)
      const limit = Math.min(end, ints.length);
      let at = o.read;
      for (; at < limit && at + 1 + ints[at] <= limit; at += 1 + ints[at]) take(ints, at + 1, ints[at]);
      o.read = at;
    }
  }
}
