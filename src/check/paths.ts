import type { Csr } from './graph.ts';

/**
 * Shortest paths on the state graph, as lists of edge indexes (an edge's step is found
 * again as successor number `e - offsets[source]` of its source state).
 */

/** Plain BFS from `from` over the whole graph: distance (−1: unreachable) and parent edge per state. */
export function bfsTree(g: Csr, from: number): { dist: Int32Array; parentEdge: Int32Array; parentState: Int32Array } {
  const dist = new Int32Array(g.n).fill(-1);
  const parentEdge = new Int32Array(g.n).fill(-1);
  const parentState = new Int32Array(g.n).fill(-1);
  const queue = new Int32Array(g.n);
  let head = 0;
  let tail = 0;
  dist[from] = 0;
  queue[tail++] = from;
  while (head < tail) {
    const v = queue[head++];
    for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
      const w = g.targets[e];
      if (dist[w] !== -1) continue;
      dist[w] = dist[v] + 1;
      parentEdge[w] = e;
      parentState[w] = v;
      queue[tail++] = w;
    }
  }
  return { dist, parentEdge, parentState };
}

/**
 * Shortest stems that must end inside a region: from the initial state, first anywhere,
 * then — from an entry state on — only through `allowed` states. With `entry` null the
 * whole stem stays in `allowed` (the initial state must be allowed). `dist[v]` is the
 * length of the shortest such stem to v (−1: none); `pathTo(v)` its edges.
 */
export class Stems {
  readonly dist: Int32Array;
  private readonly parentEdge: Int32Array;
  private readonly parentState: Int32Array;

  constructor(
    private readonly g: Csr,
    private readonly free: ReturnType<typeof bfsTree>,
    allowed: (v: number) => boolean,
    entry: ((v: number) => boolean) | null,
  ) {
    const n = g.n;
    this.dist = new Int32Array(n).fill(-1);
    this.parentEdge = new Int32Array(n).fill(-1);
    this.parentState = new Int32Array(n).fill(-1);
    const sources: number[] = [];
    if (entry === null) {
      if (n > 0 && allowed(0)) sources.push(0);
    } else {
      for (let v = 0; v < n; v++) if (free.dist[v] >= 0 && entry(v) && allowed(v)) sources.push(v);
      sources.sort((a, b) => free.dist[a] - free.dist[b]);
    }
    // BFS level by level; a source joins at the level of its (free) distance.
    const d0 = (v: number) => (entry === null ? 0 : free.dist[v]);
    let si = 0;
    let cur: number[] = [];
    let d = 0;
    while (cur.length || si < sources.length) {
      if (!cur.length) d = Math.max(d, d0(sources[si]));
      while (si < sources.length && d0(sources[si]) <= d) {
        const v = sources[si++];
        if (this.dist[v] !== -1) continue;
        this.dist[v] = d;
        cur.push(v);
      }
      const next: number[] = [];
      for (const v of cur) {
        for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
          const w = g.targets[e];
          if (this.dist[w] !== -1 || !allowed(w)) continue;
          this.dist[w] = d + 1;
          this.parentEdge[w] = e;
          this.parentState[w] = v;
          next.push(w);
        }
      }
      cur = next;
      d++;
    }
  }

  /** Edges of the shortest stem to v (v must have dist ≥ 0). */
  pathTo(v: number): number[] {
    const edges: number[] = [];
    let x = v;
    while (this.parentEdge[x] !== -1) {
      edges.push(this.parentEdge[x]);
      x = this.parentState[x];
    }
    while (this.free.parentEdge[x] !== -1) {
      edges.push(this.free.parentEdge[x]);
      x = this.free.parentState[x];
    }
    if (x !== 0) throw new Error(`internal: stem to state ${v} does not start at the initial state`);
    return edges.reverse();
  }
}

/**
 * Shortest path inside the states marked in `inSet`, from `from`, that ends with an edge
 * satisfying `edgeGoal` or reaches a state satisfying `stateGoal` (at least one edge).
 * Returns its edges, or null.
 */
export function pathWithin(
  g: Csr,
  inSet: Uint8Array,
  from: number,
  stateGoal: (v: number) => boolean,
  edgeGoal: (e: number) => boolean,
): number[] | null {
  const parentEdge = new Map<number, number>();
  const source = (e: number): number => sourceOf(g, e);
  const unwind = (last: number): number[] => {
    const edges = [last];
    let x = source(last);
    while (x !== from) {
      const e = parentEdge.get(x)!;
      edges.push(e);
      x = source(e);
    }
    return edges.reverse();
  };
  const seen = new Set<number>([from]);
  let cur = [from];
  while (cur.length) {
    const next: number[] = [];
    for (const v of cur) {
      for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
        const w = g.targets[e];
        if (!inSet[w]) continue;
        if (edgeGoal(e) || stateGoal(w)) return unwind(e);
        if (seen.has(w)) continue;
        seen.add(w);
        parentEdge.set(w, e);
        next.push(w);
      }
    }
    cur = next;
  }
  return null;
}

/** The source state of edge e (binary search on the offsets). */
export function sourceOf(g: Csr, e: number): number {
  let lo = 0;
  let hi = g.n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (g.offsets[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
