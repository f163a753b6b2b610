import { Writer, fingerprint, fp, writeState } from '../engine/index.ts';
import type { GlobalState } from '../engine/index.ts';
import { doubled } from '../engine/index.ts';
import { VisitedSet } from './visited.ts';

/**
 * What random walks have touched: distinct states by fingerprint, the deepest step, steps
 * and runs. Fingerprints first seen since the last `drain()` are kept so that a worker can
 * ship them to the thread that merges coverage.
 */
export class Coverage {
  private readonly seen = new VisitedSet();
  private readonly writer = new Writer();
  private fresh = new Uint32Array(1024);
  private freshCount = 0;
  steps = 0;
  runs = 0;
  maxDepth = 0;

  /** `keepFresh`: remember new fingerprints until `drain()` (a worker's coverage). */
  constructor(private readonly keepFresh = false) {}

  get states(): number {
    return this.seen.size;
  }

  /** Record a state reached at `depth`. */
  visit(s: GlobalState, depth: number): void {
    if (depth > this.maxDepth) this.maxDepth = depth;
    this.writer.reset();
    writeState(this.writer, s);
    fingerprint(this.writer.buf, this.writer.pos);
    this.add(fp[0], fp[1]);
  }

  /** Record a fingerprint (merging another thread's coverage). */
  add(hi: number, lo: number): void {
    if (this.seen.add(hi, lo, -1) < 0 || !this.keepFresh) return;
    if (this.freshCount + 2 > this.fresh.length) this.fresh = doubled(this.fresh);
    this.fresh[this.freshCount++] = hi;
    this.fresh[this.freshCount++] = lo;
  }

  /** Fingerprints first seen since the last drain, as (hi, lo) pairs. */
  drain(): Uint32Array {
    const out = this.fresh.slice(0, this.freshCount);
    this.freshCount = 0;
    return out;
  }

  /** Merge fingerprints drained from another Coverage. */
  merge(pairs: Uint32Array): void {
    for (let i = 0; i + 1 < pairs.length; i += 2) this.add(pairs[i], pairs[i + 1]);
  }
}
