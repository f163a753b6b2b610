import { describe, expect, it } from 'vitest';
import { check, minimizeFaults, simulate } from 'mpcheck';
import { describeFaults, faultsOf } from '../../src/check/index.ts';
import { compile } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import majority from '../fixtures/majority.ts';
import retransmit from '../../models/retransmit.ts';

describe('fault-minimal counterexamples', () => {
  it('reduces a 3-loss counterexample to 2 losses and proves fewer cannot do it', () => {
    // BFS's shortest counterexample loses all three writes (4 steps, 3 losses)
    const bfs = check(majority).properties[0].trace!;
    expect(faultsOf(bfs)).toEqual({ lose: 3 });
    const m = minimizeFaults(majority, bfs);
    expect(m.faults).toEqual({ lose: 2 });
    expect(m.total).toBe(2);
    expect(m.proven).toBe(true);
    expect(m.searches.map((s) => [s.budget, s.verdict])).toEqual([
      [{}, 'holds'],
      [{ lose: 1 }, 'holds'],
      [{ lose: 2 }, 'violated'],
    ]);
    expect(m.summary).toMatch(/^needs 2 losses; no trace with fewer faults exists within the budget \(lose ≤ 3\)/);
    expect(faultsOf(m.trace)).toEqual({ lose: 2 });
    // the fault-minimal trace is recorded with the budget it was found under, and replays
    expect(m.trace.overrides.faults).toEqual({ lose: 2, duplicate: 0, reorder: 0, crash: 0, partition: 0 });
    expect(replayTrace(compile(majority, { faults: { lose: 2 } }), m.trace).conclusion).toMatch(/^confirmed/);
  });

  it('works on a counterexample found by simulation', () => {
    const r = simulate(majority, { seed: 5, runs: 200, uniform: true });
    const v = r.properties.find((p) => p.verdict === 'violated')!;
    const m = minimizeFaults(majority, v.trace!);
    expect(m.total).toBe(2);
    expect(m.proven).toBe(true);
  });

  it('keeps the counterexample when it already has the fewest faults', () => {
    const t = check(retransmit).properties.find((p) => p.name === 'noDuplicates')!.trace!;
    const m = minimizeFaults(retransmit, t);
    expect(m.trace).toBe(t);
    expect(m.summary).toBe('needs 1 loss; no trace with fewer faults exists within the budget (lose ≤ 1): no faults holds on 7 states');
  });

  it('says so when a smaller budget could not be searched to the end', () => {
    const bfs = check(majority).properties[0].trace!;
    const m = minimizeFaults(majority, bfs, { maxStates: 10 });
    expect(m.proven).toBe(false);
    expect(m.summary).toMatch(/a trace with fewer faults is not ruled out/);
  });

  it('describes fault counts in words', () => {
    expect(describeFaults({ lose: 2, crash: 1 })).toBe('2 losses and 1 crash');
    expect(describeFaults({ lose: 1, duplicate: 2, partition: 1 })).toBe('1 loss, 2 duplications and 1 partition');
    expect(describeFaults({})).toBe('no faults');
  });
});
