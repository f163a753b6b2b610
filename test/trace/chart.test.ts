import { describe, expect, it } from 'vitest';
import { Engine, check, compile, network, protocol } from 'mpcheck';
import type { NetworkSpec, Protocol, Trace } from 'mpcheck';
import { describeLabel } from '../../src/engine/index.ts';
import { renderTrace, traceState, traceStep } from '../../src/trace/index.ts';

/** The chart marks every way a send can end and every fault, on paths chosen step by step. */

/** The trace of the path named by step texts (each must be enabled where it is taken). */
function traceOf(p: Protocol, path: readonly string[]): Trace {
  const model = compile(p);
  const engine = new Engine(model);
  let s = engine.initial();
  const initial = traceState(model, s);
  const steps = path.map((text) => {
    const step = engine.successors(s).steps.find((x) => describeLabel(x.label) === text);
    if (!step) throw new Error(`'${text}' is not enabled`);
    s = engine.canonical(step.next);
    return traceStep(model, step);
  });
  return { format: 'mpcheck-trace/1', model: model.name, overrides: { params: {} }, property: 'p', kind: 'counterexample', reason: 'r', initial, steps };
}

type M = { type: 'm'; k: number };
const { define, process } = protocol<M, 'a' | 'b'>();
const twoSends = (net: NetworkSpec, crashMailbox: 'keep' | 'drop' = 'keep') =>
  define({
    name: 'chart',
    network: net,
    crashMailbox,
    faults: { crash: 1, partition: 1 },
    processes: () => ({
      a: process({ init: { n: 0 }, actions: { send: { when: (s) => s.n < 2, then: (s, ctx) => (ctx.send('b', { type: 'm', k: s.n }), { n: s.n + 1 }) } } }),
      b: process({ init: { got: 0 }, receive: { m: (s) => ({ got: s.got + 1 }) } }),
    }),
  });

describe('the text chart', () => {
  it('a send to a crashed receiver whose mailbox is dropped', () => {
    const out = renderTrace(traceOf(twoSends(network.fifo(), 'drop'), ['a: send', 'crash b', 'a: send', 'restart b']));
    expect(out).toMatch(/^2 +☠ crash b\n +✗ mailbox dropped m\{k:0\} ⟵ a$/m);
    expect(out).toMatch(/── m\{k:1\} ✗ dropped: receiver down ─+▶/);
    expect(out).toMatch(/^4 +↻ restart b$/m);
    expect(out).toContain('faults used: crash 1');
  });

  it('with the mailbox kept, a crash drops nothing and the chart says nothing more', () => {
    const out = renderTrace(traceOf(twoSends(network.fifo()), ['a: send', 'crash b']));
    expect(out).not.toContain('mailbox dropped');
    expect(out).toContain('b (down): {got:0}');
    expect(out).toContain('in flight: m{k:0} a→b');
  });

  it('a full buffer that fails, and a partition still in force at the end', () => {
    const out = renderTrace(traceOf(twoSends(network.fifo({ capacity: 1, onFull: 'fail' })), ['a: send', 'partition a<->b', 'a: send']));
    expect(out).toMatch(/^2 +⚡ partition a ⟷ b$/m);
    expect(out).toMatch(/── m\{k:1\} ✗ dropped: partitioned ─+▶/); // a cut link is checked before the buffer
    expect(out).toContain('cut links: a<->b');
    const full = renderTrace(traceOf(twoSends(network.fifo({ capacity: 1, onFull: 'fail' })), ['a: send', 'a: send']));
    expect(full).toMatch(/── m\{k:1\} ✗ failed: buffer full ─+▶/);
  });

  it('a rendezvous', () => {
    const out = renderTrace(traceOf(twoSends(network.sync()), ['a: send']));
    expect(out).toMatch(/── m\{k:0\} \(rendezvous\) ─+▶/);
    expect(out).toContain('in flight: nothing');
  });
});

describe('long counterexamples', () => {
  it('charts 150,000 steps (the column width spread every step as arguments, which overflowed the stack), numbers clear of the marks', () => {
    const { define, process } = protocol<{ type: 'm' }>();
    const N = 150000;
    const deep = define({
      name: 'deep',
      processes: () => ({ a: process({ init: { x: 0 }, actions: { tick: { when: (s) => s.x < N, then: (s) => ({ x: s.x + 1 }) } }, end: () => true }) }),
      properties: (_p, p) => [p.always('small', (v) => (v.procs.a as { x: number }).x < N)],
    });
    const trace = check(deep).properties[0].trace!;
    expect(trace.steps).toHaveLength(N);
    const lines = renderTrace(trace).split('\n');
    expect(lines).toContain('9       ● tick');
    expect(lines).toContain('150000  ● tick');
  }, 60000);
});
