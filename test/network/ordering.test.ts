import { describe, expect, it } from 'vitest';
import { network, protocol } from 'mpcheck';
import type { NetworkSpec } from 'mpcheck';
import { run, verdictOf } from '../helpers.ts';
import { walk } from './walk.ts';

/** The ordering axis: per-pair FIFO, per-receiver mailbox, unordered, priority mailbox. */

type M = { type: 'm'; v: string };
const prio = (m: M) => (m.v === 'hi' ? 2 : 1);

/** a sends lo, then hi (one send per step) to b, which appends what it receives. */
function twoMessages(net: NetworkSpec) {
  const { define, process } = protocol<M, 'a' | 'b'>();
  return define({
    name: 'two-messages',
    network: net,
    processes: () => ({
      a: process({
        init: { n: 0 },
        actions: { send: { when: (s) => s.n < 2, then: (s, ctx) => (ctx.send('b', { type: 'm', v: s.n === 0 ? 'lo' : 'hi' }), { n: s.n + 1 }) } },
      }),
      b: process({ init: { got: [] as readonly string[] }, receive: { m: (s, m) => ({ got: [...s.got, m.v] }) } }),
    }),
    properties: (_p, p) => [p.always('fifoOrder', (v) => ['lo', 'hi'].slice(0, v.procs.b.got.length).join() === v.procs.b.got.join())],
  });
}

describe('two messages from one sender', () => {
  // Shared enumeration, state = (a.n, queue, b.got):
  //   sent 0: S0 (0,[],[]).  sent 1: S1 (1,[lo],[]), S2 (1,[],[lo]).
  //   S0 →send S1; S1 → send hi, recv lo; S2 → send hi.
  it.each([
    ['fifo', network.fifo()],
    ['mailbox', network.mailbox()],
    ['priority with equal priorities (FIFO among equals)', network.priority<M>(() => 0)],
  ] as const)('%s: delivered in send order — 6 states, 6 transitions', (_name, net) => {
    //   sent 2: (2,[lo,hi],[]) → recv lo → (2,[hi],[lo]) ← send from S2; → recv hi → (2,[],[lo,hi]).
    //   States 1+2+3 = 6; transitions S0:1 S1:2 S2:1 [lo,hi]:1 [hi]:1 = 6.
    const r = run(twoMessages(net));
    expect(r.stats).toMatchObject({ states: 6, transitions: 6, depth: 4 });
    expect(verdictOf(r, 'fifoOrder')).toBe('holds');
  });

  it('unordered: either message may be delivered first — 8 states, 8 transitions', () => {
    //   sent 2: {lo,hi} (from S1) → recv lo → ([hi],[lo]) (also from S2), recv hi → ([lo],[hi]);
    //   ([hi],[lo]) → (·,[lo,hi]); ([lo],[hi]) → (·,[hi,lo]). 5 states at sent 2: 1+2+5 = 8;
    //   transitions S0:1 S1:2 S2:1 {lo,hi}:2 ([hi],[lo]):1 ([lo],[hi]):1 = 8.
    const r = run(twoMessages(network.unordered()));
    expect(r.stats).toMatchObject({ states: 8, transitions: 8 });
    expect(verdictOf(r, 'fifoOrder')).toBe('violated');
    expect(walk(twoMessages(network.unordered()), ['a: send', 'a: send']).texts).toEqual(['b: receive m from a', 'b: receive m from a']);
  });

  it('priority: the higher priority is delivered first whenever both are waiting — 8 states, 7 transitions', () => {
    //   sent 2 from S1: the mailbox holds [hi,lo] (hi jumps ahead) → recv hi → ([lo],[hi]) → (·,[hi,lo]).
    //   From S2 (lo already taken): ([hi],[lo]) → (·,[lo,hi]). 5 states at sent 2: 1+2+5 = 8;
    //   transitions S0:1 S1:2 S2:1 [hi,lo]:1 ([lo],[hi]):1 ([hi],[lo]):1 = 7 — one fewer than unordered:
    //   lo cannot be taken while hi waits.
    const p = twoMessages(network.priority(prio));
    const r = run(p);
    expect(r.stats).toMatchObject({ states: 8, transitions: 7 });
    expect(verdictOf(r, 'fifoOrder')).toBe('violated');
    const t = r.properties.find((x) => x.name === 'fifoOrder')!.trace!;
    expect(t.steps.map((s) => s.text)).toEqual(['a: send', 'a: send', 'b: receive m from a']);
    expect(t.steps[1].state.inFlight.map((f) => f.msg)).toEqual([{ type: 'm', v: 'hi' }, { type: 'm', v: 'lo' }]);
    expect(walk(p, ['a: send', 'a: send']).steps.map((s) => s.label)).toMatchObject([{ kind: 'deliver', msg: { v: 'hi' }, index: 0 }]);
  });
});

/** a sends x and c sends y (one step each) to b, which appends what it receives. */
function twoSenders(net: NetworkSpec) {
  const { define, process } = protocol<M, 'a' | 'b' | 'c'>();
  const sender = (v: string) =>
    process({ init: { sent: false }, actions: { send: { when: (s) => !s.sent, then: (_s, ctx) => (ctx.send('b', { type: 'm', v }), { sent: true }) } } });
  return define({
    name: 'two-senders',
    network: net,
    processes: () => ({
      a: sender('x'),
      b: process({ init: { got: [] as readonly string[] }, receive: { m: (s, m) => ({ got: [...s.got, m.v] }) } }),
      c: sender('y'),
    }),
  });
}

describe('two senders, one receiver', () => {
  // Each message is unsent (U), queued (Q) or delivered (D); write (x,y).
  it.each([
    ['fifo (one queue per pair)', network.fifo()],
    ['unordered', network.unordered()],
  ] as const)('%s: b may take either head — 10 states, 12 transitions', (_name, net) => {
    // (x,y) ∈ {U,Q,D}² = 9, and DD splits by b's order [x,y] / [y,x]: 10 states.
    // Every non-D message has one move (send or receive): UU 2, UQ 2, UD 1, QU 2, QQ 2, QD 1, DU 1, DQ 1 = 12.
    expect(run(twoSenders(net)).stats).toMatchObject({ states: 10, transitions: 12 });
    expect(walk(twoSenders(net), ['a: send', 'c: send']).texts).toEqual(['b: receive m from a', 'b: receive m from c']);
  });

  it('mailbox (one FIFO per receiver): arrival order is kept — 11 states, 12 transitions', () => {
    // As above, but QQ splits by arrival order: mailbox [x,y] or [y,x] (11 states), and from each
    // only the head can be received (QQ: 1 + 1 instead of 2): UU 2, UQ 2, UD 1, QU 2, QQxy 1, QQyx 1, QD 1, DU 1, DQ 1 = 12.
    const p = twoSenders(network.mailbox());
    expect(run(p).stats).toMatchObject({ states: 11, transitions: 12 });
    expect(walk(p, ['a: send', 'c: send']).texts).toEqual(['b: receive m from a']);
    expect(walk(p, ['c: send', 'a: send']).texts).toEqual(['b: receive m from c']);
  });

  it('priority mailbox: y (higher) first whenever both wait, whatever the arrival order — 10 states, 11 transitions', () => {
    // As fifo, but QQ is one state, the mailbox [y,x], and only y can be taken from it:
    // UU 2, UQ 2, UD 1, QU 2, QQ 1, QD 1, DU 1, DQ 1 = 11.
    const p = twoSenders(network.priority<M>((m) => (m.v === 'y' ? 2 : 1)));
    expect(run(p).stats).toMatchObject({ states: 10, transitions: 11 });
    expect(walk(p, ['a: send', 'c: send']).texts).toEqual(['b: receive m from c']);
  });
});
