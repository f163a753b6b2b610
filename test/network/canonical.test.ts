import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine, compile, network, protocol } from 'mpcheck';
import type { NetworkSpec } from 'mpcheck';
import { Writer } from '../../src/engine/index.ts';
import { fingerprintOfState } from '../../src/trace/index.ts';

/** Unordered channel contents are a multiset: the order messages were put in must not reach the fingerprint. */

type M = { type: 'm'; v: number; w: string };

/** The state after a's single step, which sends `msgs` in that order to b (a's local state is the same whatever the order). */
function afterSending(net: NetworkSpec, msgs: readonly M[]): { fp: string; inFlight: readonly M[] } {
  const { define, process } = protocol<M, 'a' | 'b'>();
  const p = define({
    name: 'bag',
    network: net,
    processes: () => ({
      a: process({ init: { done: false }, actions: { go: { when: (s) => !s.done, then: (_s, ctx) => (msgs.forEach((m) => ctx.send('b', m)), { done: true }) } } }),
      b: process({ init: {}, receive: { m: (s) => s } }),
    }),
  });
  const engine = new Engine(compile(p));
  const { steps } = engine.successors(engine.initial());
  expect(steps).toHaveLength(1);
  const next = engine.canonical(steps[0].next);
  return { fp: fingerprintOfState(new Writer(), next).join(':'), inFlight: next.queues.flat().map((e) => e[1] as M) };
}

const message = fc.record({ type: fc.constant('m' as const), v: fc.integer({ min: -2, max: 3 }), w: fc.constantFrom('', 'a', 'b') });
/** A list of messages (repeats allowed) and a permutation of it. */
const twoOrders = fc
  .array(message, { minLength: 1, maxLength: 6 })
  .chain((msgs) => fc.tuple(fc.constant(msgs), fc.shuffledSubarray(msgs, { minLength: msgs.length, maxLength: msgs.length })));

const key = (ms: readonly M[]) => JSON.stringify(ms.map((m) => [m.v, m.w]));

describe('canonical form of channel contents', () => {
  it('unordered: the same multiset in any insertion order has the same fingerprint and contents', () => {
    fc.assert(
      fc.property(twoOrders, ([xs, ys]) => {
        const a = afterSending(network.unordered(), xs);
        const b = afterSending(network.unordered(), ys);
        expect(a.fp).toBe(b.fp);
        expect(key(a.inFlight)).toBe(key(b.inFlight));
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['fifo', network.fifo()],
    ['mailbox', network.mailbox()],
  ] as const)('%s: a different insertion order is a different state (same order, same state)', (_name, net) => {
    fc.assert(
      fc.property(twoOrders, ([xs, ys]) => {
        const a = afterSending(net, xs);
        const b = afterSending(net, ys);
        expect(key(a.inFlight)).toBe(key(xs));
        expect(a.fp === b.fp).toBe(key(xs) === key(ys));
      }),
      { numRuns: 150 },
    );
  });

  it('a concrete pair: [1,2] and [2,1] are one unordered state and two FIFO states', () => {
    const m = (v: number): M => ({ type: 'm', v, w: '' });
    expect(afterSending(network.unordered(), [m(1), m(2)]).fp).toBe(afterSending(network.unordered(), [m(2), m(1)]).fp);
    expect(afterSending(network.fifo(), [m(1), m(2)]).fp).not.toBe(afterSending(network.fifo(), [m(2), m(1)]).fp);
  });
});
