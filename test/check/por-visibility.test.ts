import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol } from 'mpcheck';
import type { Monitor, StepFacts, Value } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import type { SpecError } from '../../src/engine/index.ts';
import { check, search } from '../../src/check/index.ts';
import { renderResult } from '../../src/cli/report.ts';
import { replayTrace } from '../../src/trace/index.ts';
import { randomSpec, toProtocol } from './random-models.ts';

type Counters = { x: number; n: number };
type View = { procs: { a: Counters; b: { y: number } } };

/**
 * a counts n up to 2 (its x stays 0, or with `touchX` follows n); b counts y up to 2. They
 * never interact: 9 states without reduction, in a 3 × 3 grid.
 */
function counters(invariant: (v: View) => boolean, touchX = false) {
  const { define, process } = protocol<{ type: 'm' }>();
  return define({
    name: 'counters',
    topology: [],
    processes: () => ({
      a: process({ init: { x: 0, n: 0 }, actions: { inc: { when: (s) => s.n < 2, then: (s) => ({ x: touchX ? s.n + 1 : s.x, n: s.n + 1 }) } }, end: () => true }),
      b: process({ init: { y: 0 }, actions: { inc: { when: (s) => s.y < 2, then: (s) => ({ y: s.y + 1 }) } }, end: () => true }),
    }),
    properties: (_p, p) => [p.always('inv', invariant as never)],
  });
}

const both = (f: (memo: boolean) => void) => {
  // with the successor cache and without it (the engine's own expansion)
  for (const memo of [true, false]) f(memo);
};

describe('partial-order reduction with invariants and monitors (visible steps are never taken alone)', () => {
  it('takes alone the steps that change nothing an invariant reads, field by field', () => {
    expect(search(compile(counters((v) => v.procs.b.y < 3), { por: false })).stats.states).toBe(9);
    both((memo) => {
      // reads b.y: a's steps are invisible, taken alone from (0,0) and (1,0); then b's, in
      // full: (0,0) (1,0) (2,0) (2,1) (2,2)
      const r = search(compile(counters((v) => v.procs.b.y < 3), { memo }));
      expect([r.reductions.por, r.stats.states, r.reductions.ampleStates], `memo ${memo}`).toEqual([true, 5, 2]);
      // reads a.x, which a's steps leave as it is (they change n): still 5
      const x = search(compile(counters((v) => v.procs.a.x === 0 && v.procs.b.y < 3), { memo }));
      expect([x.stats.states, x.reductions.ampleStates], `memo ${memo}`).toEqual([5, 2]);
      // reads all of a (and b.y): every step is visible, nothing is taken alone
      const whole = search(compile(counters((v) => JSON.stringify(v.procs.a) !== '' && v.procs.b.y < 3), { memo }));
      expect([whole.stats.states, whole.reductions.ampleStates], `memo ${memo}`).toEqual([9, 0]);
      // reads a.x, which a's steps now change: 9
      const changed = search(compile(counters((v) => v.procs.a.x < 3 && v.procs.b.y < 3, true), { memo }));
      expect([changed.stats.states, changed.reductions.ampleStates], `memo ${memo}`).toEqual([9, 0]);
    });
  });

  it('names the predicates whose reads it cannot follow, which see every step', () => {
    const opaque = counters((v) => Object.values(v.procs).reduce((n, s) => n + JSON.stringify(s).length, 0) > 0);
    const r = check(opaque);
    expect([r.stats.states, r.reductions.ampleStates]).toEqual([9, 0]);
    expect(r.reductions.seeEveryStep).toEqual(['inv']);
    expect(renderResult(r)).toContain("partial-order reduction: 'inv' uses the state in a way mpcheck cannot follow, so it sees every step");
    const followed = check(counters((v) => v.procs.b.y < 3));
    expect(followed.reductions.seeEveryStep).toBeUndefined();
    expect(renderResult(followed)).not.toContain('cannot follow');
  });

  it('finds a violation that needs the two processes interleaved', () => {
    // (1,1) is reached only by interleaving; taking a's steps alone would go round it
    const bad = counters((v) => !(v.procs.a.x === 1 && v.procs.b.y === 1), true);
    both((memo) => {
      const model = compile(bad, { memo });
      const r = search(model);
      expect(r.reductions.por).toBe(true);
      expect(r.properties[0].verdict, `memo ${memo}`).toBe('violated');
      expect(r.properties[0].trace!.steps).toHaveLength(2);
      expect(replayTrace(model, r.properties[0].trace!).conclusion).toMatch(/^confirmed/);
    });
  });

  /**
   * a and c each send one message to b, which takes them; z counts n up to 2 on its own. The
   * monitor records who sent first, and is violated when c sent before a.
   */
  function senders(notices: Monitor['notices'] | null) {
    const { define, process } = protocol<{ type: 'm' }>();
    const monitor: Monitor = {
      init: [],
      step: (g: Value, f: StepFacts) => {
        const seen = g as readonly string[];
        if (f.sends.length === 0) return g;
        const who = f.label.process!;
        if (who === 'c' && !seen.includes('a')) return { violation: 'c sent before a' };
        return [...seen, who];
      },
      ...(notices ? { notices } : {}),
    };
    return define({
      name: 'senders',
      topology: ['a->b', 'c->b'],
      processes: () => ({
        a: process({ init: { sent: false }, actions: { send: { when: (s) => !s.sent, then: (_s, ctx) => (ctx.send('b', { type: 'm' }), { sent: true }) } }, end: () => true }),
        c: process({ init: { sent: false }, actions: { send: { when: (s) => !s.sent, then: (_s, ctx) => (ctx.send('b', { type: 'm' }), { sent: true }) } }, end: () => true }),
        b: process({ init: { got: 0 }, receive: { m: (s) => ({ got: s.got + 1 }) }, end: (s) => s.got === 2 }),
        z: process({ init: { n: 0 }, actions: { inc: { when: (s) => s.n < 2, then: (s) => ({ n: s.n + 1 }) } }, end: () => true }),
      }),
      properties: (_p, p) => [{ name: 'aFirst', kind: 'monitor', description: 'a sends before c', monitor }, p.noDeadlock()],
    });
  }

  it('keeps the steps a monitor notices out of ample sets, and is off with a monitor that does not say what it notices', () => {
    const full = search(compile(senders(() => 'traffic'), { por: false }));
    expect(full.properties.map((p) => p.verdict)).toEqual(['violated', 'holds', 'holds']);
    both((memo) => {
      // the sends are traffic: a and c are never taken alone, so c's send before a's is found;
      // z's steps are taken alone
      const model = compile(senders(() => 'traffic'), { memo });
      const r = search(model);
      expect(r.reductions.por).toBe(true);
      expect(r.reductions.ampleStates, `memo ${memo}`).toBeGreaterThan(0);
      expect(r.stats.states).toBeLessThan(full.stats.states);
      expect(r.properties.map((p) => p.verdict), `memo ${memo}`).toEqual(['violated', 'holds', 'holds']);
      expect(replayTrace(model, r.properties[0].trace!).conclusion).toMatch(/^confirmed/);
    });
    const off = search(compile(senders(null)));
    expect(off.reductions.por).toBe(false);
    expect(off.stats.states).toBe(full.stats.states);
  });

  it('refuses a monitor that breaks what its notices() says: reads the messages in flight, tags, or moves on a step it does not notice', () => {
    const reads: Monitor = { init: 0, notices: () => 'events', step: (g: Value, f: StepFacts) => (f.received ? f.inFlight.length : g) };
    const tags: Monitor = { init: 0, notices: () => 'events', step: (g: Value) => g, tag: () => 1 };
    // counts every step, though it says it notices only steps with service events (there are none here)
    const counts: Monitor = { init: 0, notices: () => 'events', step: (g: Value) => (g as number) + 1 };
    // says 'traffic', but counts z's silent steps
    const silent: Monitor = { init: 0, notices: () => 'traffic', step: (g: Value, f: StepFacts) => (f.sends.length === 0 && !f.received ? (g as number) + 1 : g) };
    const objects: Monitor = { init: 0, notices: () => 'events', step: () => ({ violation: 'saw a step' }) };
    for (const [monitor, did] of [
      [reads, "read the messages in flight, but its notices() says 'events'"],
      [tags, "tagged a message, but its notices() says 'events'"],
      [counts, 'changed its ghost on a step its notices() says it does not notice'],
      [silent, 'changed its ghost on a step its notices() says it does not notice'],
      [objects, 'reported a violation on a step its notices() says it does not notice'],
    ] as const) {
      const p = senders(() => 'traffic');
      const bad = { ...p, spec: { ...p.spec, properties: [{ name: 'sneaky', kind: 'monitor' as const, description: 'misdeclared', monitor }] } } as typeof p;
      expect(() => search(compile(bad)), did).toThrow(did);
      let message = '';
      try {
        search(compile(bad));
      } catch (e) {
        message = (e as SpecError).describe();
      }
      expect(message).toContain("handler 'monitor of property sneaky'");
    }
  });

  it('is off with liveness properties', () => {
    const { define, process } = protocol<{ type: 'm' }>();
    const p = define({
      name: 'live',
      topology: [],
      processes: () => ({ a: process({ init: { x: 0 }, actions: { inc: { when: (s) => s.x < 2, then: (s) => ({ x: s.x + 1 }) } }, end: () => true }) }),
      properties: (_p, p) => [p.eventually('two', (v) => (v.procs as { a: { x: number } }).a.x === 2)],
    });
    expect(compile(p).por).toBe(true);
    expect(search(compile(p)).reductions.por).toBe(false);
  });

  it('never changes a verdict on random protocols with invariants on some fields and with transport monitors', () => {
    // (a fixed sample: the monitors' ghosts make some of these spaces large, and those past
    // 20,000 states are skipped, as in parallel.test.ts)
    let saved = 0;
    let compared = 0;
    const sample = fc.sample(fc.tuple(randomSpec, fc.constantFrom<'fields' | 'monitors'>('fields', 'monitors'), fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs')), { numRuns: 40, seed: 7 });
    for (const [spec, mode, strategy] of sample) {
      const p = toProtocol(spec, mode);
      const full = search(compile(p, { por: false }), { strategy, maxStates: 20_000 });
      const model = compile(p);
      const reduced = search(model, { strategy, maxStates: 20_000 });
      expect(reduced.reductions.por).toBe(true);
      if (!full.complete || !reduced.complete) continue;
      expect(reduced.properties.map((x) => [x.name, x.verdict]), `${mode} ${strategy} ${JSON.stringify(spec)}`).toEqual(full.properties.map((x) => [x.name, x.verdict]));
      saved += full.stats.states - reduced.stats.states;
      compared++;
      for (const x of reduced.properties) if (x.trace) expect(replayTrace(model, x.trace).conclusion).toMatch(/^confirmed/);
    }
    expect(compared).toBeGreaterThanOrEqual(25);
    expect(saved).toBeGreaterThan(0);
  });
});
