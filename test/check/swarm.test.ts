import { describe, expect, it } from 'vitest';
import { SpecError, simulate, swarm } from 'mpcheck';
import retransmit from '../../models/retransmit.ts';
import throwsInHandler from '../fixtures/throws-in-handler.ts';

const file = 'models/retransmit.ts';
// Seeds 1 and 2 draw a bias with losses turned off, so the first finding is seed 3's (index 2)
// and later seeds find it too: which one wins must not depend on the workers.
const opts = { file, params: { messages: 4 }, faults: { lose: 2 }, seed: 1, runs: 2000, runsPerSeed: 40, depth: 60 };
const finding = (r: Awaited<ReturnType<typeof swarm>>) => {
  const v = r.properties.find((p) => p.verdict === 'violated')!;
  return { found: v.found, trace: v.trace };
};

describe('swarm on worker threads', () => {
  it('gives the same counterexample as one thread, for every worker count, and stops the rest', async () => {
    const alone = simulate(retransmit, opts);
    expect(finding(alone).found!.seed).toBe(3);
    for (const workers of [2, 3]) {
      const r = await swarm(retransmit, file, { ...opts, workers });
      expect(r.workers).toBe(workers);
      expect(finding(r)).toEqual(finding(alone));
      // 50 seeds were planned; the finding called off the rest
      expect(r.stats.seedsRun).toBeLessThan(10);
      expect(r.stats.runs).toBeLessThan(r.stats.plannedRuns / 5);
    }
  });

  it('a spec error inside a worker is reported as the spec error', async () => {
    const w = swarm(throwsInHandler, 'test/fixtures/throws-in-handler.ts', { seed: 1, runs: 20, workers: 2 });
    await expect(w).rejects.toBeInstanceOf(SpecError);
    await expect(w).rejects.toThrow(/boom/);
  });
});
