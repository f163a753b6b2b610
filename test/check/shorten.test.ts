import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { check, search } from '../../src/check/index.ts';
import { renderResult } from '../../src/cli/report.ts';
import { replayTrace } from '../../src/trace/index.ts';
import { randomSpec, toProtocol } from './random-models.ts';

/**
 * a counts n up to `m` on its own (no property reads n); b counts y up to `k`, and the
 * invariant says y never reaches k. Partial-order reduction takes a's steps alone first, so
 * its BFS finds the violation after all of a's steps then all of b's: m + k steps. The
 * shortest trace is b's k steps.
 */
function lateViolation(m: number, k: number) {
  const { define, process } = protocol<{ type: 'm' }>();
  return define({
    name: 'late',
    topology: [],
    processes: () => ({
      a: process({ init: { n: 0 }, actions: { inc: { when: (s) => s.n < m, then: (s) => ({ n: s.n + 1 }) } }, end: () => true }),
      b: process({ init: { y: 0 }, actions: { inc: { when: (s) => s.y < k, then: (s) => ({ y: s.y + 1 }) } }, end: () => true }),
    }),
    // (fifo sees nothing here, but its ghost is part of every state a trace records)
    properties: (_p, p) => [p.always('yBelowK', (v) => (v.procs as { b: { y: number } }).b.y < k), p.fifo()],
  });
}

describe('shortest traces with partial-order reduction', () => {
  it('searches again without the reduction up to the reduced trace, and keeps the shorter trace', () => {
    const p = lateViolation(3, 2);
    const reduced = search(compile(p));
    expect(reduced.properties[0].trace!.steps).toHaveLength(5);
    const r = check(p);
    expect(r.reductions.ampleStates).toBeGreaterThan(0);
    expect(r.properties[0].verdict).toBe('violated');
    expect(r.properties[0].trace!.steps.map((s) => s.label)).toEqual([
      { kind: 'action', process: 'b', action: 'inc' },
      { kind: 'action', process: 'b', action: 'inc' },
    ]);
    expect(replayTrace(compile(p), r.properties[0].trace!).conclusion).toMatch(/^confirmed/);
    expect(r.shortening).toMatchObject({ depth: 5, complete: true, shortened: ['yBelowK'] });
    expect(renderResult(r)).toContain('Traces are shortest: a search without partial-order reduction to depth 5');
    // without the reduction there is nothing to shorten
    expect(check(p, { por: false }).shortening).toBeUndefined();
  });

  it('says when a limit ended that search before it could confirm a trace', () => {
    // m = 10, k = 5: the reduced search keeps 16 states (a's 11, then b's 5); the full BFS
    // needs the 15 states of depth 0–4 and all 6 of depth 5 to meet (0,5), generated last
    // in its level (a's steps come first): a budget of 16 stops it before
    const r = check(lateViolation(10, 5), { maxStates: 16 });
    expect(r.properties[0].verdict).toBe('violated');
    expect(r.properties[0].trace!.steps).toHaveLength(15);
    expect(r.shortening).toMatchObject({ depth: 15, complete: false, shortened: [] });
    expect(renderResult(r)).toContain('Traces may not be shortest: the search without partial-order reduction stopped at its limit');
  });

  it('gives traces as short as the search without reduction on random protocols', () => {
    // (a fixed sample; spaces past 20,000 states are skipped, as in parallel.test.ts)
    let compared = 0;
    let shortened = 0;
    const sample = fc.sample(fc.tuple(randomSpec, fc.constantFrom<'fields' | 'monitors' | 'local'>('fields', 'monitors', 'local')), { numRuns: 80, seed: 1 });
    for (const [spec, mode] of sample) {
      const p = toProtocol(spec, mode);
      const full = check(p, { por: false, maxStates: 20_000 });
      if (!full.complete) continue;
      const r = check(p, { maxStates: 20_000 });
      const lengths = (x: typeof r) => x.properties.map((q) => [q.name, q.verdict, q.trace && q.trace.loopStart === undefined ? q.trace.steps.length : null]);
      expect(lengths(r), `${mode} ${JSON.stringify(spec)}`).toEqual(lengths(full));
      for (const q of r.properties) if (q.trace) expect(replayTrace(compile(p), q.trace).conclusion).toMatch(/^confirmed/);
      compared++;
      shortened += r.shortening?.shortened.length ?? 0;
    }
    expect(compared).toBeGreaterThanOrEqual(60);
    // (this sample holds traces that partial-order reduction alone made longer)
    expect(shortened).toBeGreaterThan(0);
  });
});
