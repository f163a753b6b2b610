import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { network, protocol } from 'mpcheck';
import type { CheckResult, Protocol } from 'mpcheck';
import { CollapsedStates, Engine, compile, viewOf } from '../../src/engine/index.ts';
import type { GlobalState, Model } from '../../src/engine/index.ts';
import { search } from '../../src/check/index.ts';
import { PredicateMemo } from '../../src/check/predicate-memo.ts';
import { callPredicate } from '../../src/check/predicate.ts';
import { randomSpec, toProtocol } from './random-models.ts';

/**
 * Walk up to `max` states (canonical BFS) and ask the memo, state after state, for every
 * invariant and reachability predicate: it must answer what running the predicate on the
 * state's view answers. Returns [states, predicate runs by the memo].
 */
function agrees(model: Model, max = 3000): [number, number] {
  const engine = new Engine(model);
  const states = new CollapsedStates(model);
  const memo = new PredicateMemo(model);
  const ks = model.properties.flatMap((p, k) => (p.kind === 'invariant' || p.kind === 'reachability' ? [k] : []));
  const seen = new Set<string>();
  const todo: GlobalState[] = [engine.initial()];
  seen.add(JSON.stringify(todo[0]));
  let runs = 0;
  let n = 0;
  while (todo.length && n < max) {
    const s = todo.shift()!;
    n++;
    const ids = states.ids(s, false);
    for (const k of ks) {
      const direct = callPredicate(model.properties[k], viewOf(model, s), model);
      expect(
        memo.test(k, ids, () => {
          runs++;
          return s;
        }),
      ).toBe(direct);
    }
    for (const step of engine.successors(s).steps) {
      const key = JSON.stringify(step.next);
      if (seen.has(key)) continue;
      seen.add(key);
      todo.push(step.next);
    }
  }
  return [n, runs];
}

type Msg = { type: 'm'; n: number };

/** Predicates that read different parts depending on what they find: locals, the down list, the faults, the messages in flight. */
function reader(): Protocol {
  const { define, process } = protocol<Msg, 'a' | 'b'>();
  const node = (to: 'a' | 'b') =>
    process<{ n: number }>({
      init: { n: 0 },
      actions: { send: { when: (s) => s.n < 3, then: (s, ctx) => (ctx.send(to, { type: 'm', n: s.n }), { n: s.n + 1 }) } },
      receive: { m: (s) => ({ n: s.n + 1 }) },
    });
  return define({
    name: 'reader',
    network: network.fifo({ capacity: 2 }),
    topology: ['a->b', 'b->a'],
    faults: { crash: 1, lose: 1 },
    processes: () => ({ a: node('b'), b: node('a') }),
    properties: (_p, p) => [
      p.always('branches', (v) => ((v.procs.a as { n: number }).n > 1 ? (v.procs.b as { n: number }).n < 5 : v.inFlight.length < 3)),
      p.always('downThenA', (v) => v.down.length === 0 || (v.procs.a as { n: number }).n !== 2),
      p.sometimes('bothAt3', (v) => Object.values(v.procs).every((s) => (s as { n: number }).n >= 3) && v.faults.lose === 0),
    ],
  });
}

function outcome(r: CheckResult) {
  return {
    stats: [r.stats.states, r.stats.transitions, r.stats.depth],
    verdicts: r.properties.map((p) => [p.name, p.verdict, p.detail, p.trace?.steps.map((s) => s.text)]),
  };
}

describe('the predicate memo', () => {
  it('answers what the predicate answers, on predicates that read locals, down, faults and messages in flight depending on what they find', () => {
    const [states, runs] = agrees(compile(reader(), { por: false }));
    expect(states).toBeGreaterThan(300);
    // it is used: far fewer runs than states × predicates
    expect(runs).toBeLessThan(states);
  });

  it('answers what the predicate answers on random protocols', () => {
    fc.assert(
      fc.property(randomSpec, (spec) => {
        agrees(compile(toProtocol(spec), { por: false }), 1500);
      }),
      { numRuns: 25 },
    );
  });

  it('changes no search result (verdicts, counts, counterexamples)', () => {
    fc.assert(
      fc.property(randomSpec, fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), (spec, strategy) => {
        const m = compile(toProtocol(spec), { por: false });
        expect(outcome(search(m, { strategy, predicateMemo: true }))).toEqual(outcome(search(m, { strategy, predicateMemo: false })));
      }),
      { numRuns: 25 },
    );
    const m = compile(reader(), { por: false });
    expect(outcome(search(m, { predicateMemo: true }))).toEqual(outcome(search(m, { predicateMemo: false })));
  });
});
