// The bench harness's bookkeeping (no tool is run): what each time column holds, the ratios and
// their baselines, and how mpcheck's fallback to one worker shows in the table.

import { describe, expect, it } from 'vitest';
import { combineRepeats, failedRow, median, resultRow, withRatios } from '../../bench/compare.ts';
import { mpcheckConfig, parseMpcheck } from '../../bench/mpcheck.ts';
import { rumurConfig } from '../../bench/rumur.ts';
import { spinConfig } from '../../bench/spin.ts';
import { LEGEND, renderTable } from '../../bench/table.ts';
import type { ExecResult, Instance, Row } from '../../bench/types.ts';
import { abpInstance, ringInstance } from './fixtures.ts';

const inst = ringInstance;
const abp = abpInstance;

const MiB = 1024 * 1024;

/** A finished run; maxRssMiB: GNU time's peak (null: not measured). */
function exec(stdout: string, wallSeconds: number, maxRssMiB: number | null = 1): ExecResult {
  const maxRssBytes = maxRssMiB === null ? undefined : maxRssMiB * MiB;
  return { exitCode: 0, signal: null, stdout, stderr: '', wallSeconds, maxRssBytes, stealShare: undefined, timedOut: false };
}

/**
 * The cell of `column` in the table line of the row of `config` on the instance shown as
 * `instance` (e.g. 'N=5 M=1 C=2').
 */
function cellOf(table: string, column: string, instance: string, config: string): string {
  const lines = table.split('\n');
  const header = lines[0] ?? '';
  const line = lines.find((l) => l.includes(`  ${instance}  `) && l.includes(`  ${config}  `)) ?? '';
  // right-aligned column: its cell ends where its title ends
  const start = header.indexOf(` ${column} `);
  if (start < 0) throw new Error(`no column ${column}`);
  return line.slice(0, start + 1 + column.length).trim().split(/\s+/).pop() ?? '';
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

  // peak RSS (GNU time): spin 2 MiB, spin (POR) 1 MiB, rumur 3 MiB, mpcheck 1 MiB but its own
  // stats.peakRssBytes says 100 MiB
  const rows = withRatios([
    resultRow(inst, spin, exec(pan(100, 0.5), 0.6, 2), spin.parse(exec(pan(100, 0.5), 0.6, 2)), 3, 3.6),
    resultRow(inst, spinPor, exec(pan(50, 0.25), 0.3, 1), spinPor.parse(exec(pan(50, 0.25), 0.3, 1)), 2.7, 3),
    resultRow(
      inst,
      rumur,
      exec('<summary states="100" rules_fired="300" errors="0" duration_seconds="1"/>', 0.8, 3),
      rumur.parse(exec('<summary states="100" rules_fired="300" errors="0" duration_seconds="1"/>', 0.8, 3)),
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

  it('peak/spin: peak RSS against spin -DNOREDUCE (mpcheck: its own, larger figure)', () => {
    expect(s?.peakBytes).toBe(2 * MiB);
    expect(m?.peakBytes).toBe(100 * MiB);
    expect(s?.peakVsSpin).toBe(1);
    expect(sp?.peakVsSpin).toBe(0.5);
    expect(r?.peakVsSpin).toBe(1.5);
    expect(m?.peakVsSpin).toBe(50);
  });

  it('states/spinPOR: states against spin (POR), not against spin -DNOREDUCE', () => {
    expect(s?.statesVsSpinPor).toBe(2); // 100 / 50: the full search explores twice SPIN's reduced count
    expect(sp?.statesVsSpinPor).toBe(1);
    expect(r?.statesVsSpinPor).toBe(2);
    expect(m?.statesVsSpinPor).toBe(0.8); // 40 / 50: mpcheck's reduction keeps fewer states than SPIN's
  });

  it('the table shows peak/spin and states/spinPOR with the other ratios', () => {
    const table = renderTable(rows);
    expect(table.split('\n')[0]).toMatch(/ rate\/spin {2}search\/spin {2}peak\/spin {2}states\/spinPOR {2}verdict\/spinPOR {2}speedup {2}check$/);
    const cell = (column: string, config: string): string => cellOf(table, column, 'N=5 M=1 C=2', config);
    expect(cell('peak/spin', 'spin -DNOREDUCE')).toBe('1.00x');
    expect(cell('peak/spin', 'spin (POR)')).toBe('0.50x');
    expect(cell('peak/spin', 'rumur --threads 1')).toBe('1.50x');
    expect(cell('peak/spin', 'mpcheck --workers 2 (reduced)')).toBe('50.0x');
    expect(cell('states/spinPOR', 'spin -DNOREDUCE')).toBe('2.00x');
    expect(cell('states/spinPOR', 'spin (POR)')).toBe('1.00x');
    expect(cell('states/spinPOR', 'mpcheck --workers 2 (reduced)')).toBe('0.80x');
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
    // symmetry alone is a reduction in force
    const symmetric = mp2Por.parse(exec(mpcheckJson({ workers: 2, reductions: { por: false, symmetry: true } }), 3));
    expect(symmetric.symmetryInForce).toBe(true);
    expect(symmetric.notes).toEqual([]);
  });
});

describe('repeated runs (bench --repeat)', () => {
  const spin = spinConfig('/models', false, 1000);
  const mp1 = mpcheckConfig('/repo', '/models', undefined);
  const mp2 = mpcheckConfig('/repo', '/models', 2);
  // (no stats.peakRssBytes here: mpcheck's peak is GNU time's, rssMiB)
  const mpRow = (config: typeof mp1, elapsedMs: number, wall: number, states = 100, rssMiB = 1) => {
    const out = exec(mpcheckJson({ workers: config === mp2 ? 2 : 1, stats: { states, transitions: states * 3, depth: 10, elapsedMs } }, states), wall, rssMiB);
    return resultRow(inst, config, out, config.parse(out), 0, wall);
  };
  const spinRow = (seconds: number, rssMiB = 1) =>
    resultRow(inst, spin, exec(pan(100, seconds), seconds, rssMiB), spin.parse(exec(pan(100, seconds), seconds, rssMiB)), 1, 1 + seconds);

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
    expect(m2?.oneThreadLabel).toBe('mpcheck --no-por --no-symmetry');
    // per round 1.5, 1.5, 1.83: median 1.5 (the ratio of the medians would be 3.3 / 2 = 1.65)
    expect(m2?.speedupVsOneThread).toBeCloseTo(1.5);
    expect(m1?.speedupVsOneThread).toBeUndefined();
    expect(m1?.searchVsSpin).toBeCloseTo(3);
    expect(m1?.rateVsSpin).toBeCloseTo(1 / 3);
    expect(s?.searchVsSpin).toBe(1);
    expect(renderTable([base, one, two])).toContain('speedup');
  });

  it('peak/spin is the median of the round-by-round ratios of the peaks, each of which is kept', () => {
    const one = combineRepeats([mpRow(mp1, 3000, 3, 100, 30), mpRow(mp1, 3000, 3, 100, 40), mpRow(mp1, 3000, 3, 100, 50)]);
    const base = combineRepeats([spinRow(1, 10), spinRow(1, 20), spinRow(1, 10)]);
    expect(one.peakBytes).toBe(50 * MiB); // the largest
    expect(one.peakBytesEach).toEqual([30 * MiB, 40 * MiB, 50 * MiB]);
    expect(base.peakBytesEach).toEqual([10 * MiB, 20 * MiB, 10 * MiB]);
    const [s, m1] = withRatios([base, one]);
    // per round 3, 2, 5: median 3 (the ratio of the largest would be 50 / 20 = 2.5, of the medians 40 / 10 = 4)
    expect(m1?.peakVsSpin).toBeCloseTo(3);
    expect(s?.peakVsSpin).toBe(1);
    // no spin (POR) row among these: no states/spinPOR
    expect(m1?.statesVsSpinPor).toBeUndefined();
  });
});

describe('peak/spin and states/spinPOR without a counterpart', () => {
  const spin = spinConfig('/models', false, 1000);
  const spinPor = spinConfig('/models', true, 1000);
  const mp1 = mpcheckConfig('/repo', '/models', undefined);
  const mpPor = mpcheckConfig('/repo', '/models', undefined, true);
  /** An mpcheck row; peakMiB: both GNU time's figure and its own (undefined: neither). */
  const mpRow = (instance: Instance, config: typeof mp1, states: number, peakMiB: number | undefined): Row => {
    const stats = { states, transitions: states * 3, depth: 10, elapsedMs: 1000, ...(peakMiB === undefined ? {} : { peakRssBytes: peakMiB * MiB }) };
    const out = exec(mpcheckJson({ stats }, states), 1.5, peakMiB ?? null);
    return resultRow(instance, config, out, config.parse(out), 0, 1.5);
  };
  const spinRow = (instance: Instance, config: typeof spin, states: number, peakMiB: number): Row => {
    const out = exec(pan(states, 0.5), 0.6, peakMiB);
    return resultRow(instance, config, out, config.parse(out), 2, 2.6);
  };

  // ring: both SPIN rows, one mpcheck row without a measured peak; abp: no SPIN row at all;
  // exactly-once: spin -DNOREDUCE ran, spin (POR) failed
  const eo: Instance = { ...abp, model: 'exactly-once', id: 'M3C3L2D2X1', params: [['M', 3], ['C', 3], ['L', 2], ['D', 2], ['X', 1]] };
  const rows = withRatios([
    spinRow(inst, spin, 100, 4),
    spinRow(inst, spinPor, 25, 2),
    mpRow(inst, mp1, 100, undefined),
    mpRow(inst, mpPor, 30, 12),
    mpRow(abp, mp1, 100, 80),
    mpRow(abp, mpPor, 60, 70),
    spinRow(eo, spin, 100, 8),
    failedRow(eo, spinPor, 'pan: out of memory'),
    mpRow(eo, mpPor, 100, 96),
  ]);
  const [, , ringMp, ringMpPor, abpMp, abpMpPor, eoSpin, eoSpinPor, eoMpPor] = rows;

  it('both ratios need their baseline on the same instance, not on another', () => {
    expect(ringMpPor?.peakVsSpin).toBe(3);
    expect(ringMpPor?.statesVsSpinPor).toBe(1.2);
    for (const row of [abpMp, abpMpPor]) {
      expect(row?.peakBytes).toBeDefined();
      expect(row !== undefined && 'peakVsSpin' in row).toBe(false);
      expect(row !== undefined && 'statesVsSpinPor' in row).toBe(false);
    }
  });

  it('peak/spin needs a peak on both sides; states/spinPOR still shows', () => {
    expect(ringMp?.peakBytes).toBeUndefined();
    expect(ringMp !== undefined && 'peakVsSpin' in ringMp).toBe(false);
    expect(ringMp?.statesVsSpinPor).toBe(4);
  });

  it('a failed spin (POR) gives no states/spinPOR; peak/spin still shows', () => {
    expect(eoSpinPor?.error).toBe('pan: out of memory');
    expect(eoSpinPor?.statesVsSpinPor).toBeUndefined();
    expect(eoSpinPor?.peakVsSpin).toBeUndefined();
    expect(eoSpin?.statesVsSpinPor).toBeUndefined();
    expect(eoMpPor?.statesVsSpinPor).toBeUndefined();
    expect(eoMpPor?.peakVsSpin).toBe(12);
  });

  it('the table shows - where a ratio is absent', () => {
    const table = renderTable(rows);
    expect(cellOf(table, 'peak/spin', 'M=4 C=5 L=3 D=3', 'mpcheck (reduced)')).toBe('-');
    expect(cellOf(table, 'states/spinPOR', 'M=4 C=5 L=3 D=3', 'mpcheck (reduced)')).toBe('-');
    expect(cellOf(table, 'peak/spin', 'N=5 M=1 C=2', 'mpcheck --no-por --no-symmetry')).toBe('-');
    expect(cellOf(table, 'states/spinPOR', 'N=5 M=1 C=2', 'mpcheck --no-por --no-symmetry')).toBe('4.00x');
    expect(cellOf(table, 'peak/spin', 'N=5 M=1 C=2', 'mpcheck (reduced)')).toBe('3.00x');
    expect(cellOf(table, 'states/spinPOR', 'N=5 M=1 C=2', 'mpcheck (reduced)')).toBe('1.20x');
    expect(cellOf(table, 'states/spinPOR', 'M=3 C=3 L=2 D=2 X=1', 'mpcheck (reduced)')).toBe('-');
    expect(cellOf(table, 'peak/spin', 'M=3 C=3 L=2 D=2 X=1', 'mpcheck (reduced)')).toBe('12.0x');
  });
});

describe('the legend under the table', () => {
  const legend = LEGEND.join('\n');

  it('explains every ratio column of the table', () => {
    const header = renderTable([]).split('\n')[0] ?? '';
    const ratios = header.split(/\s{2,}/).filter((title) => title.includes('/spin'));
    expect(ratios).toEqual(['rate/spin', 'search/spin', 'peak/spin', 'states/spinPOR', 'verdict/spinPOR']);
    for (const title of ratios) expect(legend).toContain(title);
  });

  it('names the baseline of the new ratios and how repeats are combined', () => {
    const line = (title: string): string => LEGEND.find((l) => l.startsWith(title)) ?? '';
    expect(line('rate/spin, search/spin, peak/spin:')).toContain('peak relative to spin -DNOREDUCE');
    expect(line('states/spinPOR, verdict/spinPOR:')).toContain('states and verdict s relative to spin (POR)');
    expect(line('With --repeat N:')).toContain("peak/spin too: each round's peak is kept");
  });
});
