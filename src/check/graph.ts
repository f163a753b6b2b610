import { doubled } from '../engine/index.ts';

/**
 * A state graph in compressed sparse rows: the out-edges of state v are the edge indexes
 * `offsets[v] .. offsets[v+1]-1`, each with its target state and its class (which fairness
 * groups the step belongs to; 0 = none). Edges of a state are kept in the engine's
 * successor order, so `e - offsets[v]` is the step's position among the successors of v.
 */
export interface Csr {
  /** Number of states. */
  readonly n: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly classes: Int32Array;
}

/** Builds a Csr state by state (states must be closed in index order 0, 1, 2, …). */
export class CsrBuilder implements Csr {
  n = 0;
  offsets: Int32Array = new Int32Array(1024);
  targets: Int32Array = new Int32Array(4096);
  classes: Int32Array = new Int32Array(4096);
  private edges = 0;

  /** Add an out-edge of the state being built (the one after the last closed). */
  edge(target: number, cls: number): void {
    if (this.edges >= this.targets.length) {
      this.targets = doubled(this.targets);
      this.classes = doubled(this.classes);
    }
    this.targets[this.edges] = target;
    this.classes[this.edges] = cls;
    this.edges++;
  }

  /** Close the current state: its out-edges are those added since the previous close. */
  close(): void {
    this.n++;
    if (this.n + 1 > this.offsets.length) this.offsets = doubled(this.offsets);
    this.offsets[this.n] = this.edges;
  }

  get edgeCount(): number {
    return this.edges;
  }
}

/** A Csr from an edge list (for tests and small hand-built graphs). */
export function csrFromEdges(n: number, edges: readonly (readonly [from: number, to: number, cls?: number])[]): Csr {
  const b = new CsrBuilder();
  const byFrom = Array.from({ length: n }, () => [] as (readonly [number, number, number?])[]);
  for (const e of edges) byFrom[e[0]].push(e);
  for (let v = 0; v < n; v++) {
    for (const [, to, cls] of byFrom[v]) b.edge(to, cls ?? 0);
    b.close();
  }
  return b;
}
