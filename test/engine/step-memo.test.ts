import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { network, protocol } from 'mpcheck';
import type { CheckResult, Protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { StepMemo } from '../../src/engine/step-memo.ts';
import { search } from '../../src/check/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import { randomSpec, symmetricSpec, toProtocol } from '../check/random-models.ts';

/**
 * The step memo replays recorded guards and bodies instead of running them. It must be
 * invisible: with it on or off, every search gives the same states, transitions, depth,
 * states expanded through an ample set, verdicts and counterexamples.
 */
function outcome(r: CheckResult) {
  return {
    stats: [r.stats.states, r.stats.transitions, r.stats.depth],
    ample: r.reductions.ampleStates,
    verdicts: r.properties.map((p) => [p.name, p.verdict, p.trace?.steps.map((s) => s.text)]),
  };
}

function same(p: Protocol, opts: { por?: boolean; strategy?: 'bfs' | 'dfs'; faults?: Record<string, number> } = {}): CheckResult {
  const { strategy, ...model } = opts;
  const off = search(compile(p, { ...model, memo: false }), { strategy });
  const onModel = compile(p, { ...model, memo: true });
  const on = search(onModel, { strategy });
  expect(outcome(on)).toEqual(outcome(off));
  for (const x of on.properties) if (x.trace && x.kind !== 'liveness') expect(replayTrace(onModel, x.trace).ok).toBe(true);
  return on;
}

type Msg = { type: 'job'; n: number } | { type: 'ack'; n: number };

/**
 * Bodies whose path depends on what the context says: canSend before sending, the result
 * of a send on a failing channel, pending() and mailboxEmpty(), sends that block the step,
 * failed assertions, deliveries; and bodies the memo must leave alone (choose, submit).
 */
function tricky(c: { capacity: number; onFull: 'block' | 'drop' | 'fail'; jobs: number; choose: boolean; assertAt: number; pendingGuard: boolean; checkFirst: boolean }): Protocol {
  const { define, process } = protocol<Msg, 'prod' | 'cons' | 'mon'>();
  return define({
    name: 'tricky',
    network: network.fifo({ capacity: c.capacity, onFull: c.onFull }),
    topology: ['prod->cons', 'cons->prod', 'cons->mon', 'prod->mon'],
    faults: { lose: 1 },
    processes: () => ({
      prod: process<{ next: number; failed: number; acks: number }>({
        init: { next: 0, failed: 0, acks: 0 },
        actions: {
          produce: {
            when: (s) => s.next < c.jobs,
            then: (s, ctx) => {
              if (c.choose && s.next === 0) {
                const k = ctx.choose([0, 1]);
                if (k === 1) return { ...s, next: s.next + 1 };
              }
              const room = c.checkFirst ? ctx.canSend('cons') : true;
              const ok = ctx.send('cons', { type: 'job', n: s.next });
              if (!ok) return { ...s, failed: s.failed + 1, next: s.next + 1 };
              if (!room) ctx.send('mon', { type: 'job', n: -1 });
              return { ...s, next: s.next + 1 };
            },
          },
        },
        receive: {
          ack: (s, m, ctx) => {
            ctx.assert(m.n !== c.assertAt, `ack ${m.n}`);
            return { ...s, acks: s.acks + 1 };
          },
        },
      }),
      cons: process<{ got: number; id: string }>({
        init: { got: 0, id: '' },
        receive: {
          job: {
            when: (_s, _m, ctx) => !c.pendingGuard || ctx.pending() > 0,
            then: (s, m, ctx) => {
              const id = m.n === 1 ? ctx.submit(m.n) : s.id;
              if (m.n === 1) ctx.deliver(id, m.n);
              if (ctx.mailboxEmpty()) ctx.send('prod', { type: 'ack', n: m.n });
              else ctx.send('mon', { type: 'ack', n: m.n });
              return { got: s.got + 1, id };
            },
          },
        },
      }),
      mon: process<{ seen: number }>({
        init: { seen: 0 },
        receive: { job: (s) => ({ seen: s.seen + 1 }), ack: (s) => ({ seen: s.seen + 1 }) },
      }),
    }),
    properties: (_p, p) => [p.noDeadlock()],
  });
}

describe('the step memo', () => {
  it('changes nothing on protocols whose bodies branch on what the context says (canSend, send results, pending, mailboxEmpty, blocking sends, assertions, choose, submit)', () => {
    fc.assert(
      fc.property(
        fc.record({
          capacity: fc.integer({ min: 1, max: 2 }),
          onFull: fc.constantFrom<'block' | 'drop' | 'fail'>('block', 'drop', 'fail'),
          jobs: fc.integer({ min: 1, max: 3 }),
          choose: fc.boolean(),
          assertAt: fc.integer({ min: -1, max: 2 }),
          pendingGuard: fc.boolean(),
          checkFirst: fc.boolean(),
        }),
        fc.boolean(),
        fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'),
        (c, por, strategy) => {
          same(tricky(c), { por, strategy });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('changes nothing on random protocols, with and without partial-order reduction', () => {
    fc.assert(
      fc.property(randomSpec, fc.constantFrom<'invariants' | 'local'>('invariants', 'local'), fc.boolean(), (spec, mode, por) => {
        same(toProtocol(spec, mode), { por });
      }),
      { numRuns: 60 },
    );
  });

  it('changes nothing on random symmetric systems', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), fc.integer({ min: 1, max: 2 }), fc.nat(1), (n, table, hub, lose) => {
        same(symmetricSpec(n, table, hub, lose));
      }),
      { numRuns: 20 },
    );
  });

  it('is used: a body runs once per local state and message, not once per global state', () => {
    let calls = 0;
    const { define, process } = protocol<{ type: 'tok' }>();
    // two independent token counters: every global state repeats the same local steps
    const counter = process<{ n: number }>({
      init: { n: 0 },
      actions: {
        tick: {
          when: (s) => s.n < 3,
          then: (s) => {
            calls++;
            return { n: s.n + 1 };
          },
        },
      },
      end: (s) => s.n === 3,
    });
    const p = define({ name: 'counters', processes: () => ({ a: counter, b: counter, c: counter }), properties: (_p, q) => [q.noDeadlock()] });
    calls = 0;
    const off = search(compile(p, { memo: false, por: false }));
    const withoutMemo = calls;
    calls = 0;
    const on = search(compile(p, { memo: true, por: false }));
    expect(on.stats.states).toBe(64);
    expect(off.stats.transitions).toBe(3 * 3 * 16); // each of 3 counters ticks 3 times in 16 combinations of the others
    expect(withoutMemo).toBe(off.stats.transitions);
    expect(calls).toBe(9); // 3 processes × 3 local states, each body run once
  });

  it('starts over when it holds its limit of recorded outcomes', () => {
    const memo = new StepMemo(3);
    const code = {};
    const r = (result: number) => ({ ops: [], result, blocked: false });
    for (let k = 0; k < 3; k++) memo.add(code, k, null, r(k));
    expect(memo.get(code, 2, null)?.[0].result).toBe(2);
    memo.add(code, 3, null, r(3));
    expect(memo.get(code, 0, null)).toBeUndefined();
    expect(memo.get(code, 3, null)?.[0].result).toBe(3);
    memo.add(code, 3, null, r(4));
    expect(memo.get(code, 3, null)?.map((x) => x.result)).toEqual([3, 4]);
  });
});
