import type { Csr } from './graph.ts';

/**
 * Strongly connected components of induced subgraphs of one Csr, by an iterative Tarjan
 * (no recursion, so deep graphs do not overflow the stack). The scratch arrays are sized
 * once for the whole graph and reused: asking for the SCCs of a subset costs time in the
 * subset's size and out-degree only.
 *
 * A subset is given as its list of states plus a membership mark: state v belongs when
 * `member[v] === token`. Edges leaving the subset are ignored.
 */
export class SccFinder {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly callV: Int32Array;
  private readonly callE: Int32Array;

  constructor(private readonly g: Csr) {
    this.index = new Int32Array(g.n);
    this.low = new Int32Array(g.n);
    this.onStack = new Uint8Array(g.n);
    this.stack = new Int32Array(g.n);
    this.callV = new Int32Array(g.n);
    this.callE = new Int32Array(g.n);
  }

  /** The SCCs of the subgraph induced by `nodes`, sinks first (Tarjan's order). */
  components(nodes: ArrayLike<number>, member: Int32Array, token: number): Int32Array[] {
    const { offsets, targets } = this.g;
    const { index, low, onStack, stack, callV, callE } = this;
    for (let i = 0; i < nodes.length; i++) index[nodes[i]] = -1;
    const out: Int32Array[] = [];
    let counter = 0;
    let sp = 0;
    let cp = 0;
    for (let r = 0; r < nodes.length; r++) {
      const root = nodes[r];
      if (index[root] !== -1) continue;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      callV[cp] = root;
      callE[cp] = offsets[root];
      cp++;
      while (cp > 0) {
        const v = callV[cp - 1];
        const e = callE[cp - 1];
        if (e < offsets[v + 1]) {
          callE[cp - 1] = e + 1;
          const w = targets[e];
          if (member[w] !== token) continue;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            callV[cp] = w;
            callE[cp] = offsets[w];
            cp++;
          } else if (onStack[w] && index[w] < low[v]) {
            low[v] = index[w];
          }
          continue;
        }
        cp--;
        if (low[v] === index[v]) {
          let k = sp - 1;
          while (stack[k] !== v) k--;
          const comp = stack.slice(k, sp);
          for (let i = k; i < sp; i++) onStack[stack[i]] = 0;
          sp = k;
          out.push(comp);
        }
        if (cp > 0) {
          const u = callV[cp - 1];
          if (low[v] < low[u]) low[u] = low[v];
        }
      }
    }
    return out;
  }
}

/** True when v has an edge to itself. */
export function hasSelfLoop(g: Csr, v: number): boolean {
  for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) if (g.targets[e] === v) return true;
  return false;
}
