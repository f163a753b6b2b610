import { describe, expect, it } from 'vitest';
import { check, protocol } from 'mpcheck';
import type { Trace } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { renderTrace, replayTrace } from '../../src/trace/index.ts';
import lossy from '../../models/fair-lossy-link.ts';

const model = compile(lossy);
const lassoOf = (name: string): Trace => JSON.parse(JSON.stringify(check(lossy).properties.find((p) => p.name === name)!.trace));

describe('lasso traces', () => {
  it('carry loopStart and the fairness they respect, and replay from JSON', () => {
    const t = lassoOf('atLeastOnce');
    expect(t).toMatchObject({ format: 'mpcheck-trace/1', kind: 'counterexample', loopStart: 1, fairness: { weak: [], strong: [] } });
    const rep = replayTrace(model, t);
    expect(rep.ok && rep.confirmed).toBe(true);
    expect(rep.conclusion).toBe(
      "confirmed: all 3 steps replayed, the cycle (steps 2–3) returns to its first state and repeats forever, and the lasso violates 'atLeastOnce': obligation sender#0 (to receiver) stays pending around the cycle; no fairness assumed",
    );
  });

  it('a cycle that does not close is not confirmed', () => {
    const t = { ...lassoOf('atLeastOnce'), loopStart: 0 };
    const rep = replayTrace(model, t);
    expect(rep.ok).toBe(true);
    expect(rep.confirmed).toBe(false);
    expect(rep.conclusion).toMatch(/the cycle does not close: the last state differs from the state before step 1/);
  });

  it('a cycle that is unfair under the recorded fairness is not confirmed', () => {
    const t: Trace = { ...lassoOf('atLeastOnce'), fairness: { strong: ['deliver:*'] } };
    const rep = replayTrace(model, t);
    expect(rep.confirmed).toBe(false);
    expect(rep.conclusion).toMatch(/the cycle is unfair: strong deliver:sender->receiver fairness, enabled on the cycle but never taken/);
    // weak fairness: the delivery is disabled after the loss, so the same cycle is fair
    expect(replayTrace(model, { ...t, fairness: { weak: ['deliver:*'] } }).confirmed).toBe(true);
  });

  it('an empty cycle needs a state where nothing is enabled', () => {
    const t = { ...lassoOf('atLeastOnce'), loopStart: 3 };
    expect(replayTrace(model, t).conclusion).toMatch(/the cycle is empty but a step is enabled in the last state/);
  });

  it('a lasso of another property is checked against that property', () => {
    const t = { ...lassoOf('allAcked'), property: 'noDeadlock' };
    expect(replayTrace(model, t).conclusion).toMatch(/'noDeadlock' is not a liveness property/);
  });

  it('the chart marks where the cycle starts and that it repeats', () => {
    const text = renderTrace(lassoOf('atLeastOnce'));
    expect(text).toContain("Counterexample for 'atLeastOnce' (lasso: 1-step stem, 2-step cycle repeated forever)");
    const lines = text.split('\n');
    const open = lines.findIndex((l) => l.includes('┌─ cycle: steps 2–3 repeat forever'));
    const close = lines.findIndex((l) => l.includes('└─ ↻ back to the state before step 2; the cycle repeats forever'));
    expect(open).toBeGreaterThan(lines.findIndex((l) => /^1 +● send/.test(l)));
    expect(lines.slice(open, close).some((l) => /^2 /.test(l))).toBe(true);
    expect(close).toBeGreaterThan(lines.findIndex((l) => /^3 +● timeout retransmit/.test(l)));
    expect(text).toContain('Final state (= the state after step 1, where the cycle starts):');
  });

  it('a run that stops is drawn as staying in its last state', () => {
    const { define, process } = protocol<{ type: 'm' }, 'a'>();
    const stop = define({
      name: 'stop',
      processes: () => ({ a: process({ init: { x: 0 }, actions: { inc: { when: (s) => s.x < 1, then: () => ({ x: 1 }) } } }) }),
      properties: (_p, q) => [q.eventually('never', () => false)],
    });
    const t = check(stop).properties[0].trace!;
    expect(t.loopStart).toBe(1);
    const text = renderTrace(t);
    expect(text).toContain("Counterexample for 'never' (lasso: 1-step stem, then stays forever)");
    expect(text.split('\n').findIndex((l) => l.includes('■ no step is enabled here: the run stays in this state forever'))).toBeGreaterThan(
      text.split('\n').findIndex((l) => /^1 +● inc/.test(l)),
    );
    expect(replayTrace(compile(stop), t).confirmed).toBe(true);
  });
});
