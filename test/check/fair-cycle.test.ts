import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleThrough } from '../../src/check/cycle.ts';
import { EnabledSets, FairCycleFinder } from '../../src/check/fair-cycle.ts';
import type { FairnessGroups } from '../../src/check/fair-cycle.ts';
import { csrFromEdges } from '../../src/check/graph.ts';
import type { Csr } from '../../src/check/graph.ts';

/**
 * Hand-built graphs: an edge is [from, to, class]; class k > 0 means "a step of group k-1"
 * (class 0: a step in no group, like a fault).
 */
function setup(n: number, edges: readonly (readonly [number, number, number?])[], strong: readonly boolean[]) {
  // a class naming a group that does not exist is a step in no group
  const g = csrFromEdges(n, edges.map(([a, b, c]) => [a, b, c !== undefined && c <= strong.length ? c : 0] as const));
  const groups: FairnessGroups = { strong, classGroups: [[], ...strong.map((_, k) => [k])] };
  const enabled = new EnabledSets(g, groups);
  return { g, groups, enabled, finder: new FairCycleFinder(g, groups, enabled) };
}

const statesOf = (comps: readonly { states: Int32Array; stutter: boolean }[]) => comps.map((c) => ({ states: Array.from(c.states).sort(), stutter: c.stutter }));

describe('FairCycleFinder on hand-built graphs', () => {
  // 0 ⇄ 1 is a cycle; 1 → 2 is a step of group 0 that leaves it; 2 is terminal.
  const exit = [[0, 1], [1, 0], [1, 2, 1]] as const;

  it('without fairness the cycle 0⇄1 is a fair cycle', () => {
    const { finder } = setup(3, exit, []);
    expect(statesOf(finder.find([0, 1]))).toEqual([{ states: [0, 1], stutter: false }]);
  });

  it('weak fairness of the exit does not break it: the exit is disabled in state 0', () => {
    const { finder } = setup(3, exit, [false]);
    expect(statesOf(finder.find([0, 1]))).toEqual([{ states: [0, 1], stutter: false }]);
  });

  it('strong fairness of the exit does: enabled infinitely often in state 1, never taken', () => {
    const { finder } = setup(3, exit, [true]);
    expect(finder.find([0, 1])).toEqual([]);
  });

  it('strong fairness refines an SCC to the part where the group is never enabled', () => {
    // 0 ⇄ 1, 1 has a self-loop, 0 → 2 is the strong exit: removing 0 leaves {1} with its loop
    const { finder } = setup(3, [[0, 1], [1, 0], [1, 1], [0, 2, 1]], [true]);
    expect(statesOf(finder.find([0, 1]))).toEqual([{ states: [1], stutter: false }]);
  });

  it('weak fairness rejects a component where the group is enabled everywhere and never taken', () => {
    // 0 and 1 both offer the exit to 2 (group 0); the cycle 0⇄1 never takes it
    const { finder } = setup(3, [[0, 1], [1, 0], [0, 2, 1], [1, 2, 1], [2, 2]], [false]);
    expect(finder.find([0, 1])).toEqual([]);
    // …but a cycle that takes the group is fair
    const taken = setup(2, [[0, 1, 1], [1, 0], [0, 0]], [false]);
    expect(statesOf(taken.finder.find([0, 1]))).toEqual([{ states: [0, 1], stutter: false }]);
  });

  it('a terminal state stutters forever (fair: nothing is enabled); a state without self-loop that is not terminal is no cycle', () => {
    const { finder } = setup(3, exit, [true]);
    expect(statesOf(finder.find([2]))).toEqual([{ states: [2], stutter: true }]);
    expect(finder.find([1])).toEqual([]);
  });

  it('the cycle must visit an accepting state', () => {
    const { finder } = setup(3, [[0, 1], [1, 0], [1, 2], [2, 1]], []);
    expect(statesOf(finder.find([0, 1, 2], (v) => v === 2))).toEqual([{ states: [0, 1, 2], stutter: false }]);
    expect(finder.find([0, 1], (v) => v === 2)).toEqual([]);
  });

  it('builds a cycle that meets every requirement', () => {
    // from 0: a loop 0→0 (no group) and a longer loop 0→1→2→0 whose 1→2 is group 0 (weak, enabled everywhere)
    const { g, finder, enabled } = setup(3, [[0, 0], [0, 1, 1], [1, 2, 1], [2, 0, 1]], [false]);
    const [comp] = finder.find([0, 1, 2]);
    const cycle = cycleThrough(g, comp, 0);
    expect(cycle.map((e) => [sourceOfEdge(g, e), g.targets[e]])).toEqual([[0, 1], [1, 2], [2, 0]].slice(0, cycle.length));
    expect(isFairCycle(g, { strong: [false], classGroups: [[], [0]] }, enabled, cycle)).toBe(true);
  });
});

function sourceOfEdge(g: Csr, e: number): number {
  let v = 0;
  while (g.offsets[v + 1] <= e) v++;
  return v;
}

/** Direct check of a cycle (edge list) against the fairness definitions. */
function isFairCycle(g: Csr, groups: FairnessGroups, enabled: EnabledSets, cycle: readonly number[]): boolean {
  const states = cycle.map((e) => sourceOfEdge(g, e));
  const taken = new Set(cycle.flatMap((e) => groups.classGroups[g.classes[e]]));
  return groups.strong.every((strong, k) => {
    if (taken.has(k)) return true;
    const on = states.filter((v) => enabled.has(v, k)).length;
    return strong ? on === 0 : on < states.length;
  });
}

/** The naive reference: is there a set S of region states, reachable, strongly connected inside itself, that a fair accepting cycle can cover? */
function bruteForce(n: number, edges: readonly (readonly [number, number, number])[], strong: readonly boolean[], region: readonly boolean[], accepting: readonly boolean[]): boolean {
  const out = (v: number) => edges.filter((e) => e[0] === v);
  const reach = new Set([0]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of edges) if (reach.has(a) && !reach.has(b)) (reach.add(b), (changed = true));
  }
  for (let mask = 1; mask < 1 << n; mask++) {
    const S = Array.from({ length: n }, (_, v) => v).filter((v) => mask & (1 << v));
    if (!S.every((v) => region[v] && reach.has(v)) || !S.some((v) => accepting[v])) continue;
    const inS = (v: number) => S.includes(v);
    const inner = edges.filter(([a, b]) => inS(a) && inS(b));
    if (S.length === 1 && out(S[0]).length === 0) return true; // stutters forever
    if (inner.length === 0) continue;
    // strongly connected inside S: every state reaches every other through inner edges, and each state has an inner edge out
    const closure = (v: number) => {
      const seen = new Set<number>();
      const stack = [v];
      while (stack.length) {
        const x = stack.pop()!;
        for (const [a, b] of inner) if (a === x && !seen.has(b)) (seen.add(b), stack.push(b));
      }
      return seen;
    };
    if (!S.every((v) => S.every((w) => closure(v).has(w)))) continue;
    const taken = new Set(inner.filter((e) => e[2] > 0).map((e) => e[2] - 1));
    const enabledAt = (v: number, k: number) => out(v).some((e) => e[2] === k + 1);
    const fair = strong.every((s, k) => taken.has(k) || (s ? S.every((v) => !enabledAt(v, k)) : S.some((v) => !enabledAt(v, k))));
    if (fair) return true;
  }
  return false;
}

const randomCase = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    strong: fc.array(fc.boolean(), { maxLength: 3 }),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.nat(3)), { maxLength: 3 * n }),
    region: fc.array(fc.integer({ min: 0, max: 3 }).map((x) => x > 0), { minLength: n, maxLength: n }),
    accepting: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  }),
);

describe('FairCycleFinder against a brute-force reference on random graphs', () => {
  it('finds a fair accepting cycle exactly when one exists, and every cycle it builds is fair and accepting', () => {
    const outcomes: boolean[] = [];
    fc.assert(
      fc.property(randomCase, ({ n, strong, edges: raw, region, accepting }) => {
        const edges = raw.map(([a, b, c]) => [a, b, c > strong.length ? 0 : c] as const);
        outcomes.push(bruteForce(n, edges, strong, region, accepting));
        const { g, groups, enabled, finder } = setup(n, edges, strong);
        const reach = new Set([0]);
        for (let changed = true; changed; ) {
          changed = false;
          for (const [a, b] of edges) if (reach.has(a) && !reach.has(b)) (reach.add(b), (changed = true));
        }
        const nodes = Array.from({ length: n }, (_, v) => v).filter((v) => region[v] && reach.has(v));
        const comps = finder.find(nodes, (v) => accepting[v]);
        expect(comps.length > 0).toBe(bruteForce(n, edges, strong, region, accepting));
        for (const comp of comps) {
          const start = comp.states[0];
          const cycle = cycleThrough(g, comp, start);
          if (comp.stutter) {
            expect(cycle).toEqual([]);
            expect(g.offsets[start + 1] - g.offsets[start]).toBe(0);
            continue;
          }
          // a closed walk inside the component, through an accepting state, and fair
          expect(cycle.length).toBeGreaterThan(0);
          let at = start;
          for (const e of cycle) {
            expect(sourceOfEdge(g, e)).toBe(at);
            at = g.targets[e];
            expect(Array.from(comp.states)).toContain(at);
          }
          expect(at).toBe(start);
          expect(cycle.some((e) => accepting[sourceOfEdge(g, e)])).toBe(true);
          expect(isFairCycle(g, groups, enabled, cycle)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
    // both answers occur often enough for the comparison to mean something
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(150);
    expect(outcomes.filter((x) => !x).length).toBeGreaterThan(150);
  });
});
