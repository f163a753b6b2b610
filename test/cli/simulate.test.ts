import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mpcheck-sim-'));

describe('mpcheck simulate', () => {
  it('finds, shrinks and charts a violation, says how to replay it, exits 1', async () => {
    const r = await cli('simulate', 'models/retransmit.ts', '--seed', '1', '--runs', '300');
    expect(r.code).toBe(1);
    expect(r.out).toContain('mpcheck · retransmit (models/retransmit.ts) · params messages=2 · simulate · seeds 1..3 × 100 runs · depth 100 · swarm bias per seed');
    expect(r.out).toContain('✗ atMostOnce   violated receiver delivered sender#0 twice');
    expect(r.out).toContain('? noDuplicates unknown  no violation found in 203 runs (the search stopped at the first violation)');
    expect(r.out).toContain('? allDelivered unknown  no violation found in 203 runs (the search stopped at the first violation)');
    expect(r.out).toMatch(/runs 203 · steps [\d,]+ · distinct states touched \d+ · deepest step \d+ ·/);
    expect(r.out).toContain('found by seed 3, run 2 (bias: sender ×4, receiver ×4; lose ×1)');
    expect(r.out).toContain('replay this walk: mpcheck simulate models/retransmit.ts --seed 3 --path 2:0 --depth 100');
    expect(r.out).toContain("Counterexample for 'atMostOnce' (5 steps)");
    expect(r.out).not.toMatch(/\bholds\b/);
  });

  it('the replay command gives the same counterexample', async () => {
    const a = await cli('simulate', 'models/retransmit.ts', '--seed', '5', '--runs', '400', '--param', 'messages=3', '--faults', 'lose=2', '--depth', '40');
    const cmd = /replay this walk: mpcheck (simulate .*)/.exec(a.out)![1].split(' ');
    expect(cmd).toContain('--param');
    const b = await cli(...cmd);
    expect(b.code).toBe(1);
    const chart = (s: string) => s.slice(s.indexOf('Counterexample for'));
    expect(chart(b.out)).toBe(chart(a.out));
  });

  it('--workers runs the swarm on threads and reports the same counterexample', async () => {
    const argv = ['simulate', 'models/retransmit.ts', '--seed', '1', '--runs', '300', '--json'];
    const one = JSON.parse((await cli(...argv)).out);
    const two = JSON.parse((await cli(...argv, '--workers', '2')).out);
    expect(two.workers).toBe(2);
    const v = (d: { properties: { verdict: string }[] }) => d.properties.find((p) => p.verdict === 'violated');
    expect(v(two)).toEqual(v(one));
  });

  it('--trace-out writes a trace that mpcheck replay confirms', async () => {
    const file = join(tmp, 'sim.json');
    const r = await cli('simulate', 'models/fire-and-forget.ts', '--seed', '3', '--runs', '200', '--trace-out', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`trace of 'allDelivered' written to ${file}`);
    const rep = await cli('replay', file);
    expect(rep.code).toBe(0);
    expect(rep.out).toContain("confirmed: all 4 steps replayed and the trace violates 'allDelivered'");
  });

  it('nothing found: exit 0, and the report never claims the property holds', async () => {
    const r = await cli('simulate', 'models/retransmit.ts', '--seed', '1', '--runs', '40', '--runs-per-seed', '20', '--faults', 'lose=0', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ format: 'mpcheck-simulation/1', seeds: [1, 2], runsPerSeed: 20, stoppedBy: 'runs', stats: { runs: 40, plannedRuns: 40 } });
    expect(doc.properties.map((p: { verdict: string; detail: string }) => [p.verdict, p.detail])).toEqual(Array(5).fill(['unknown', 'no violation found in 40 runs']));
  });

  it('--seed-range runs exactly those seeds; the seed that found it finds it alone', async () => {
    const all = JSON.parse((await cli('simulate', 'models/retransmit.ts', '--seed-range', '1..6', '--runs-per-seed', '50', '--json')).out);
    expect(all.seeds).toEqual([1, 6]);
    const v = all.properties.find((p: { verdict: string }) => p.verdict === 'violated');
    const s = String(v.found.seed);
    const alone = JSON.parse((await cli('simulate', 'models/retransmit.ts', '--seed-range', `${s}..${s}`, '--runs-per-seed', '50', '--json')).out);
    expect(alone.properties.find((p: { verdict: string }) => p.verdict === 'violated').trace).toEqual(v.trace);
  });

  it('--min-faults gives the fault-minimal counterexample and proves it', async () => {
    const r = await cli('simulate', 'test/fixtures/majority.ts', '--seed', '5', '--runs', '200', '--uniform', '--min-faults');
    expect(r.code).toBe(1);
    expect(r.out).toContain('fault-minimal: needs 2 losses; no trace with fewer faults exists within the budget (lose ≤ 3)');
  });

  it.each([
    [['simulate', 'models/retransmit.ts', '--seed-range', '1..5', '--runs', '10'], '--seed-range replaces --runs and --seed'],
    [['simulate', 'models/retransmit.ts', '--path', '1:0'], '--path replays a walk of one seed: give that --seed too'],
    [['simulate', 'models/retransmit.ts', '--seed-range', '5..1'], 'empty seed range 5..1'],
    [['simulate', 'models/retransmit.ts', '--property', 'fifo'], "unknown property 'fifo'"],
    [['simulate', 'models/retransmit.ts', '--runs', '0'], 'expected a positive integer'],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe('mpcheck check --min-faults', () => {
  it('adds the fewest faults, with the searches that prove it, and the fault-minimal chart', async () => {
    const r = await cli('check', 'test/fixtures/majority.ts', '--min-faults');
    expect(r.code).toBe(1);
    expect(r.out).toContain("Counterexample for 'majorityAcked' (4 steps)");
    expect(r.out).toContain('majorityAcked: needs 2 losses; no trace with fewer faults exists within the budget (lose ≤ 3): no faults holds on 28 states; lose=1 holds on 74 states');
    expect(r.out).toContain("Fault-minimal counterexample for 'majorityAcked' (5 steps)");
  });

  it('--json carries minFaults, and --trace-out writes the fault-minimal trace', async () => {
    const file = join(tmp, 'min.json');
    const r = await cli('check', 'test/fixtures/majority.ts', '--min-faults', '--json', '--trace-out', file);
    const doc = JSON.parse(r.out);
    expect(doc.properties[0].minFaults).toMatchObject({ faults: { lose: 2 }, total: 2, original: { lose: 3 }, proven: true });
    const rep = await cli('replay', file);
    expect(rep.out).toContain("confirmed: all 5 steps replayed and the trace violates 'majorityAcked'");
  });
});
