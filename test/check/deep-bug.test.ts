import { describe, expect, it } from 'vitest';
import { check, simulate } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import ringWrap from '../../models/ring-wrap.ts';

// models/ring-wrap.ts: the sequence field wraps after W=4 values, so the 5th message of an
// origin breaks the relays' order check. At N=3 BFS finds the shortest counterexample; at
// N=8 the space is far beyond exhaustive search (README: simulation), but random walks find it.
const bug = { M: 5, W: 4 };

describe('a deep bug in a space too large to exhaust (ring-wrap, N=8)', () => {
  it('simulation finds it and shrinks it to at most twice the BFS shortest at N=3', () => {
    const shortest = check(ringWrap, { params: { ...bug, N: 3 } }).properties[0];
    expect(shortest.verdict).toBe('violated');
    expect(shortest.trace!.steps).toHaveLength(14);

    const r = simulate(ringWrap, { params: { ...bug, N: 8 }, seedRange: [7, 7], depth: 300 });
    const v = r.properties.find((p) => p.verdict === 'violated')!;
    expect(v.detail).toMatch(/FIFO order violated/);
    expect(v.found!.foundSteps).toBeGreaterThan(v.trace!.steps.length);
    expect(v.trace!.steps.length).toBeLessThanOrEqual(2 * shortest.trace!.steps.length);
    expect(replayTrace(compile(ringWrap, { params: { ...bug, N: 8 } }), v.trace!).conclusion).toMatch(/^confirmed/);
  });
});
