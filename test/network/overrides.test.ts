import { describe, expect, it } from 'vitest';
import { SpecError, network, protocol } from 'mpcheck';
import type { FaultBudget, NetworkSpec } from 'mpcheck';
import { run } from '../helpers.ts';

/** Per-link channel semantics: `{ default, 'a->b': …, 'a->*': …, '*->b': … }`. */

type M = { type: 'm'; v: string };

/** a sends x then y to b, and x then y to c, all in one step; b and c append what they receive. */
function fanOut(net: NetworkSpec, faults: FaultBudget = {}) {
  const { define, process } = protocol<M, 'a' | 'b' | 'c'>();
  const sink = () => process({ init: { got: [] as readonly string[] }, receive: { m: (s, m) => ({ got: [...s.got, m.v] }) } });
  return define({
    name: 'fan-out',
    network: net,
    faults,
    processes: () => ({
      a: process({
        init: { sent: false },
        actions: {
          go: {
            when: (s) => !s.sent,
            then: (_s, ctx) => {
              for (const to of ['b', 'c'] as const) for (const v of ['x', 'y']) ctx.send(to, { type: 'm', v });
              return { sent: true };
            },
          },
        },
      }),
      b: sink(),
      c: sink(),
    }),
  });
}

// After `go` each link evolves on its own, so the state space is the initial state plus the product
// of the two links' graphs: states 1 + Nb·Nc, transitions 1 + Eb·Nc + Nb·Ec.
// FIFO link: [x,y] → ([y],[x]) → ([],[x,y]): N = 3, E = 2.
// Unordered link: {x,y} → ([y],[x]) | ([x],[y]); then ([],[x,y]) | ([],[y,x]): N = 5, E = 4.
describe('ordering per link', () => {
  it.each([
    ['fifo everywhere', network.fifo(), 10, 13], // 1 + 3·3, 1 + 2·3 + 3·2
    ['a->b unordered, the rest fifo', { default: network.fifo(), 'a->b': network.unordered() }, 16, 23], // 1 + 5·3, 1 + 4·3 + 5·2
    ['*->c unordered, the rest fifo', { default: network.fifo(), '*->c': network.unordered() }, 16, 23],
    ['a->* unordered', { default: network.fifo(), 'a->*': network.unordered() }, 26, 41], // 1 + 5·5, 1 + 4·5·2
    ['unordered everywhere', network.unordered(), 26, 41],
    ["the exact key wins over 'a->*': a->b fifo, a->c unordered", { default: network.fifo(), 'a->*': network.unordered(), 'a->b': network.fifo() }, 16, 23],
    ["'a->*' wins over '*->c'", { default: network.unordered(), 'a->*': network.fifo(), '*->c': network.unordered() }, 10, 13],
  ] as const)('%s: %i states, %i transitions', (_name, net, states, transitions) => {
    const r = run(fanOut(net as NetworkSpec));
    expect(r.stats).toMatchObject({ states, transitions });
    expect(r.complete).toBe(true);
  });

  it("'*->b' mailbox: one buffer for every sender, its capacity counts both of a's messages", () => {
    // capacity 2: x and y fit, b's mailbox behaves as the FIFO link did: 10 states, 13 transitions.
    expect(run(fanOut({ default: network.fifo(), '*->b': network.mailbox({ capacity: 2 }) })).stats).toMatchObject({ states: 10, transitions: 13 });
    // capacity 1 (blocking): go cannot place y, so it is never enabled: the initial state alone.
    expect(run(fanOut({ default: network.fifo(), '*->b': network.mailbox({ capacity: 1 }) })).stats).toMatchObject({ states: 1, transitions: 0 });
  });

  it('links into one mailbox must agree on its semantics', () => {
    // b's mailbox is created by a->b (capacity 2); b->b, the next link into it, resolves to the default (unbounded).
    expect(() => run(fanOut({ default: network.mailbox(), 'a->b': network.mailbox({ capacity: 2 }) }))).toThrow(
      "links a->b and b->b share b's mailbox but give it different semantics",
    );
    expect(() => run(fanOut({ default: network.mailbox(), 'a->b': network.priority<M>(() => 0) }))).toThrow("links a->b and b->b share b's mailbox");
  });

  it('an override naming an unknown process is a spec error', () => {
    expect(() => run(fanOut({ default: network.fifo(), 'a->d': network.unordered() }))).toThrow(SpecError);
    expect(() => run(fanOut({ default: network.fifo(), 'a->d': network.unordered() }))).toThrow(/network override 'a->d' names unknown process 'd'/);
  });
});

describe('fault opt-out per link', () => {
  // A lossy FIFO link with the shared budget of 1 loss: normal configurations F0 [x,y], F1 ([y],[x]), F2 ([],[x,y])
  // and, after its loss, L1 ([y],[]) L2 ([x],[]) L3 ([],[x]) L4 ([],[y]): 7 configurations.
  // Edges: F0: recv, lose x, lose y; F1: recv, lose y; L1: recv; L2: recv (→ L3). 7 edges.
  it('both links lossy, one shared loss: 34 states, 59 transitions', () => {
    // States: at most one link has lost: 3·3 + 4·3 + 3·4 = 33, plus the initial state = 34.
    // Transitions: both normal: each of 3·3 states has out(b) + out(c) with losses, Σ = 3·(3+2) + 3·(3+2) = 30;
    // b lost (4·3 states), no loss left: b's L-edges (L1, L2: 2) × 3 + c's recv edges (F0, F1: 2) × 4 = 14; symmetric 14.
    // 1 + 30 + 14 + 14 = 59.
    expect(run(fanOut(network.fifo(), { lose: 1 })).stats).toMatchObject({ states: 34, transitions: 59 });
  });

  it("a->b opts out of loss ({ lose: false }): only a->c can lose — 22 states, 36 transitions", () => {
    // b's link: 3 configurations, 2 edges; c's link: the 7 lossy configurations and 7 edges.
    // States 1 + 3·7 = 22; transitions 1 + 2·7 + 3·7 = 36.
    const r = run(fanOut({ default: network.fifo(), 'a->b': network.fifo({ lose: false }) }, { lose: 1 }));
    expect(r.stats).toMatchObject({ states: 22, transitions: 36 });
  });

  it('duplicate and reorder opt out the same way', () => {
    // Opting every fault out on every link leaves the fault-free space.
    const off = network.fifo({ lose: false, duplicate: false, reorder: false });
    expect(run(fanOut(off, { lose: 1, duplicate: 1, reorder: 1 })).stats).toMatchObject({ states: 10, transitions: 13 });
    // reorder on a->c only: c's link gains R1 ([y,x],[],1) → ([x],[y]) → ([],[y,x]) and one edge F0→R1:
    // c has 6 configurations, 5 edges; b (opted out) 3 and 2. States 1 + 3·6 = 19; transitions 1 + 2·6 + 3·5 = 28.
    const r = run(fanOut({ default: network.fifo(), 'a->b': network.fifo({ reorder: false }) }, { reorder: 1 }));
    expect(r.stats).toMatchObject({ states: 19, transitions: 28 });
  });
});
