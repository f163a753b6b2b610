/**
 * What a visited set keeps per state, by dense state index: the fingerprint's two halves and
 * the parent's index (-1 for an initial state). Together they form a tree rooted at the
 * initial states, so a trace is rebuilt by walking parents back and replaying, not stored.
 *
 * The halves lie side by side (`fps[2i]` high, `fps[2i+1]` low): a probe that compares a
 * fingerprint reads one cache line, not two.
 *
 * A base for the one-thread `VisitedSet` (visited.ts) and the parallel `SharedTable` (parallel/table.ts): the
 * subclasses insert into the arrays directly (their probe loops read `this.fps` as an own
 * field, with no indirection) and may replace them when they grow.
 */
export abstract class StateTree {
  protected fps: Uint32Array;
  protected parents: Int32Array;

  protected constructor(fps: Uint32Array, parents: Int32Array) {
    this.fps = fps;
    this.parents = parents;
  }

  parent(index: number): number {
    return this.parents[index];
  }

  /** The fingerprint's high half, of state `index`. */
  hiOf(index: number): number {
    return this.fps[2 * index];
  }

  /** The fingerprint's low half. */
  loOf(index: number): number {
    return this.fps[2 * index + 1];
  }

  fingerprintOf(index: number): [number, number] {
    return [this.fps[2 * index], this.fps[2 * index + 1]];
  }

  /** Indexes from the initial state to `index`, inclusive. */
  pathTo(index: number): number[] {
    const path: number[] = [];
    for (let i = index; i >= 0; i = this.parents[i]) path.push(i);
    return path.reverse();
  }
}
