import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { network, protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { search } from '../../src/check/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import ring from '../../bench/models/ring/ring.ts';
import syncDeadlock from '../../models/sync-deadlock.ts';
import fireAndForget from '../../models/fire-and-forget.ts';
import { randomSpec, toProtocol } from './random-models.ts';

describe('partial-order reduction', () => {
  it('never changes a verdict on random protocols (deadlock, assertions, with faults and crashes)', () => {
    let saved = 0;
    let total = 0;
    fc.assert(
      fc.property(randomSpec, fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), (spec, strategy) => {
        const p = toProtocol(spec, 'local');
        const full = search(compile(p, { por: false }), { strategy });
        const model = compile(p);
        const reduced = search(model, { strategy });
        expect(reduced.reductions.por).toBe(true);
        expect(full.reductions.por).toBe(false);
        expect(reduced.properties.map((x) => [x.name, x.verdict])).toEqual(full.properties.map((x) => [x.name, x.verdict]));
        if (full.complete && reduced.complete) {
          // (a search that decided every property early stops early: its counts say nothing)
          expect(reduced.stats.states).toBeLessThanOrEqual(full.stats.states);
          saved += full.stats.states - reduced.stats.states;
          total += full.stats.states;
        }
        for (const x of reduced.properties) if (x.trace) expect(replayTrace(model, x.trace).conclusion).toMatch(/^confirmed/);
      }),
      { numRuns: Number(process.env.POR_RUNS ?? 60) },
    );
    // the reduction must actually reduce something across the sample
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(total);
  });

  it('applies with invariants (see por-visibility.test.ts): fire-and-forget reads what every step changes', () => {
    // allDelivered reads the messages in flight and the receiver's list, noDuplicates the
    // list: every step of the sender sends, every step of the receiver takes a message
    const r = search(compile(fireAndForget));
    expect(r.reductions.por).toBe(true);
    expect([r.stats.states, r.reductions.ampleStates]).toEqual([11, 0]);
  });

  it('reduces the ring like SPIN does, with the same verdict', () => {
    // SPIN's partial-order reduction: N=5 → 3,386 states, N=6 → 24,086 (full: 26,952 and 471,856);
    // 3,360 is mpcheck's own count (taking the safe process with the fewest steps; 3,674
    // when it took the first safe process), kept here as a regression guard
    const r5 = search(compile(ring, { symmetry: false, params: { N: 5, M: 1, C: 2 } }));
    const r4 = search(compile(ring, { symmetry: false, params: { N: 4, M: 2, C: 2 } }));
    expect(r5.properties[0].verdict).toBe('holds');
    expect(r4.properties[0].verdict).toBe('holds');
    expect(r5.stats.states).toBe(3360);
    expect(r5.stats.states).toBeLessThan(26952 / 5);
    expect(r4.stats.states).toBeLessThan(213309 / 3);
  });

  it('keeps a process whose input a loss, duplicate or reordering can strike out of ample sets, while that fault is left', () => {
    // a sends two messages to b over a FIFO link with one fault of a kind; b checks it gets
    // 0 then 1, once each, and ends having got both
    type Msg = { type: 'm'; k: number };
    const { define, process } = protocol<Msg>();
    const strike = (fault: 'lose' | 'duplicate' | 'reorder', check = true) =>
      define({
        name: `strike-${fault}`,
        network: network.fifo({ capacity: 3 }),
        faults: { [fault]: 1 },
        topology: ['a->b'],
        processes: () => ({
          a: process({
            init: { sent: 0 },
            actions: { send: { when: (s) => s.sent < 2, then: (s, ctx) => (ctx.send('b', { type: 'm', k: s.sent }), { sent: s.sent + 1 }) } },
            end: (s) => s.sent === 2,
          }),
          b: process({
            init: { got: 0 },
            receive: { m: (s, m, ctx) => (ctx.assert(!check || m.k === s.got, `got ${m.k} after ${s.got}`), { got: s.got + 1 }) },
            end: (s) => s.got === 2,
          }),
        }),
        properties: (_p, p) => [p.noDeadlock()],
      });
    // a loss skips a message (b's assertion fails) and leaves b waiting (a deadlock); a
    // duplicate fails the assertion and leaves b past its end; a reordering fails the assertion
    for (const [fault, verdicts] of [
      ['lose', ['violated', 'violated']],
      ['duplicate', ['violated', 'violated']],
      ['reorder', ['holds', 'violated']],
    ] as const) {
      const full = search(compile(strike(fault), { por: false }));
      const reduced = search(compile(strike(fault)));
      expect(full.properties.map((x) => x.verdict), fault).toEqual(verdicts);
      expect(reduced.properties.map((x) => x.verdict), fault).toEqual(verdicts);
    }
    // Once the fault is spent, b's steps are safe again. Without b's assertion (so that the
    // search runs to the end): a sends 0 and 1 alone (safe: its sends cannot be struck); with
    // [0, 1] queued and the loss left, b's receive is not safe: every step is taken (receive
    // 0, lose 0, lose 1); with [1] and the loss left, again (receive 1: the end; lose 1: b
    // waits with got 1); after a loss, [1] or [0] left, b receives alone, into that same
    // waiting state. 8 states, 4 of them expanded through an ample set.
    const spent = search(compile(strike('lose', false)));
    expect(spent.properties.map((x) => x.verdict)).toEqual(['violated', 'holds']);
    expect([spent.stats.states, spent.reductions.ampleStates]).toEqual([8, 4]);
  });

  it('takes, of the processes whose steps are safe, the one with the fewest steps', () => {
    // a can set x to 1 or to 2, once; b can set y to 1, once; they never interact. All 6
    // states (x ∈ {0,1,2} × y ∈ {0,1}) without reduction. Taking a first (2 steps, then b
    // from each) keeps 5; taking b first (1 step, then a's 2) keeps 4: (0,0), (0,1), (1,1), (2,1).
    const { define, process } = protocol<{ type: 'm' }>();
    const p = define({
      name: 'fewest',
      topology: [],
      processes: () => ({
        a: process({
          init: { x: 0 },
          actions: { one: { when: (s) => s.x === 0, then: () => ({ x: 1 }) }, two: { when: (s) => s.x === 0, then: () => ({ x: 2 }) } },
          end: () => true,
        }),
        b: process({ init: { y: 0 }, actions: { set: { when: (s) => s.y === 0, then: () => ({ y: 1 }) } }, end: () => true }),
      }),
      properties: (_p, p) => [p.noDeadlock()],
    });
    expect(search(compile(p, { por: false })).stats.states).toBe(6);
    for (const memo of [true, false]) {
      // with the successor cache and without it (the engine's own expansion)
      const r = search(compile(p, { memo }));
      expect([r.stats.states, r.reductions.ampleStates], `memo ${memo}`).toEqual([4, 2]);
    }
  });

  it("does not reduce across a rendezvous: the partner's state changes in the sender's step", () => {
    // both processes are rendezvous targets, so neither has steps only it can affect
    const on = search(compile(syncDeadlock));
    expect(on.properties[0].verdict).toBe('violated');
    expect(on.properties[0].trace!.steps).toHaveLength(2);
    expect(on.stats.states).toBe(4);
    expect(on.reductions.ampleStates).toBe(0);
  });
});
