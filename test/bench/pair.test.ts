// bench --pair: two copies of the one-thread unreduced search at once, as one row whose
// speedup is the two-copies reference for two workers.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAIR_LABEL, pairConfig, pairDocument } from '../../bench/pair.ts';
import type { CopyOutput } from '../../bench/pair.ts';
import { combineRepeats, resultRow, withRatios } from '../../bench/compare.ts';
import { mpcheckConfig } from '../../bench/mpcheck.ts';
import { renderTable } from '../../bench/table.ts';
import type { ExecResult } from '../../bench/types.ts';
import { ringInstance } from './fixtures.ts';

function copy(elapsedMs: number, extra: { states?: number; exitCode?: number | null; peakMiB?: number } = {}): CopyOutput {
  const states = extra.states ?? 100;
  const stats = { states, transitions: 3 * states, depth: 10, elapsedMs, peakRssBytes: (extra.peakMiB ?? 100) * 1024 * 1024 };
  return { exitCode: extra.exitCode === undefined ? 0 : extra.exitCode, stdout: `${JSON.stringify({ workers: 1, stats, properties: [{ name: 'assertions', verdict: 'holds' }] })}\n`, stderr: '' };
}

describe('pairDocument', () => {
  it('elapsed is the time one search takes at the two copies’ combined rate; each copy’s is kept; the peak is the larger copy’s', () => {
    const out = pairDocument([copy(2000, { peakMiB: 90 }), copy(3000, { peakMiB: 120 })]);
    if ('error' in out) throw new Error(out.error);
    const stats = out.doc['stats'] as Record<string, unknown>;
    // 1 / (1/2000 + 1/3000) = 1200 ms: 100 states / 1.2 s = 50 + 33.3 states/s, the two rates added
    expect(stats['elapsedMs']).toBeCloseTo(1200);
    expect(stats['copiesElapsedMs']).toEqual([2000, 3000]);
    expect(stats['peakRssBytes']).toBe(120 * 1024 * 1024);
    expect(stats['states']).toBe(100);
    expect(out.exitCode).toBe(0);
    // equal copies: half of either
    const same = pairDocument([copy(5000), copy(5000)]);
    expect('doc' in same && (same.doc['stats'] as Record<string, unknown>)['elapsedMs']).toBe(2500);
  });

  it('refuses copies that disagree, failed, or printed no stats', () => {
    expect(pairDocument([copy(1000), copy(1000, { states: 99 })])).toEqual({ error: 'the copies disagree: states 100 and 99' });
    expect(pairDocument([copy(1000), copy(1000, { exitCode: 1 })])).toEqual({ error: 'the copies disagree: exit 0 and 1' });
    expect(pairDocument([copy(1000), { exitCode: 2, stdout: '', stderr: 'spec.ts: no such file\nmore' }])).toEqual({ error: 'copy 2: spec.ts: no such file' });
    expect(pairDocument([{ exitCode: null, stdout: '', stderr: '' }, copy(1000)])).toEqual({ error: 'copy 1: exit ?' });
    expect(pairDocument([copy(1000)])).toEqual({ error: 'expected 2 copies, got 1' });
  });
});

describe('the pair row', () => {
  const root = process.cwd();
  const one = mpcheckConfig(root, join(root, 'bench', 'models'), undefined);
  const pair = pairConfig(root, join(root, 'bench', 'models'));

  it('runs the one-thread unreduced command twice through bench/run-pair.ts, and compares its counts', async () => {
    const [cmd, wrapped] = await Promise.all([one.prepare(ringInstance, '/tmp'), pair.prepare(ringInstance, '/tmp')]);
    expect(cmd.args).toContain('--no-por');
    expect(cmd.args).not.toContain('--workers');
    expect(wrapped).toEqual({ file: process.execPath, args: [join(root, 'bin', 'run-ts.js'), join(root, 'bench', 'run-pair.ts'), '--', cmd.file, ...cmd.args], cwd: cmd.cwd });
    expect(pair.label).toBe(PAIR_LABEL);
    expect(pair.oneThreadLabel).toBe(one.label);
    expect(pair.compared).toBe(true);
  });

  it('its speedup is, round by round, the one-thread time over the pair’s combined time', () => {
    const row = (config: typeof one, doc: string): ReturnType<typeof resultRow> => {
      const run: ExecResult = { exitCode: 0, signal: null, stdout: doc, stderr: '', wallSeconds: 1, maxRssBytes: undefined, stealShare: undefined, timedOut: false };
      return resultRow(ringInstance, config, run, config.parse(run), 0, 1);
    };
    const docOf = (out: ReturnType<typeof pairDocument>): string => {
      if ('error' in out) throw new Error(out.error);
      return JSON.stringify(out.doc);
    };
    // one thread alone: 4 s, then 6 s (a slow round); the pairs: 4 and 4.4 s, then 6 and 7 s
    const singles = [copy(4000), copy(6000)].map((c) => row(one, c.stdout));
    const pairs = [pairDocument([copy(4000), copy(4400)]), pairDocument([copy(6000), copy(7000)])].map((p) => row(pair, docOf(p)));
    const [, pairRow] = withRatios([combineRepeats(singles), combineRepeats(pairs)]);
    // round 1: 4/4 + 4/4.4 = 1.909; round 2: 6/6 + 6/7 = 1.857; median of two: 1.883
    expect(pairRow?.speedupVsOneThread).toBeCloseTo((1 + 4 / 4.4 + 1 + 6 / 7) / 2);
    expect(pairRow?.check).toBe('ok');
    expect(renderTable([combineRepeats(singles), pairRow!])).toContain(PAIR_LABEL);
  });
});

describe('bench/run-pair.ts', () => {
  it('runs a real search twice at once and prints one document with both copies’ times', () => {
    const args = ['bin/run-ts.js', 'bench/run-pair.ts', '--', process.execPath, 'bin/mpcheck.js', 'check', 'bench/models/ring/ring.ts'];
    const r = spawnSync(process.execPath, [...args, '--param', 'N=4', '--param', 'M=1', '--param', 'C=2', '--no-por', '--no-symmetry', '--json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { stats: { states: number; transitions: number; elapsedMs: number; copiesElapsedMs: number[] } };
    // ring N=4 M=1 C=2: the counts SPIN and Rumur agree on
    expect([doc.stats.states, doc.stats.transitions]).toEqual([1848, 4360]);
    const [e1, e2] = doc.stats.copiesElapsedMs;
    expect(doc.stats.elapsedMs).toBeCloseTo(1 / (1 / e1 + 1 / e2));
    // a copy that fails: the driver says which and why, and exits 2
    const bad = spawnSync(process.execPath, [...args.slice(0, -1), 'bench/models/ring/missing.ts', '--json'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^run-pair: copy 1: .*missing\.ts/);
  }, 60_000);
});
