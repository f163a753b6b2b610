import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from 'mpcheck';
import type { FairnessSpec, Property, Protocol } from 'mpcheck';
import { Engine, canonicalCopy, compile, viewOf } from '../../src/engine/index.ts';
import type { GlobalState, Model, Step } from '../../src/engine/index.ts';
import { atLeastOnce, eventually } from '../../src/properties/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import { checkLiveness } from '../../src/check/index.ts';
import { exploreGraph } from '../../src/check/explore.ts';
import { randomSpec, toProtocol } from './random-models.ts';
import type { RandomSpec } from './random-models.ts';

type View = { procs: Record<string, { c: number }> };
const sum = (v: View) => Object.values(v.procs).reduce((a, s) => a + s.c, 0);

/** The random protocol, with liveness properties instead of its safety ones (mode: see toProtocol). */
function withLiveness(r: RandomSpec, fairness: FairnessSpec, mode: 'invariants' | 'local' = 'invariants'): Protocol {
  const base = toProtocol(r, mode);
  const properties = [eventually<View>('reachTarget', (v) => sum(v) === r.target), atLeastOnce({ on: 'transport' })] as unknown as readonly Property[];
  return { ...base, spec: { ...base.spec, fairness, properties } as Protocol['spec'] };
}

/**
 * Naive reference without fairness, on an explicit graph keyed by JSON, with no SCCs: a
 * liveness property is violated when a run can stay "bad" (goal not yet seen / one
 * obligation pending) forever. Take the bad states a run can be in (for eventually: those
 * reachable from the initial state through bad states); repeatedly peel off the states
 * that have successors but none left among the bad ones; an infinite bad run exists iff
 * something is left (a terminal state stays: the run stutters there).
 */
function naive(model: Model): { reachTarget: boolean; atLeastOnce: boolean } {
  const engine = new Engine(model);
  const key = (s: GlobalState) => JSON.stringify(canonicalCopy(model, s));
  const states = new Map<string, GlobalState>();
  const succ = new Map<string, string[]>();
  const todo = [engine.initial()];
  states.set(key(todo[0]), todo[0]);
  while (todo.length) {
    const s = todo.pop()!;
    const out: string[] = [];
    for (const st of engine.successors(s).steps) {
      const n = engine.canonical(st.next);
      const nk = key(n);
      out.push(nk);
      if (!states.has(nk)) (states.set(nk, n), todo.push(n));
    }
    succ.set(key(s), out);
  }
  const infiniteBadRun = (region: Set<string>): boolean => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of region) {
        const out = succ.get(s)!;
        if (out.length > 0 && !out.some((n) => region.has(n))) (region.delete(s), (changed = true));
      }
    }
    return region.size > 0;
  };
  const target = model.properties[0].liveness!;
  const bad = (k: string) => target.kind === 'eventually' && !target.goal(viewOf(model, states.get(k)!));
  const init = key(engine.initial());
  const reachable = new Set(bad(init) ? [init] : []);
  for (const q = [...reachable]; q.length; ) for (const n of succ.get(q.pop()!)!) if (bad(n) && !reachable.has(n)) (reachable.add(n), q.push(n));
  const reachTarget = infiniteBadRun(reachable);
  const alo = model.properties[1].liveness!;
  const pending = new Map([...states].map(([k, s]) => [k, alo.kind === 'obligations' ? alo.pending(s.ghost[0]).obligations.map((o) => `${o.receiver} ${o.key}`) : []]));
  const keys = new Set([...pending.values()].flat());
  const atLeastOnce = [...keys].some((o) => infiniteBadRun(new Set([...states.keys()].filter((k) => pending.get(k)!.includes(o)))));
  return { reachTarget, atLeastOnce };
}

const LIVE = ['reachTarget', 'atLeastOnce'];

const fairnessChoice = fc.constantFrom<FairnessSpec>({}, { weak: ['process:*'] }, { strong: ['deliver:*'] }, { weak: ['process:*'], strong: ['deliver:*'] }, { strong: ['process:*'] });

describe('liveness on random protocols', () => {
  it('without fairness, agrees with a naive cycle search on an explicit graph', () => {
    const seen = { violated: 0, holds: 0 };
    fc.assert(
      fc.property(randomSpec, (r) => {
        const p = withLiveness(r, {});
        const res = check(p, { only: LIVE, maxStates: 250 });
        fc.pre(res.complete);
        const ref = naive(compile(p, { only: LIVE }));
        const v = Object.fromEntries(res.properties.map((x) => [x.name, x.verdict]));
        expect(v.reachTarget).toBe(ref.reachTarget ? 'violated' : 'holds');
        expect(v.atLeastOnce).toBe(ref.atLeastOnce ? 'violated' : 'holds');
        for (const x of [v.reachTarget, v.atLeastOnce]) seen[x as 'violated' | 'holds']++;
      }),
      { numRuns: 40 },
    );
    expect(seen.violated).toBeGreaterThan(10);
    expect(seen.holds).toBeGreaterThan(10);
  });

  it('the successor cache changes nothing: the same graph (targets and classes of every edge), verdicts and lassos, with losses, duplicates, reorders, crashes and restarts', () => {
    fc.assert(
      fc.property(randomSpec, fairnessChoice, (r, fairness) => {
        const model = compile(withLiveness(r, fairness, 'local'), { only: LIVE });
        // a class from the label (what the fairness classes depend on), several per run
        const classify = (st: Pick<Step, 'label' | 'fault'>): number => (st.fault ? 0 : 1 + (JSON.stringify(st.label).length % 5));
        const graphOf = (deltas: boolean) => {
          const g = exploreGraph(model, classify, () => {}, { deltas, maxStates: 3000 }).graph;
          return [g.n, [...g.offsets.subarray(0, g.n + 1)], [...g.targets.subarray(0, g.offsets[g.n])], [...g.classes.subarray(0, g.offsets[g.n])]];
        };
        expect(graphOf(true)).toEqual(graphOf(false));
        const results = (deltas: boolean) => [...checkLiveness(model, { fairness, deltas, maxStates: 3000 }).results.values()].map((x) => [x.verdict, x.trace?.steps.map((st) => st.text)]);
        expect(results(true)).toEqual(results(false));
      }),
      { numRuns: 60 },
    );
  });

  it('under any fairness: every lasso replays and is confirmed (closes, violates, fair), and fairness only removes violations', () => {
    fc.assert(
      fc.property(randomSpec, fairnessChoice, (r, fairness) => {
        const p = withLiveness(r, fairness);
        const model = compile(p, { only: LIVE });
        const fair = check(p, { only: LIVE, maxStates: 250 });
        fc.pre(fair.complete);
        const unfair = check(withLiveness(r, {}), { only: LIVE });
        fair.properties.forEach((x, i) => {
          if (unfair.properties[i].verdict === 'holds') expect(x.verdict).toBe('holds');
          if (x.verdict !== 'violated') return;
          const rep = replayTrace(model, JSON.parse(JSON.stringify(x.trace)));
          expect(rep.conclusion).toMatch(/^confirmed/);
        });
      }),
      { numRuns: 40 },
    );
  });
});
