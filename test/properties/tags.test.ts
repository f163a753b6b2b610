import { describe, expect, it } from 'vitest';
import { protocol } from 'mpcheck';
import type { Monitor, Property, Value, Violation } from 'mpcheck';
import { run, verdictOf } from '../helpers.ts';

type G = { readonly sent: number; readonly next: number };

/** Raw-channel FIFO for one pair, built on message tags: each send is numbered, each receipt must be the next number. */
const numbered: Monitor = {
  init: { sent: 0, next: 0 },
  step: (g, f): Value | Violation => {
    const s = g as G;
    if (f.received && f.received.tag !== s.next) return { violation: `received #${String(f.received.tag)} while #${s.next} was due` };
    const next = f.received ? s.next + 1 : s.next;
    return { sent: s.sent + f.sends.filter((x) => x.outcome === 'queued').length, next };
  },
  tag: (g) => (g as G).sent - 1,
};
const inOrder: Property<unknown> = { name: 'inOrder', kind: 'monitor', description: 'deliveries follow send order', monitor: numbered };

type Msg = { type: 'm' };
const { define, process } = protocol<Msg, 'a' | 'b'>();
const twoSends = (reorder: number) =>
  define({
    name: 'two-sends',
    faults: { reorder },
    processes: () => ({
      a: process({ init: { n: 0 }, actions: { send: { when: (s) => s.n < 2, then: (s, ctx) => (ctx.send('b', { type: 'm' }), { n: s.n + 1 }) } } }),
      b: process({ init: { n: 0 }, receive: { m: (s) => ({ n: s.n + 1 }) } }),
    }),
    properties: [inOrder],
  });

describe('monitor tags on messages in flight', () => {
  it('numbers identical messages so that a reorder is seen', () => {
    expect(verdictOf(run(twoSends(0)), 'inOrder')).toBe('holds');
    const r = run(twoSends(1));
    expect(verdictOf(r, 'inOrder')).toBe('violated');
    const t = r.properties.find((p) => p.name === 'inOrder')!.trace!;
    expect(t.steps.map((s) => s.text)).toEqual(['a: send', 'a: send', 'reorder m a->b', 'b: receive m from a']);
    expect(t.steps[3].violations).toEqual(['inOrder: received #1 while #0 was due']);
  });

  it('adds no states where the ghost mirrors the protocol state', () => {
    // a sends 0..2 messages, b receives: states (sent, received) with received ≤ sent ≤ 2 = 6;
    // the monitor's counters and tags are functions of those, so the count stays 6.
    expect(run(twoSends(0)).stats.states).toBe(6);
  });
});
