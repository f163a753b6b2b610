import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine, compile, canonicalCopy, viewOf } from '../../src/engine/index.ts';
import type { GlobalState, Model } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import { search } from '../../src/check/index.ts';
import fireAndForget from '../../models/fire-and-forget.ts';
import ring from '../../bench/models/ring/ring.ts';
import { randomSpec, toProtocol } from './random-models.ts';

/** Naive reference: BFS over JSON strings of canonical states, distances kept per state. */
function reference(model: Model): { states: number; transitions: number; firstViolation: number | null } {
  const engine = new Engine(model);
  const key = (s: GlobalState) => JSON.stringify(canonicalCopy(model, s));
  const init = engine.initial();
  const dist = new Map<string, number>([[key(init), 0]]);
  let frontier: GlobalState[] = [init];
  let transitions = 0;
  let firstViolation: number | null = null;
  const bad = (s: GlobalState) => !model.properties[0].predicate!(viewOf(model, s));
  if (bad(init)) firstViolation = 0;
  for (let d = 0; frontier.length; d++) {
    const next: GlobalState[] = [];
    for (const s of frontier) {
      const { steps } = engine.successors(s);
      transitions += steps.length;
      for (const st of steps) {
        const k = key(st.next);
        if (dist.has(k)) continue;
        dist.set(k, d + 1);
        next.push(engine.canonical(st.next));
        if (firstViolation === null && bad(st.next)) firstViolation = d + 1;
      }
    }
    frontier = next;
  }
  return { states: dist.size, transitions, firstViolation };
}

describe('search on random protocols', () => {
  it('BFS finds the same states as a naive reference search, and shortest counterexamples', () => {
    fc.assert(
      fc.property(randomSpec, (spec) => {
        const model = compile(toProtocol(spec));
        const ref = reference(model);
        const r = search(model);
        expect(r.stats.states).toBe(ref.states);
        expect(r.stats.transitions).toBe(ref.transitions);
        const inv = r.properties.find((p) => p.name === 'notTarget')!;
        if (ref.firstViolation === null) expect(inv.verdict).toBe('holds');
        else {
          expect(inv.verdict).toBe('violated');
          expect(inv.trace!.steps.length).toBe(ref.firstViolation);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('BFS and DFS agree on states, transitions and verdicts', () => {
    fc.assert(
      fc.property(randomSpec, (spec) => {
        const model = compile(toProtocol(spec));
        const bfs = search(model);
        const dfs = search(model, { strategy: 'dfs' });
        expect(dfs.stats.states).toBe(bfs.stats.states);
        expect(dfs.stats.transitions).toBe(bfs.stats.transitions);
        expect(dfs.properties.map((p) => p.verdict)).toEqual(bfs.properties.map((p) => p.verdict));
      }),
      { numRuns: 60 },
    );
  });

  it('every reported trace replays step by step to a violating (or witnessing) state', () => {
    fc.assert(
      fc.property(randomSpec, fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), (spec, strategy) => {
        const model = compile(toProtocol(spec));
        const r = search(model, { strategy });
        for (const p of r.properties) {
          if (!p.trace) continue;
          const rep = replayTrace(model, JSON.parse(JSON.stringify(p.trace)));
          expect(rep.conclusion).toMatch(/^confirmed/);
          expect(rep.ok && rep.confirmed).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('limits end a run with unknown and the statistics so far', () => {
  const model = compile(ring, { symmetry: false, params: { N: 4, M: 1, C: 2 } });
  it('max states', () => {
    const r = search(model, { maxStates: 500 });
    expect(r.stoppedBy).toBe('max-states');
    expect(r.complete).toBe(false);
    expect(r.stats.states).toBeGreaterThanOrEqual(500);
    expect(r.stats.states).toBeLessThan(1848);
    expect(r.properties.map((p) => p.verdict)).toEqual(['unknown']);
    expect(r.properties[0].detail).toMatch(/^state limit 500 reached; \d+ states explored/);
  });
  it('max depth', () => {
    const r = search(model, { maxDepth: 5 });
    expect(r.stoppedBy).toBe('max-depth');
    expect(r.stats.depth).toBe(5);
    expect(r.properties[0].verdict).toBe('unknown');
  });
  it('timeout', () => {
    const r = search(compile(ring, { symmetry: false, params: { N: 6, M: 1, C: 2 }, por: false }), { timeoutMs: 200 });
    expect(r.stoppedBy).toBe('timeout');
    expect(r.properties[0].verdict).toBe('unknown');
    expect(r.stats.states).toBeLessThan(471856);
  });
  it('max memory: resident memory past the bound ends the search (the bound is checked every 256 states)', () => {
    const r = search(compile(ring, { symmetry: false, params: { N: 5, M: 1, C: 2 }, por: false }), { maxMemoryBytes: 2 ** 20 });
    expect(r.stoppedBy).toBe('max-memory');
    expect(r.complete).toBe(false);
    expect(r.stats.states).toBeGreaterThanOrEqual(256);
    expect(r.stats.states).toBeLessThan(26952);
    expect(r.stats.peakRssBytes).toBeGreaterThan(2 ** 20);
    expect(r.properties[0].verdict).toBe('unknown');
    expect(r.properties[0].detail).toMatch(/^memory limit 1 MiB reached; \d+ states explored, none decided it$/);
  });
  it('a violation found before the limit is still reported as violated', () => {
    const r = search(compile(fireAndForget), { maxStates: 1000, maxDepth: 4 });
    expect(r.properties.find((p) => p.name === 'allDelivered')!.verdict).toBe('violated');
  });
  it('progress is reported while the search runs', () => {
    const seen: number[] = [];
    search(compile(ring, { symmetry: false, params: { N: 5, M: 1, C: 2 } }), { onProgress: (p) => seen.push(p.states), progressIntervalMs: 0 });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});
