import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mpcheck-liveness-'));
const MODEL = 'models/fair-lossy-link.ts';

describe('mpcheck check with liveness properties', () => {
  it('reports the lasso with the other verdicts and exits 1', async () => {
    const r = await cli('check', MODEL, '--no-progress');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ atLeastOnce +violated lasso \(1-step stem, 2-step cycle\)/);
    expect(r.out).toMatch(/✓ noDeadlock +holds +checked on all 7 reachable states/);
    expect(r.out).toContain('liveness: fairness none · graph of 7 states, 9 steps');
    expect(r.out).toContain('┌─ cycle: steps 2–3 repeat forever');
  });

  it('the liveness graph is the full one, and says so when the safety search was reduced', async () => {
    // two interchangeable counters 0..2: 9 states and 12 steps, 6 classes under symmetry
    const file = join(tmp, 'twins.ts');
    writeFileSync(
      file,
      `import { protocol } from 'mpcheck';
const { define, process } = protocol<{ type: 'ping' }>();
const member = () => process<{ n: number }>({ init: { n: 0 }, actions: { step: { when: (s) => s.n < 2, then: (s) => ({ n: s.n + 1 }) } } });
export default define({
  name: 'twins',
  symmetry: [['a', 'b']],
  processes: () => ({ a: member(), b: member() }),
  properties: (_p, p) => [
    p.always('bounded', (v) => Object.values(v.procs).every((s) => (s as { n: number }).n <= 2)),
    p.eventually('someDone', (v) => Object.values(v.procs).some((s) => (s as { n: number }).n === 2)),
  ],
});
`,
    );
    const r = await cli('check', file, '--no-progress');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ bounded +holds +checked on the 6 states of the reduced state space \(symmetry reduction\)/);
    expect(r.out).toContain('liveness: fairness none · graph of 9 states, 12 steps (unreduced: the reductions above are the safety search\'s) ·');
    const full = await cli('check', file, '--no-progress', '--no-symmetry');
    expect(full.out).toMatch(/✓ bounded +holds +checked on all 9 reachable states/);
    expect(full.out).toContain('liveness: fairness none · graph of 9 states, 12 steps · ');
  });

  it('--param fair=strong and --fairness strong=deliver:* make it hold; --fairness none overrides the spec', async () => {
    expect((await cli('check', MODEL, '--param', 'fair=strong')).code).toBe(0);
    const f = await cli('check', MODEL, '--fairness', 'strong=deliver:*');
    expect(f.code).toBe(0);
    expect(f.out).toContain('liveness: fairness strong deliver:*');
    expect((await cli('check', MODEL, '--param', 'fair=strong', '--fairness', 'none')).code).toBe(1);
    const two = await cli('check', MODEL, '--fairness', 'strong=deliver:sender->receiver', '--fairness', 'strong=deliver:receiver->sender', '--json');
    expect(JSON.parse(two.out).fairness).toEqual({ weak: [], strong: ['deliver:sender->receiver', 'deliver:receiver->sender'] });
    expect(two.code).toBe(0);
  });

  it('a malformed or unknown fairness group is a usage or spec error (exit 2)', async () => {
    const bad = await cli('check', MODEL, '--fairness', 'fair=process:*');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected weak=GROUP or strong=GROUP/);
    const unknown = await cli('check', MODEL, '--fairness', 'weak=process:nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/fairness 'process:nobody': unknown process 'nobody'/);
  });

  it('--json adds fairness and the liveness statistics; the lasso trace has loopStart', async () => {
    const r = await cli('check', MODEL, '--json');
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['format', 'mpcheck', 'model', 'file', 'params', 'strategy', 'workers', 'complete', 'stoppedBy', 'stats', 'reductions', 'properties', 'fairness', 'liveness']);
    expect(doc.liveness).toMatchObject({ states: 7, edges: 9, complete: true, stoppedBy: 'exhausted' });
    const p = doc.properties.find((x: { name: string }) => x.name === 'atLeastOnce');
    expect(p).toMatchObject({ kind: 'liveness', verdict: 'violated', trace: { loopStart: 1 } });
  });

  it('--trace-out writes the lasso, and replay confirms it', async () => {
    const file = join(tmp, 'lasso.json');
    const r = await cli('check', MODEL, '--property', 'atLeastOnce', '--trace-out', file);
    expect(r.code).toBe(1);
    const rep = await cli('replay', file);
    expect(rep.code).toBe(0);
    expect(rep.out).toContain('confirmed: all 3 steps replayed, the cycle (steps 2–3) returns to its first state and repeats forever');
    expect(rep.out).toContain('└─ ↻ back to the state before step 2');
  });

  it('matrix shows a lasso as stem+cycle', async () => {
    const r = await cli('matrix', MODEL, '--env', 'spec', 'reliable', '--format', 'md');
    expect(r.code).toBe(0);
    // with the spec's unlimited loss: a lasso; with no faults at all it holds
    expect(r.out).toMatch(/\| fair-lossy-link \| atLeastOnce \| violated \(lasso 1\+2\) \| holds \(4 states\) \|/);
  });
});
