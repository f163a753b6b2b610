import { describe, expect, it } from 'vitest';
import { network, protocol } from 'mpcheck';
import type { FaultBudget, NetworkSpec } from 'mpcheck';
import { run, verdictOf } from '../helpers.ts';
import { walk } from './walk.ts';

/** The reliability axis: each fault kind with its budget. */

type M = { type: 'm'; v: string };

/** a sends x and y to b in one step; b appends what it receives. */
function pair(faults: FaultBudget, net: NetworkSpec = network.fifo()) {
  const { define, process } = protocol<M, 'a' | 'b'>();
  return define({
    name: 'pair',
    network: net,
    faults,
    processes: () => ({
      a: process({ init: { sent: false }, actions: { go: { when: (s) => !s.sent, then: (_s, ctx) => (ctx.send('b', { type: 'm', v: 'x' }), ctx.send('b', { type: 'm', v: 'y' }), { sent: true }) } } }),
      b: process({ init: { got: [] as readonly string[] }, receive: { m: (s, m) => ({ got: [...s.got, m.v] }) } }),
    }),
  });
}

/** a sends one x to b; b counts what it receives. */
function single(faults: FaultBudget, net: NetworkSpec = network.fifo(), crashMailbox: 'keep' | 'drop' = 'keep') {
  const { define, process } = protocol<{ type: 'x' }, 'a' | 'b'>();
  return define({
    name: 'single',
    network: net,
    faults,
    crashMailbox,
    processes: () => ({
      a: process({
        init: { sent: false },
        persistent: ['sent'],
        actions: { send: { when: (s) => !s.sent, then: (_s, ctx) => (ctx.send('b', { type: 'x' }), { sent: true }) } },
        end: () => true,
      }),
      b: process({ init: { got: 0 }, receive: { x: (s) => ({ got: s.got + 1 }) }, end: () => true }),
    }),
    properties: (_p, p) => [p.always('delivered', (v) => !(v.procs.a.sent && v.inFlight.length === 0 && v.down.length === 0) || v.procs.b.got > 0), p.noDeadlock()],
  });
}

describe('lose', () => {
  it('budget 1: 8 states, 8 transitions', () => {
    // (queue, b.got, losses). S0 →go S1 ([x,y],[],0).
    // S1: recv x → S2 ([y],[x],0) | lose x → L1 ([y],[],1) | lose y → L2 ([x],[],1).
    // S2: recv y → S3 ([],[x,y],0) | lose y → L3 ([],[x],1). L1: recv → L4 ([],[y],1). L2: recv → L3.
    // States S0 S1 S2 S3 L1 L2 L3 L4 = 8; transitions 1+3+2+1+1 = 8.
    expect(run(pair({ lose: 1 })).stats).toMatchObject({ states: 8, transitions: 8 });
  });

  it('budget 2: one more state (both lost), 10 transitions', () => {
    // As budget 1, plus L1: lose y → LL ([],[],2) and L2: lose x → LL. 9 states, 8+2 = 10 transitions.
    expect(run(pair({ lose: 2 })).stats).toMatchObject({ states: 9, transitions: 10 });
  });

  it('the trace shows the loss', () => {
    const r = run(single({ lose: 1 }));
    expect(verdictOf(r, 'delivered')).toBe('violated');
    const t = r.properties.find((p) => p.name === 'delivered')!.trace!;
    expect(t.steps.map((s) => [s.text, s.fault])).toEqual([['a: send', false], ['lose x a->b', true]]);
    expect(t.steps[1].state.faults).toMatchObject({ lose: 1 });
  });
});

describe('duplicate', () => {
  it('budget 1: 6 states, 5 transitions', () => {
    // (queue, b.got, dups). S0 →send S1 ([x],0,0). S1: recv → S2 ([],1,0) | dup → D1 ([x,x],0,1).
    // D1 →recv D2 ([x],1,1) →recv D3 ([],2,1). 6 states; transitions 1+2+1+1 = 5.
    const r = run(single({ duplicate: 1 }));
    expect(r.stats).toMatchObject({ states: 6, transitions: 5 });
  });

  it('budget 2: 10 states, 11 transitions', () => {
    // S0 →S1. S1: recv → S2 ([],1,0) | dup → D1 ([x,x],0,1).
    // D1: recv → D2 ([x],1,1) | dup x@0 → T1 ([x,x,x],0,2) | dup x@1 → T1 (same state, second transition).
    // D2: recv → D3 ([],2,1) | dup → E1 ([x,x],1,2). T1: recv → E1. E1 →recv E2 ([x],2,2) →recv E3 ([],3,2).
    // States S0 S1 S2 D1 D2 D3 T1 E1 E2 E3 = 10; transitions 1+2+3+2+1+1+1 = 11.
    expect(run(single({ duplicate: 2 })).stats).toMatchObject({ states: 10, transitions: 11 });
  });

  it('never into a full buffer: capacity 1 allows no duplicate — 3 states, 2 transitions', () => {
    expect(run(single({ duplicate: 1 }, network.fifo({ capacity: 1 }))).stats).toMatchObject({ states: 3, transitions: 2 });
  });

  it('capacity 2, budget 2: the second duplicate only once the buffer has room — 9 states, 8 transitions', () => {
    // As budget 2 above, but D1 ([x,x]) is full: no dup there, so no T1. D2 ([x],1,1) may duplicate → E1 ([x,x],1,2).
    // States S0 S1 S2 D1 D2 D3 E1 E2 E3 = 9; transitions S0:1 S1:2 D1:1 D2:2 E1:1 E2:1 = 8.
    expect(run(single({ duplicate: 2 }, network.fifo({ capacity: 2 }))).stats).toMatchObject({ states: 9, transitions: 8 });
  });
});

describe('reorder', () => {
  it('budget 1 on a FIFO channel: 7 states, 6 transitions', () => {
    // S0 →go S1 ([x,y],[],0). S1: recv x → S2 ([y],[x]) → S3 ([],[x,y]) | reorder (y overtakes x) → R1 ([y,x],[],1).
    // R1 →recv R2 ([x],[y],1) →recv R3 ([],[y,x],1). 7 states; transitions 1+2+1+1+1 = 6.
    expect(run(pair({ reorder: 1 })).stats).toMatchObject({ states: 7, transitions: 6 });
    expect(walk(pair({ reorder: 1 }), ['a: go']).texts).toEqual(['b: receive m from a', 'reorder m a->b']);
  });

  it('budget 2: swapping back is a new state (a fault was spent) — 10 states, 9 transitions', () => {
    // As budget 1, plus R1: reorder → R1' ([x,y],[],2) →recv ([y],[x],2) →recv ([],[x,y],2): 10 states, 6+3 = 9 transitions.
    expect(run(pair({ reorder: 2 })).stats).toMatchObject({ states: 10, transitions: 9 });
  });

  it.each([
    // unordered: S0 →go {x,y} → ([y],[x]) | ([x],[y]) → ([],[x,y]) | ([],[y,x]): 6 states, 5 transitions.
    ['unordered', network.unordered(), 6, 5],
    // priority (y first): S0 →go [y,x] → ([x],[y]) → ([],[y,x]): 4 states, 3 transitions.
    ['priority', network.priority<M>((m) => (m.v === 'y' ? 1 : 0)), 4, 3],
  ] as const)('does not apply to a %s channel (its order is not FIFO to begin with)', (_name, net, states, transitions) => {
    expect(run(pair({}, net)).stats).toMatchObject({ states, transitions });
    expect(run(pair({ reorder: 1 }, net)).stats).toMatchObject({ states, transitions });
  });
});

/** One process counting to 2; a crash resets whatever is not persistent. */
function counter(faults: FaultBudget, persistent: boolean, recover = false) {
  const { define, process } = protocol<{ type: 'none' }, 'a'>();
  return define({
    name: 'counter',
    faults,
    processes: () => ({
      a: process({
        init: { n: 0, recovered: false },
        ...(persistent ? { persistent: ['n' as const] } : {}),
        ...(recover ? { recover: (_kept: Partial<{ n: number; recovered: boolean }>, init: { n: number; recovered: boolean }) => ({ ...init, recovered: true }) } : {}),
        actions: { inc: { when: (s) => s.n < 2, then: (s) => ({ ...s, n: s.n + 1 }) } },
        end: (s) => s.n === 2,
      }),
    }),
    properties: (_p, p) => [p.sometimes('recovered', (v) => v.procs.a.recovered), p.noDeadlock()],
  });
}

describe('crash and restart', () => {
  it('no crash: 3 states, 2 transitions', () => {
    expect(run(counter({}, false)).stats).toMatchObject({ states: 3, transitions: 2 });
  });

  it('budget 1, volatile state: 7 states, 8 transitions', () => {
    // (n, down, crashes). Up, 0 crashes: n = 0,1,2 (3 states; 2 incs, and a crash from each).
    // Every crash resets n to 0: one down state D (0, down, 1) → restart → U0 (0, up, 1) → U1 → U2.
    // States 3+1+3 = 7; transitions (2 inc + 3 crash) + 1 restart + 2 inc = 8.
    const r = run(counter({ crash: 1 }, false));
    expect(r.stats).toMatchObject({ states: 7, transitions: 8 });
    expect(verdictOf(r, 'noDeadlock')).toBe('holds');
  });

  it('budget 1, persistent n: 9 states, 10 transitions', () => {
    // The crash keeps n: down states D0 D1 D2, each → restart → U0 U1 U2 (n kept), U0 → U1 → U2.
    // States 3+3+3 = 9; transitions (2 inc + 3 crash) + 3 restarts + 2 inc = 10.
    expect(run(counter({ crash: 1 }, true)).stats).toMatchObject({ states: 9, transitions: 10 });
  });

  it('budget 2, volatile: 11 states, 14 transitions', () => {
    // Up states for 0, 1, 2 crashes (3 each), a down state after the 1st and the 2nd crash (2).
    // Transitions: 0 crashes: 2 inc + 3 crash; D1: restart; 1 crash: 2 inc + 3 crash; D2: restart; 2 crashes: 2 inc = 14.
    expect(run(counter({ crash: 2 }, false)).stats).toMatchObject({ states: 11, transitions: 14 });
  });

  it('a down process takes no step but its restart, which is a protocol step', () => {
    const here = walk(counter({ crash: 1 }, false), ['a: inc', 'crash a']);
    expect(here.texts).toEqual(['restart a']);
    expect(here.protocolSteps).toBe(1);
    expect(here.path[1].fault).toBe(true);
    expect(here.path[1].next.locals[0]).toEqual({ n: 0, recovered: false });
    expect(here.path[1].next.down).toEqual([1]);
  });

  it('recover builds the restart state', () => {
    const r = run(counter({ crash: 1 }, false, true));
    expect(r.stats).toMatchObject({ states: 7, transitions: 8 });
    const t = r.properties.find((p) => p.name === 'recovered')!.trace!;
    expect(t.steps.map((s) => s.text)).toEqual(['crash a']);
    expect(t.steps[0].state).toMatchObject({ procs: { a: { n: 0, recovered: true } }, down: ['a'], faults: { crash: 1 } });
  });
});

describe('crashMailbox', () => {
  // Model `single`: a (sent persistent) sends x to b (volatile got), crash budget 1.
  // Without crashes: A0 (F,[],0) →send A1 (T,[x],0) →recv A2 (T,[],1).
  // Crash a: X1 (from A0), X2 (from A1, x still queued), X3 (from A2). Crash b: Y1, Y2, Y3. After a restart: Z0 (F,[],0) → Z1 → Z2, and Z3 (T,[],0).
  it("keep (default): a crashed process's messages wait for it — 13 states, 18 transitions", () => {
    // X1 → restart Z0. X2 → restart Z1 | b receives while a is down → X3. X3 → restart Z2.
    // Y1 (b down, nothing sent) → restart Z0 | a sends, queued for the down b → Y2. Y2 (T,[x],b down) → restart Z1.
    // Y3 (T,[],b down, got reset) → restart Z3. Z0 → Z1 → Z2.
    // States A0..2 X1..3 Y1..3 Z0..3 = 13; transitions A0:3 A1:3 A2:2 X1:1 X2:2 X3:1 Y1:2 Y2:1 Y3:1 Z0:1 Z1:1 = 18.
    const r = run(single({ crash: 1 }));
    expect(r.stats).toMatchObject({ states: 13, transitions: 18 });
    expect(verdictOf(r, 'delivered')).toBe('violated'); // Z3: b forgot x when it crashed
  });

  it('drop: the crash empties its mailbox and sends to it while down are dropped — 12 states, 17 transitions', () => {
    // A1: crash b drops x → (T,[],b down,0) = Y3, the same state as crashing b in A2: Y2 does not exist.
    // Y1: a's send is dropped ('dropped-down') → Y3. Otherwise as keep: 13 − 1 = 12 states, 18 − 1 = 17 transitions.
    const p = single({ crash: 1 }, network.fifo(), 'drop');
    expect(run(p).stats).toMatchObject({ states: 12, transitions: 17 });
    const here = walk(p, ['crash b', 'a: send']);
    expect(here.path[1].sends).toEqual([{ from: 'a', to: 'b', msg: { type: 'x' }, outcome: 'dropped-down' }]);
    expect(here.path[1].next.queues.flat()).toEqual([]);
    expect(walk(p, ['a: send', 'crash b']).path[1].next.queues.flat()).toEqual([]);
    expect(walk(single({ crash: 1 }), ['a: send', 'crash b']).path[1].next.queues.flat().map((e) => e[1])).toEqual([{ type: 'x' }]);
  });
});

describe('partition and heal', () => {
  it('budget 1: 11 states, 12 transitions', () => {
    // (sent, queue, got, cut). A0 (F,[],0) A1 (T,[x],0) A2 (T,[],1).
    // A0: send → A1 | partition → P0. A1: recv → A2 | partition → P1 (x in flight, cut). A2: partition → P2.
    // P0: send → dropped ('dropped-partition') → P3 (T,[],0,cut) | heal → H0. P1: x waits, only heal → H1.
    // P2: heal → H2. P3: heal → H3 (T,[],0): x never arrives. H0 → send → H1 → recv → H2.
    // States A0..2 P0..3 H0..3 = 11; transitions A0:2 A1:2 A2:1 P0:2 P1:1 P2:1 P3:1 H0:1 H1:1 = 12.
    const r = run(single({ partition: 1 }));
    expect(r.stats).toMatchObject({ states: 11, transitions: 12 });
    expect(verdictOf(r, 'delivered')).toBe('violated');
    // In P1 only the environment (heal) can move; not a deadlock, as both processes may stop anywhere (end: true).
    expect(verdictOf(r, 'noDeadlock')).toBe('holds');
    const t = r.properties.find((p) => p.name === 'delivered')!.trace!;
    expect(t.steps.map((s) => s.text)).toEqual(['partition a<->b', 'a: send']);
    expect(t.steps[1].sends).toEqual([{ from: 'a', to: 'b', msg: { type: 'x' }, outcome: 'dropped-partition' }]);
  });

  it('a message already in flight on a cut link waits until heal', () => {
    const here = walk(single({ partition: 1 }), ['a: send', 'partition a<->b']);
    expect(here.texts).toEqual(['heal a<->b']);
    expect(here.protocolSteps).toBe(0);
    expect(walk(single({ partition: 1 }), ['a: send', 'partition a<->b', 'heal a<->b']).texts).toEqual(['b: receive x from a']);
  });

  it('budget 2: 19 states, 23 transitions', () => {
    // As budget 1, plus from each healed state H0..H3 a second partition → Q0..Q3, each healed → J0..J3;
    // Q0: send dropped → Q3; J0 → send → J1 → recv → J2.
    // States 11 + 4 + 4 = 19; transitions 12 + 4 (partition) + Q0:2 Q1:1 Q2:1 Q3:1 + J0:1 J1:1 = 23.
    expect(run(single({ partition: 2 })).stats).toMatchObject({ states: 19, transitions: 23 });
  });

  it('a rendezvous across a cut link is not enabled (it waits for the heal) — 9 states, 10 transitions', () => {
    // Synchronous channel, partition 1. (n = messages exchanged, cut): N0 N1 N2 uncut; each → partition → P0 P1 P2.
    // P_k: the send is blocked, only heal → H_k; H0 → H1 → H2.
    // States 9; transitions N0:2 N1:2 N2:1 P:3 H0:1 H1:1 = 10.
    const { define, process } = protocol<{ type: 'x' }, 'a' | 'b'>();
    const p = define({
      name: 'sync-partition',
      network: network.sync(),
      faults: { partition: 1 },
      processes: () => ({
        a: process({ init: { n: 0 }, actions: { send: { when: (s) => s.n < 2, then: (s, ctx) => (ctx.send('b', { type: 'x' }), { n: s.n + 1 }) } } }),
        b: process({ init: { got: 0 }, receive: { x: (s) => ({ got: s.got + 1 }) } }),
      }),
      properties: (_p, p) => [p.always('inStep', (v) => v.procs.a.n === v.procs.b.got)],
    });
    const r = run(p);
    expect(verdictOf(r, 'inStep')).toBe('holds');
    expect(r.stats).toMatchObject({ states: 9, transitions: 10 });
    expect(walk(p, ['partition a<->b']).texts).toEqual(['heal a<->b']);
  });
});
