import { describe, expect, it } from 'vitest';
import { network, protocol } from 'mpcheck';
import type { OnFull } from 'mpcheck';
import { run, verdictOf } from '../helpers.ts';
import { walk } from './walk.ts';

/** The blocking axis: bounded buffers (block / drop / fail), rendezvous, selective and non-blocking receive, timeouts. */

type M = { type: 'm'; v: string };

/** a sends x then y (one send per step) into a FIFO buffer of capacity 1; b appends what it receives. */
function bounded(onFull: OnFull) {
  const { define, process } = protocol<M, 'a' | 'b'>();
  return define({
    name: `bounded-${onFull}`,
    network: network.fifo({ capacity: 1, onFull }),
    processes: () => ({
      a: process({
        init: { n: 0, full: false },
        actions: {
          send: {
            when: (s) => s.n < 2,
            then: (s, ctx) => (ctx.send('b', { type: 'm', v: s.n === 0 ? 'x' : 'y' }) ? { ...s, n: s.n + 1 } : { ...s, full: true }),
          },
        },
        end: () => true,
      }),
      b: process({ init: { got: [] as readonly string[] }, receive: { m: (s, m) => ({ got: [...s.got, m.v] }) }, end: () => true }),
    }),
    properties: (_p, p) => [
      p.always('noLoss', (v) => !(v.procs.a.n === 2 && v.inFlight.length === 0) || v.procs.b.got.join() === 'x,y'),
      p.sometimes('sendFailed', (v) => v.procs.a.full),
    ],
  });
}

describe('bounded buffer of capacity 1', () => {
  it('block: the second send is not enabled while the buffer is full — 5 states, 4 transitions', () => {
    // (a.n, queue, b.got): S0 (0,[],[]) →send S1 (1,[x],[]).
    // S1: send y would not fit, so the step is not enabled; only recv x → S2 (1,[],[x]).
    // S2 →send S3 (2,[y],[x]) →recv S4 (2,[],[x,y]). A single path: 5 states, 4 transitions, depth 4.
    const r = run(bounded('block'));
    expect(r.stats).toMatchObject({ states: 5, transitions: 4, depth: 4 });
    expect(r.complete).toBe(true);
    expect(walk(bounded('block'), ['a: send']).texts).toEqual(['b: receive m from a']);
    expect(verdictOf(r, 'noLoss')).toBe('holds');
    expect(verdictOf(r, 'sendFailed')).toBe('violated');
  });

  it('drop: the send goes through and the message is lost, shown as dropped — 7 states, 6 transitions', () => {
    // S0 →send S1 (1,[x],[]). S1: send y is dropped → S2' (2,[x],[]) | recv x → S2 (1,[],[x]).
    // S2' →recv S5 (2,[],[x]): y is gone. S2 →send S3 (2,[y],[x]) →recv S4 (2,[],[x,y]).
    // States S0 S1 S2 S2' S3 S4 S5 = 7; transitions 1+2+1+1+1 = 6.
    const r = run(bounded('drop'));
    expect(r.stats).toMatchObject({ states: 7, transitions: 6 });
    expect(r.complete).toBe(true);
    expect(verdictOf(r, 'noLoss')).toBe('violated');
    expect(verdictOf(r, 'sendFailed')).toBe('violated'); // ctx.send returned true: the sender cannot tell
    const t = r.properties.find((p) => p.name === 'noLoss')!.trace!;
    expect(t.steps.map((s) => s.text)).toEqual(['a: send', 'a: send', 'b: receive m from a']);
    expect(t.steps[1].sends).toEqual([{ from: 'a', to: 'b', msg: { type: 'm', v: 'y' }, outcome: 'dropped-full' }]);
    expect(t.steps[1].state.inFlight).toEqual([{ from: 'a', to: 'b', msg: { type: 'm', v: 'x' } }]);
  });

  it('fail: ctx.send returns false and the handler sees it — 9 states, 9 transitions', () => {
    // State (a.n, a.full, queue, b.got). S0 (0,F,[],[]) →send S1 (1,F,[x],[]).
    // S1: send y fails (n stays 1, full=T) → S2 (1,T,[x],[]) | recv → S3 (1,F,[],[x]).
    // S2: send fails again → S2 (a self-loop, counted) | recv → S4 (1,T,[],[x]).
    // S3 →send S5 (2,F,[y],[x]) →recv S7 (2,F,[],[x,y]); S4 →send S6 (2,T,[y],[x]) →recv S8 (2,T,[],[x,y]).
    // 9 states; transitions 1+2+2+1+1+1+1 = 9. No message is ever lost.
    const r = run(bounded('fail'));
    expect(r.stats).toMatchObject({ states: 9, transitions: 9 });
    expect(r.complete).toBe(true);
    expect(verdictOf(r, 'noLoss')).toBe('holds');
    expect(verdictOf(r, 'sendFailed')).toBe('holds');
    const t = r.properties.find((p) => p.name === 'sendFailed')!.trace!;
    expect(t.steps.map((s) => s.text)).toEqual(['a: send', 'a: send']);
    expect(t.steps[1].sends).toEqual([{ from: 'a', to: 'b', msg: { type: 'm', v: 'y' }, outcome: 'failed-full' }]);
    expect(t.steps[1].state.procs.a).toEqual({ n: 1, full: true });
  });
});

type H = { type: 'hello'; k: number };

/** a sends hello 0 and hello 1 synchronously; b, when `guarded`, only takes a message after it has opened. */
function rendezvous(guarded: boolean) {
  const { define, process } = protocol<H, 'a' | 'b'>();
  return define({
    name: 'rendezvous',
    network: network.sync(),
    processes: () => ({
      a: process({
        init: { n: 0 },
        actions: { send: { when: (s) => s.n < 2, then: (s, ctx) => (ctx.send('b', { type: 'hello', k: s.n }), { n: s.n + 1 }) } },
        end: (s) => s.n === 2,
      }),
      b: process({
        init: { open: !guarded, got: [] as readonly number[] },
        actions: { open: { when: (s) => !s.open && s.got.length < 2, then: (s) => ({ ...s, open: true }) } },
        receive: { hello: { when: (s) => s.open, then: (s, m) => ({ open: !guarded, got: [...s.got, m.k] }) } },
        end: (s) => s.got.length === 2,
      }),
    }),
    properties: (_p, p) => [p.always('inStep', (v) => v.procs.a.n === v.procs.b.got.length && v.inFlight.length === 0), p.noDeadlock()],
  });
}

describe('synchronous rendezvous', () => {
  it('sender and receiver take one joint step; nothing is ever in flight — 3 states, 2 transitions', () => {
    // (a.n, b.got): (0,[]) →send+recv (1,[0]) →send+recv (2,[0,1]).
    const r = run(rendezvous(false));
    expect(r.stats).toMatchObject({ states: 3, transitions: 2 });
    expect(verdictOf(r, 'inStep')).toBe('holds');
    expect(verdictOf(r, 'noDeadlock')).toBe('holds');
    const first = walk(rendezvous(false)).steps;
    expect(first.map((s) => s.sends)).toEqual([[{ from: 'a', to: 'b', msg: { type: 'hello', k: 0 }, outcome: 'rendezvous' }]]);
  });

  it('a receiver guard that refuses disables the send — 5 states, 4 transitions', () => {
    // (a.n, b.open, b.got): S0 (0,F,[]) — a's send is not enabled (b refuses), only b: open → S1 (0,T,[]).
    // S1 →send S2 (1,F,[0]) →open S3 (1,T,[0]) →send S4 (2,F,[0,1]); open needs got < 2, so S4 is final.
    const r = run(rendezvous(true));
    expect(r.stats).toMatchObject({ states: 5, transitions: 4, depth: 4 });
    expect(walk(rendezvous(true)).texts).toEqual(['b: open']);
    expect(walk(rendezvous(true), ['b: open']).texts).toEqual(['a: send']);
    expect(verdictOf(r, 'inStep')).toBe('holds');
    expect(verdictOf(r, 'noDeadlock')).toBe('holds');
  });
});

type XY = { type: 'x' } | { type: 'y'; k: number };

describe('selective receive', () => {
  const { define, process } = protocol<XY, 'a' | 'b'>();
  const selective = define({
    name: 'selective',
    processes: () => ({
      a: process({
        init: { sent: false },
        actions: {
          go: {
            when: (s) => !s.sent,
            then: (_s, ctx) => (ctx.send('b', { type: 'x' }), ctx.send('b', { type: 'y', k: 1 }), ctx.send('b', { type: 'y', k: 2 }), { sent: true }),
          },
        },
      }),
      b: process({
        init: { got: [] as readonly string[] },
        receive: {
          x: { when: (s) => s.got.length === 2, then: (s) => ({ got: [...s.got, 'x'] }) },
          y: (s, m) => ({ got: [...s.got, `y${m.k}`] }),
        },
      }),
    }),
  });

  it('a message the guard rejects stays queued; the first acceptable one in queue order is taken — 5 states, 4 transitions', () => {
    // S0 →go S1 (queue [x,y1,y2]). b's x guard rejects x until b has two messages, so in S1 the
    // only delivery is y1 (index 1) — not y2, which is behind it → S2 ([x,y2], [y1]) → S3 ([x], [y1,y2]);
    // now x is acceptable → S4 ([], [y1,y2,x]). A single path: 5 states, 4 transitions.
    const r = run(selective);
    expect(r.stats).toMatchObject({ states: 5, transitions: 4 });
    const s1 = walk(selective, ['a: go']);
    expect(s1.steps).toHaveLength(1);
    expect(s1.steps[0].label).toMatchObject({ kind: 'deliver', process: 'b', from: 'a', msg: { type: 'y', k: 1 }, index: 1 });
    const s2 = walk(selective, ['a: go', 'b: receive y from a']);
    expect(s2.texts).toEqual(['b: receive y from a']);
    expect(s2.path[1].next.queues.flat().map((e) => e[1])).toEqual([{ type: 'x' }, { type: 'y', k: 2 }]);
  });
});

describe('non-blocking receive', () => {
  type X = { type: 'x' };
  const { define, process } = protocol<X, 'a' | 'b'>();
  const poller = define({
    name: 'non-blocking',
    processes: () => ({
      a: process({ init: { sent: false }, actions: { send: { when: (s) => !s.sent, then: (_s, ctx) => (ctx.send('b', { type: 'x' }), { sent: true }) } } }),
      b: process({
        init: { idled: false, got: false },
        actions: { idle: { when: (s, ctx) => ctx.mailboxEmpty() && !s.idled, then: (s) => ({ ...s, idled: true }) } },
        receive: { x: (s) => ({ ...s, got: true }) },
      }),
    }),
  });

  it('an action guarded on ctx.mailboxEmpty() is the "nothing there" branch — 6 states, 6 transitions', () => {
    // (a.sent, queue, b.idled, b.got): S0 (F,[],F,F): a sends → S1 (T,[x],F,F) | b idles (mailbox empty) → S2 (F,[],T,F).
    // S1: idle is not enabled (x is waiting); recv → S3 (T,[],F,T). S2: send → S4 (T,[x],T,F).
    // S3: idle → S5 (T,[],T,T). S4: recv → S5. States 6; transitions 2+1+1+1+1 = 6.
    const r = run(poller);
    expect(r.stats).toMatchObject({ states: 6, transitions: 6 });
    expect(walk(poller).texts).toEqual(['a: send', 'b: idle']);
    expect(walk(poller, ['a: send']).texts).toEqual(['b: receive x from a']);
  });
});

describe('timeouts', () => {
  type X = { type: 'x' };
  const { define, process } = protocol<X, 'a' | 'b'>();
  const timer = (mode: true | 'quiescent' | 'anytime', specDefault?: 'quiescent' | 'anytime') =>
    define({
      name: 'timeouts',
      ...(specDefault ? { timeouts: specDefault } : {}),
      processes: () => ({
        a: process({
          init: { sent: false, ticked: false },
          actions: {
            send: { when: (s) => !s.sent, then: (s, ctx) => (ctx.send('b', { type: 'x' }), { ...s, sent: true }) },
            tick: { timeout: mode, when: (s) => !s.ticked, then: (s) => ({ ...s, ticked: true }) },
          },
        }),
        b: process({ init: { got: false }, receive: { x: () => ({ got: true }) } }),
      }),
      properties: (_p, p) => [p.sometimes('tickedEarly', (v) => v.procs.a.ticked && !v.procs.b.got)],
    });

  it('quiescent: fires only when no other protocol step is enabled — 4 states, 3 transitions', () => {
    // (sent, ticked, queue, got): (F,F,[],F) →send (T,F,[x],F) →recv (T,F,[],T) →tick (T,T,[],T).
    // The tick is not enabled before: the send, then the delivery, are enabled.
    for (const mode of [true, 'quiescent'] as const) {
      const r = run(timer(mode));
      expect(r.stats).toMatchObject({ states: 4, transitions: 3 });
      expect(verdictOf(r, 'tickedEarly')).toBe('violated');
    }
    expect(walk(timer(true), ['a: send', 'b: receive x from a']).texts).toEqual(['a: timeout tick']);
  });

  it('anytime: fires whenever its guard holds — 6 states, 7 transitions', () => {
    // S0 (F,F,[],F): send → S1 (T,F,[x],F) | tick → S4 (F,T,[],F).
    // S1: recv → S2 (T,F,[],T) | tick → S5 (T,T,[x],F). S2: tick → S3 (T,T,[],T).
    // S4: send → S5. S5: recv → S3. States 6; transitions 2+2+1+1+1 = 7.
    const r = run(timer('anytime'));
    expect(r.stats).toMatchObject({ states: 6, transitions: 7 });
    expect(verdictOf(r, 'tickedEarly')).toBe('holds');
    expect(walk(timer('anytime')).texts).toEqual(['a: send', 'a: timeout tick']);
  });

  it("the spec's `timeouts` sets what `timeout: true` means", () => {
    expect(run(timer(true, 'anytime')).stats).toMatchObject({ states: 6, transitions: 7 });
    expect(run(timer(true, 'quiescent')).stats).toMatchObject({ states: 4, transitions: 3 });
    // an explicit mode wins over the spec's default
    expect(run(timer('quiescent', 'anytime')).stats).toMatchObject({ states: 4, transitions: 3 });
  });
});
