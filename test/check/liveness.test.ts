import { describe, expect, it } from 'vitest';
import { check, protocol } from 'mpcheck';
import type { CheckOptions, CheckResult, FairnessSpec, Protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import lossy from '../../models/fair-lossy-link.ts';

const prop = (r: CheckResult, name: string) => {
  const p = r.properties.find((x) => x.name === name);
  if (!p) throw new Error(`no property ${name}`);
  return p;
};
const verdicts = (r: CheckResult) => Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));

/** The lasso of a property: step texts, where the cycle starts, and whether replay confirms it. */
function lasso(p: Protocol, r: CheckResult, name: string, opts: CheckOptions = {}) {
  const t = prop(r, name).trace!;
  const rep = replayTrace(compile(p, opts), t);
  return { steps: t.steps.map((s) => s.text), loopStart: t.loopStart, confirmed: rep.confirmed, conclusion: rep.conclusion };
}

describe('models/fair-lossy-link.ts: retransmission over a link that may lose everything', () => {
  it('without fairness, at-least-once is violated by a lasso that loses the data forever', () => {
    const r = check(lossy);
    expect(verdicts(r)).toEqual({ atLeastOnce: 'violated', allAcked: 'violated', submitLeadsToAck: 'violated', noDeadlock: 'holds', assertions: 'holds' });
    expect(r.stats).toMatchObject({ states: 7, transitions: 9 });
    expect(r.liveness).toMatchObject({ states: 7, edges: 9, complete: true });
    const l = lasso(lossy, r, 'atLeastOnce');
    expect(l).toMatchObject({ steps: ['sender: send', 'lose data sender->receiver', 'sender: timeout retransmit'], loopStart: 1, confirmed: true });
    expect(prop(r, 'atLeastOnce').detail).toBe(
      'lasso (1-step stem, 2-step cycle): message sender#0, submitted to receiver, is never delivered: the cycle of steps 2–3 repeats forever (fairness: none)',
    );
  });

  it('weak fairness of delivery does not help: after each loss the delivery is disabled', () => {
    const r = check(lossy, { params: { fair: 'weak' } });
    expect(verdicts(r)).toMatchObject({ atLeastOnce: 'violated', allAcked: 'violated', submitLeadsToAck: 'violated' });
    const l = lasso(lossy, r, 'atLeastOnce', { params: { fair: 'weak' } });
    expect(l).toMatchObject({ steps: ['sender: send', 'lose data sender->receiver', 'sender: timeout retransmit'], loopStart: 1, confirmed: true });
    expect(l.conclusion).toContain('the cycle is fair (weak deliver:*)');
  });

  it('strong fairness of delivery on both channels makes every liveness property hold, on the same 7 states', () => {
    const r = check(lossy, { params: { fair: 'strong' } });
    expect(verdicts(r)).toEqual({ atLeastOnce: 'holds', allAcked: 'holds', submitLeadsToAck: 'holds', noDeadlock: 'holds', assertions: 'holds' });
    expect(r.stats).toMatchObject({ states: 7, transitions: 9 });
    expect(prop(r, 'atLeastOnce').detail).toBe('every submitted message is delivered on every fair run (fairness: strong deliver:*; all 7 states, 9 steps)');
    expect(r.fairness).toEqual({ strong: ['deliver:*'] });
  });

  it('strong fairness on the data channel alone delivers the data, but the acks may be lost forever', () => {
    const fairness: FairnessSpec = { strong: ['deliver:sender->receiver'] };
    const r = check(lossy, { fairness });
    expect(verdicts(r)).toMatchObject({ atLeastOnce: 'holds', allAcked: 'violated', submitLeadsToAck: 'violated' });
    const l = lasso(lossy, r, 'allAcked');
    expect(l.steps).toEqual(['sender: send', 'receiver: receive data from sender', 'lose ack receiver->sender', 'sender: timeout retransmit', 'receiver: receive data from sender']);
    expect(l.loopStart).toBe(2);
    expect(l.confirmed).toBe(true);
  });

  it('scales with the parameter: 2 messages', () => {
    const none = check(lossy, { params: { messages: 2 } });
    const strong = check(lossy, { params: { messages: 2, fair: 'strong' } });
    expect(none.stats.states).toBe(strong.stats.states);
    expect(verdicts(none)).toMatchObject({ atLeastOnce: 'violated', allAcked: 'violated' });
    expect(verdicts(strong)).toMatchObject({ atLeastOnce: 'holds', allAcked: 'holds', submitLeadsToAck: 'holds' });
  });

  it('a memory bound reached gives unknown, not holds', () => {
    // 1,801 states: the bound is checked every 256 states explored
    const r = check(lossy, { params: { messages: 300, fair: 'strong' }, maxMemoryBytes: 2 ** 20 });
    expect(r.stoppedBy).toBe('max-memory');
    expect(r.complete).toBe(false);
    expect(prop(r, 'atLeastOnce').verdict).toBe('unknown');
    expect(prop(r, 'atLeastOnce').detail).toMatch(/^memory limit 1 MiB reached; no fair violating cycle among the \d+ states expanded$/);
    expect(check(lossy, { params: { messages: 300, fair: 'strong' } }).stats.states).toBe(1801);
  });

  it('a limit gives unknown, not holds', () => {
    const r = check(lossy, { params: { fair: 'strong' }, maxStates: 3 });
    expect(prop(r, 'atLeastOnce').verdict).toBe('unknown');
    expect(prop(r, 'atLeastOnce').detail).toMatch(/^state limit 3 reached; no fair violating cycle among the \d+ states expanded$/);
  });
});

type M = { type: 'm' };
const { define, process } = protocol<M, 'a' | 'b'>();

/** a ticks forever; b may finish once. */
const ticker = (fairness: FairnessSpec) =>
  define({
    name: 'ticker',
    fairness,
    processes: () => ({
      a: process({ init: { bit: 0 }, actions: { tick: { then: (s) => ({ bit: 1 - s.bit }) } } }),
      b: process({ init: { done: false }, actions: { finish: { when: (s) => !s.done, then: () => ({ done: true }) } } }),
    }),
    properties: (_p, p) => [p.eventually('finished', (v) => v.procs.b.done)],
  });

/** An action enabled only in every other state: a may finish only while its bit is 1, and the tick flips the bit. */
const gatedTicker = (fairness: FairnessSpec) =>
  define({
    name: 'gated-ticker',
    fairness,
    processes: () => ({
      a: process({
        init: { bit: 0, done: false },
        actions: {
          tick: { when: (s) => !s.done, then: (s) => ({ ...s, bit: 1 - s.bit }) },
          finish: { when: (s) => !s.done && s.bit === 1, then: (s) => ({ ...s, done: true }) },
        },
      }),
      b: process({ init: {} }),
    }),
    properties: (_p, p) => [p.eventually('finished', (v) => v.procs.a.done)],
  });

describe('fairness notions on small protocols', () => {
  it('no fairness: a ticking forever starves b', () => {
    const p = ticker({});
    const r = check(p);
    expect(prop(r, 'finished').verdict).toBe('violated');
    expect(lasso(p, r, 'finished')).toMatchObject({ steps: ['a: tick', 'a: tick'], loopStart: 0, confirmed: true });
  });

  it('weak fairness of b (continuously enabled ⇒ taken) makes it finish; weak fairness of a alone does not', () => {
    expect(prop(check(ticker({ weak: ['process:*'] })), 'finished').verdict).toBe('holds');
    expect(prop(check(ticker({ weak: ['process:b'] })), 'finished').verdict).toBe('holds');
    expect(prop(check(ticker({ weak: ['process:a'] })), 'finished').verdict).toBe('violated');
  });

  it('an action enabled only every other state needs strong fairness', () => {
    const weak = gatedTicker({ weak: ['action:a.finish'] });
    const r = check(weak);
    expect(prop(r, 'finished').verdict).toBe('violated');
    expect(lasso(weak, r, 'finished')).toMatchObject({ steps: ['a: tick', 'a: tick'], loopStart: 0, confirmed: true });
    expect(prop(check(gatedTicker({ strong: ['action:a.finish'] })), 'finished').verdict).toBe('holds');
  });

  it('a run that stops in a state where nothing is enabled is a lasso with an empty cycle', () => {
    const counter = define({
      name: 'counter',
      processes: () => ({
        a: process({ init: { x: 0 }, actions: { inc: { when: (s) => s.x < 2, then: (s) => ({ x: s.x + 1 }) } } }),
        b: process({ init: {} }),
      }),
      properties: (_p, p) => [p.eventually('three', (v) => v.procs.a.x === 3), p.eventually('two', (v) => v.procs.a.x === 2)],
    });
    const r = check(counter);
    expect(verdicts(r)).toMatchObject({ three: 'violated', two: 'holds' });
    const l = lasso(counter, r, 'three');
    expect(l).toMatchObject({ steps: ['a: inc', 'a: inc'], loopStart: 2, confirmed: true });
    expect(prop(r, 'three').trace!.reason).toContain('the run ends in a state where no step is enabled and stays there forever');
  });

  it('leadsTo: only what follows a trigger counts', () => {
    const p = define({
      name: 'request',
      processes: () => ({
        a: process({
          init: { pc: 'idle' as 'idle' | 'asked' | 'served' | 'stuck' },
          actions: {
            ask: { when: (s) => s.pc === 'idle', then: () => ({ pc: 'asked' as const }) },
            serve: { when: (s) => s.pc === 'asked', then: () => ({ pc: 'served' as const }) },
            jam: { when: (s) => s.pc === 'asked', then: () => ({ pc: 'stuck' as const }) },
            spin: { when: (s) => s.pc === 'stuck', then: (s) => s },
          },
        }),
        b: process({ init: {} }),
      }),
      properties: (_p, p) => [
        p.leadsTo('askServed', (v) => v.procs.a.pc === 'asked', (v) => v.procs.a.pc === 'served'),
        p.leadsTo('idleLeavesIdle', (v) => v.procs.a.pc === 'idle', (v) => v.procs.a.pc !== 'idle'),
      ],
    });
    const r = check(p);
    expect(verdicts(r)).toMatchObject({ askServed: 'violated', idleLeavesIdle: 'holds' });
    const l = lasso(p, r, 'askServed');
    expect(l).toMatchObject({ steps: ['a: ask', 'a: jam', 'a: spin'], loopStart: 2, confirmed: true });
    expect(prop(r, 'askServed').trace!.reason).toMatch(/^the trigger of 'askServed' holds after step 1 and its goal never holds from there on/);
  });
});

type D = { type: 'data'; id: string };
const rc = protocol<D, 'sender' | 'receiver'>();

/** One submitted message over a lossless channel; the receiver may crash once; the sender idles forever. */
const crashy = (crashMailbox: 'keep' | 'drop', fairness: FairnessSpec) =>
  rc.define({
    name: 'crashy',
    faults: { crash: 1 },
    crashMailbox,
    fairness,
    processes: () => ({
      sender: rc.process({
        init: { sent: false },
        actions: {
          send: { when: (s) => !s.sent, then: (s, ctx) => (ctx.send('receiver', { type: 'data', id: ctx.submit(null, 'receiver') }), { sent: true }) },
          idle: { when: (s) => s.sent, then: (s) => s },
        },
      }),
      receiver: rc.process({ init: { got: 0 }, receive: { data: (s, m, ctx) => (ctx.deliver(m.id), { got: s.got + 1 }) } }),
    }),
    properties: (_p, p) => [p.atLeastOnce()],
  });

describe('atLeastOnce and crashes', () => {
  it('a receiver that stays down forever excuses the obligation; weak fairness delivers otherwise', () => {
    const r = check(crashy('keep', { weak: ['process:*'] }));
    expect(prop(r, 'atLeastOnce').verdict).toBe('holds');
  });

  it('without fairness the receiver may simply never be scheduled (up, not excused)', () => {
    const p = crashy('keep', {});
    const r = check(p);
    expect(prop(r, 'atLeastOnce').verdict).toBe('violated');
    expect(lasso(p, r, 'atLeastOnce')).toMatchObject({ steps: ['sender: send', 'sender: idle'], loopStart: 1, confirmed: true });
  });

  it('a crash that drops the mailbox loses the message: violated even under weak fairness of every process and restart', () => {
    const p = crashy('drop', { weak: ['process:*', 'restart:*'] });
    const r = check(p);
    expect(prop(r, 'atLeastOnce').verdict).toBe('violated');
    const l = lasso(p, r, 'atLeastOnce');
    expect(l.steps).toEqual(['sender: send', 'crash receiver', 'restart receiver', 'sender: idle']);
    expect(l).toMatchObject({ loopStart: 3, confirmed: true });
  });
});

type X = { type: 'x'; n: number };
const raw = protocol<X, 'a' | 'b'>();
const rawChannel = (lose: number) =>
  raw.define({
    name: 'raw',
    faults: { lose },
    processes: () => ({
      a: raw.process({ init: { n: 0 }, actions: { send: { when: (s) => s.n < 2, then: (s, ctx) => (ctx.send('b', { type: 'x', n: s.n }), { n: s.n + 1 }) } } }),
      b: raw.process({ init: { got: [] as number[] }, receive: { x: (s, m) => ({ got: [...s.got, m.n] }) } }),
    }),
    properties: (_p, p) => [p.atLeastOnce()],
  });

describe('atLeastOnce without a service layer: transport sends and receipts', () => {
  it('holds on a lossless channel, and names the lost message otherwise', () => {
    expect(prop(check(rawChannel(0)), 'atLeastOnce').verdict).toBe('holds');
    const p = rawChannel(1);
    const r = check(p);
    expect(prop(r, 'atLeastOnce').verdict).toBe('violated');
    expect(prop(r, 'atLeastOnce').trace!.reason).toMatch(/^message a->b \{"n":0,"type":"x"\} is sent but never received: the run ends in a state where no step is enabled/);
    expect(lasso(p, r, 'atLeastOnce')).toMatchObject({ steps: ['a: send', 'a: send', 'lose x a->b', 'b: receive x from a'], loopStart: 4, confirmed: true });
  });

  it('a partial graph without any submit cannot tell the layer: unknown, even though a transport message was lost', () => {
    const r = check(rawChannel(1), { maxStates: 3 });
    expect(prop(r, 'atLeastOnce').verdict).toBe('unknown');
    expect(prop(r, 'atLeastOnce').detail).toMatch(/no submit seen yet, so whether the spec has a service layer is open/);
  });

  it('is vacuous, and says so, when nothing is ever sent', () => {
    const p = raw.define({ name: 'silent', processes: () => ({ a: raw.process({ init: {} }), b: raw.process({ init: {} }) }), properties: (_p, q) => [q.atLeastOnce()] });
    expect(prop(check(p), 'atLeastOnce').detail).toMatch(/^vacuously: no message was ever sent/);
  });
});

describe('check() wiring', () => {
  it('--property with only a liveness property skips the safety search and still reports statistics', () => {
    const r = check(lossy, { only: ['allAcked'] });
    expect(r.properties.map((p) => [p.name, p.verdict])).toEqual([['allAcked', 'violated']]);
    expect(r.stats).toMatchObject({ states: 7, transitions: 9 });
  });

  it('the safety search alone calls a liveness property unknown, never holds', async () => {
    const { search } = await import('mpcheck');
    const r = search(compile(lossy, { params: { fair: 'strong' } }));
    expect(prop(r, 'atLeastOnce')).toMatchObject({ verdict: 'unknown' });
  });

  it('an unknown fairness group is a spec error naming the known ones', () => {
    expect(() => check(lossy, { fairness: { weak: ['process:nobody'] } })).toThrow(/fairness 'process:nobody': unknown process 'nobody' \(processes: sender, receiver\)/);
  });
});

describe('long lassos', () => {
  it('a cycle of 150,000 steps is reported whole (building it spread the path as arguments, which overflowed the stack)', () => {
    const { define: defineCounter, process: counterProcess } = protocol<{ type: 'm' }>();
    const N = 150000;
    const counter = defineCounter({
      name: 'counter',
      processes: () => ({ a: counterProcess({ init: { x: 0 }, actions: { tick: { then: (s) => ({ x: (s.x + 1) % N }) } } }) }),
      properties: (_p, p) => [p.eventually('negative', (v) => (v.procs.a as { x: number }).x < 0)],
    });
    const r = check(counter);
    const t = prop(r, 'negative').trace!;
    expect([prop(r, 'negative').verdict, r.stats.states, t.steps.length, t.loopStart]).toEqual(['violated', N, N, 0]);
  }, 60000);
});
