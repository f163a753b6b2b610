/**
 * What a visited set keeps per state, by dense state index: the fingerprint's two halves and
 * the parent's index (-1 for an initial state). Together they form a tree rooted at the
 * initial states, so a trace is rebuilt by walking parents back and replaying, not stored.
 *
 * A base for the one-thread `VisitedSet` (visited.ts) and the parallel `SharedTable` (parallel/table.ts): the
 * subclasses insert into the arrays directly (their probe loops read `this.hi`/`this.lo`
 * as own fields, with no indirection) and may replace them when they grow.
 */
export abstract class StateTree {
  protected hi: Uint32Array;
  protected lo: Uint32Array;
  protected parents: Int32Array;

  protected constructor(hi: Uint32Array, lo: Uint32Array, parents: Int32Array) {
    this.hi = hi;
    this.lo = lo;
    this.parents = parents;
  }

  parent(index: number): number {
    return this.parents[index];
  }

  /** The fingerprint's high half, of state `index`. */
  hiOf(index: number): number {
    return this.hi[index];
  }

  /** The fingerprint's low half. */
  loOf(index: number): number {
    return this.lo[index];
  }

  fingerprintOf(index: number): [number, number] {
    return [this.hi[index], this.lo[index]];
  }

  /** Indexes from the initial state to `index`, inclusive. */
  pathTo(index: number): number[] {
    const path: number[] = [];
    for (let i = index; i >= 0; i = this.parents[i]) path.push(i);
    return path.reverse();
  }
}
