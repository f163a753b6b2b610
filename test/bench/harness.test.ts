// The bench harness's bookkeeping (no tool is run): what each time column holds, the ratios and
// their baselines, and how mpcheck's fallback to one worker shows in the table.

import { describe, expect, it } from 'vitest';
import { combineRepeats, failedRow, median, resultRow, withRatios } from '../../bench/compare.ts';
import { mpcheckConfig, parseMpcheck } from '../../bench/mpcheck.ts';
import { rumurConfig } from '../../bench/rumur.ts';
import { spinConfig } from '../../bench/spin.ts';
import { renderTable } from '../../bench/table.ts';
import type { ExecResult, Instance } from '../../bench/types.ts';

const inst: Instance = {
  model: 'ring',
  id: 'N5M1C2',
  params: [['N', 5], ['M', 1], ['C', 2]],
  faultParams: {},
  layered: true,
  expected: { states: 100, transitions: 300, depth: 10 },
};

function exec(stdout: string, wallSeconds: number, stealShare?: number): ExecResult {
  return { exitCode: 0, signal: null, stdout, stderr: '', wallSeconds, maxRssBytes: 1024 * 1024, stealShare, timedOut: false };
}

function pan(states: number, seconds: number): string {
  return `\t${states} states, stored\n\t${states * 3 + 1} transitions (= stored+matched)\nerrors: 0\npan: elapsed time ${seconds} seconds\n`;
}

function mpcheckJson(extra: Record<string, unknown>, states = 100): string {
  return JSON.stringify({
    workers: 1,
    complete: true,
    stats: { states, transitions: states * 3, depth: 10, elapsedMs: 2000, peakRssBytes: 100 * 1024 * 1024 },
    reductions: { por: false },
    properties: [{ name: 'assertions', verdict: 'holds' }],
    ...extra,
  });
}

describe('bench rows', () => {
  const spin = spinConfig('/models', false, 1000);
  const spinPor = spinConfig('/models', true, 1000);
  const rumur = rumurConfig('/models', 1, 1000);
  const mp2Por = mpcheckConfig('/repo', '/models', 2, true);

  const rows = withRatios([
    resultRow(inst, spin, exec(pan(100, 0.5), 0.6), spin.parse(exec(pan(100, 0.5), 0.6)), 3, 3.6),
    resultRow(inst, spinPor, exec(pan(50, 0.25), 0.3), spinPor.parse(exec(pan(50, 0.25), 0.3)), 2.7, 3),
    resultRow(
      inst,
      rumur,
      exec('<summary states="100" rules_fired="300" errors="0" duration_seconds="1"/>', 0.8),
      rumur.parse(exec('<summary states="100" rules_fired="300" errors="0" duration_seconds="1"/>', 0.8)),
      4,
      4.8,
    ),
    ...(() => {
      const out = exec(
        mpcheckJson({
          workers: 1,
          workersNote: 'partial-order reduction is in force, which the parallel search does not do yet',
          reductions: { por: true },
        }, 40),
        2.5,
      );
      return [resultRow(inst, mp2Por, out, mp2Por.parse(out), 0, 2.5)];
    })(),
  ]);
  const [s, sp, r, m] = rows;

  it('search time is the tool’s own figure, except Rumur’s whole seconds', () => {
    expect(s?.searchSeconds).toBe(0.5);
    expect(r?.reportedSeconds).toBe(1);
    expect(r?.searchSeconds).toBe(0.8);
    expect(m?.searchSeconds).toBe(2);
    expect(m?.runSeconds).toBe(2.5);
  });

  it('ratios: search rate and time against spin -DNOREDUCE, time to verdict against spin (POR)', () => {
    expect(s?.searchVsSpin).toBe(1);
    expect(sp?.searchVsSpin).toBe(0.5);
    expect(sp?.verdictVsSpinPor).toBe(1);
    expect(s?.verdictVsSpinPor).toBeCloseTo(1.2);
    expect(r?.verdictVsSpinPor).toBeCloseTo(1.6);
    expect(m?.verdictVsSpinPor).toBeCloseTo(2.5 / 3);
    expect(m?.rateVsSpin).toBeCloseTo(20 / 200);
  });

  it('keeps mpcheck’s fallback to one worker and shows it with a footnote', () => {
    expect(m?.workers).toBe(1);
    expect(m?.porInForce).toBe(true);
    const table = renderTable(rows);
    expect(table).toContain('ran on 1 worker [1]');
    expect(table).toContain('[1] mpcheck: partial-order reduction is in force');
  });

  it('says when mpcheck’s reduction was not in force', () => {
    const parsed = mp2Por.parse(exec(mpcheckJson({ workers: 2, reductions: { por: false } }), 3));
    expect(parsed.notes).toEqual(['no reduction in force: full state space']);
    expect(parseMpcheck(exec(mpcheckJson({}), 3)).notes).toEqual([]);
  });
});

describe('repeated runs (bench --repeat)', () => {
  const spin = spinConfig('/models', false, 1000);
  const mp1 = mpcheckConfig('/repo', '/models', undefined);
  const mp2 = mpcheckConfig('/repo', '/models', 2);
  const mpRow = (config: typeof mp1, elapsedMs: number, wall: number, states = 100) => {
    const out = exec(mpcheckJson({ workers: config === mp2 ? 2 : 1, stats: { states, transitions: states * 3, depth: 10, elapsedMs } }, states), wall);
    return resultRow(inst, config, out, config.parse(out), 0, wall);
  };
  const spinRow = (seconds: number) => resultRow(inst, spin, exec(pan(100, seconds), seconds), spin.parse(exec(pan(100, seconds), seconds)), 1, 1 + seconds);

  it('median: the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('times are medians, each run is kept, peak memory is the largest', () => {
    const row = combineRepeats([mpRow(mp1, 3000, 3.5), mpRow(mp1, 1000, 1.5), mpRow(mp1, 2000, 2.5)]);
    expect(row.repeats).toBe(3);
    expect(row.searchSeconds).toBe(2);
    expect(row.verdictSeconds).toBe(2.5);
    expect(row.searchSecondsEach).toEqual([3, 1, 2]);
    expect(row.statesPerSecond).toBe(50);
    expect(row.check).toBe('ok');
    expect(renderTable([row])).toMatch(/\b100%/); // spread (3 - 1) / 2
  });

  it('counts that differ between runs are a MISMATCH, and a failed run fails the row', () => {
    const differ = combineRepeats([mpRow(mp2, 1000, 1, 100), mpRow(mp2, 1000, 1, 101)]);
    expect(differ.check).toBe('MISMATCH');
    expect(differ.notes.join()).toContain('counts differ between runs: 100 states, 300 transitions / 101 states, 303 transitions');
    const failed = combineRepeats([mpRow(mp1, 1000, 1), failedRow(inst, mp1, 'timed out after 5 s')]);
    expect(failed.error).toBe('run 2 of 2: timed out after 5 s');
  });

  it('ratios are medians of the round-by-round ratios, and the speedup is against the one-thread row', () => {
    // round 2 ran while the machine was slow: both of its runs took twice as long
    const one = combineRepeats([mpRow(mp1, 3000, 3), mpRow(mp1, 6000, 6), mpRow(mp1, 3300, 3.3)]);
    const two = combineRepeats([mpRow(mp2, 2000, 2), mpRow(mp2, 4000, 4), mpRow(mp2, 1800, 1.8)]);
    const base = combineRepeats([spinRow(1), spinRow(2), spinRow(1)]);
    const [s, m1, m2] = withRatios([base, one, two]);
    expect(m2?.oneThreadLabel).toBe('mpcheck --no-por');
    // per round 1.5, 1.5, 1.83: median 1.5 (the ratio of the medians would be 3.3 / 2 = 1.65)
    expect(m2?.speedupVsOneThread).toBeCloseTo(1.5);
    expect(m1?.speedupVsOneThread).toBeUndefined();
    expect(m1?.searchVsSpin).toBeCloseTo(3);
    expect(m1?.rateVsSpin).toBeCloseTo(1 / 3);
    expect(s?.searchVsSpin).toBe(1);
    expect(renderTable([base, one, two])).toContain('speedup');
  });
});
