import fc from 'fast-check';
import { MultiDirectedGraph } from 'graphology';
import { stronglyConnectedComponents } from 'graphology-components';
import { describe, expect, it } from 'vitest';
import { csrFromEdges } from '../../src/check/graph.ts';
import { SccFinder, hasSelfLoop } from '../../src/check/scc.ts';

const sorted = (comps: readonly ArrayLike<number>[]): number[][] =>
  comps.map((c) => Array.from(c).sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);

function sccsOf(n: number, edges: readonly (readonly [number, number])[], subset?: readonly number[]): number[][] {
  const g = csrFromEdges(n, edges);
  const nodes = subset ?? Array.from({ length: n }, (_, i) => i);
  const member = new Int32Array(n);
  for (const v of nodes) member[v] = 7;
  return sorted(new SccFinder(g).components(nodes, member, 7));
}

describe('SccFinder (iterative Tarjan)', () => {
  it('finds the exact SCCs of a hand-built graph', () => {
    // 0→1→2→0 is a cycle, 2→3 leaves it, 3⇄4, 5 is alone, 6 has a self-loop
    const edges = [[0, 1], [1, 2], [2, 0], [2, 3], [3, 4], [4, 3], [6, 6], [5, 6]] as const;
    expect(sccsOf(7, edges)).toEqual([[0, 1, 2], [3, 4], [5], [6]]);
    const g = csrFromEdges(7, edges);
    expect([5, 6].map((v) => hasSelfLoop(g, v))).toEqual([false, true]);
  });

  it('emits sink components first', () => {
    const g = csrFromEdges(4, [[0, 1], [1, 0], [1, 2], [2, 3], [3, 2]]);
    const member = new Int32Array(4).fill(1);
    const comps = new SccFinder(g).components([0, 1, 2, 3], member, 1).map((c) => Array.from(c).sort());
    expect(comps).toEqual([[2, 3], [0, 1]]);
  });

  it('ignores states and edges outside the subset', () => {
    // without 2, the cycle 0→1→2→0 is broken
    expect(sccsOf(4, [[0, 1], [1, 2], [2, 0], [1, 3], [3, 1]], [0, 1, 3])).toEqual([[0], [1, 3]]);
  });

  it('handles a long chain without recursion (50 000 states in one cycle)', () => {
    const n = 50_000;
    const edges = Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const);
    const comps = sccsOf(n, edges);
    expect(comps).toHaveLength(1);
    expect(comps[0]).toHaveLength(n);
  });

  it('agrees with graphology-components on random graphs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }))),
        ([n, edges]) => {
          const ref = new MultiDirectedGraph({ allowSelfLoops: true });
          for (let v = 0; v < n; v++) ref.addNode(String(v));
          for (const [a, b] of edges) ref.addEdge(String(a), String(b));
          const expected = sorted(stronglyConnectedComponents(ref).map((c) => c.map(Number)));
          expect(sccsOf(n, edges)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
