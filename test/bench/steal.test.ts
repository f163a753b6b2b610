// The hypervisor's steal share of each timed run: parsing /proc/stat, the share between two
// readings, its median over rounds, the table's `steal` column and the warning under the table.

import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { combineRepeats, resultRow } from '../../bench/compare.ts';
import { parseProcStatCpu, readCpuTimes, stealShare } from '../../bench/exec.ts';
import { mpcheckConfig } from '../../bench/mpcheck.ts';
import { renderTable, stealCell, stealWarning } from '../../bench/table.ts';
import type { ExecResult, Instance, Row } from '../../bench/types.ts';
import { abpInstance, ringInstance } from './fixtures.ts';

// Two readings of this VM's /proc/stat around a 62 s bench run (2 vCPUs).
const BEFORE = 'cpu  808283 0 45537 647181 1024 0 1753 9597 0 0';
const AFTER = 'cpu  816355 0 45860 647308 1024 0 1753 13476 0 0';

const PROC_STAT = `${BEFORE}
cpu0 404100 0 22800 323500 512 0 900 4800 0 0
cpu1 404183 0 22737 323681 512 0 853 4797 0 0
intr 123456789 0 9 0 0 0 0 0 0 0 0
ctxt 987654321
btime 1764200000
processes 123456
procs_running 3
procs_blocked 0
softirq 5555555 0 1 2 3 4 5 6 7 8
`;

describe('/proc/stat', () => {
  it('reads steal (the 8th field) and the total of the aggregate cpu line', () => {
    expect(parseProcStatCpu(BEFORE)).toEqual({ steal: 9597, total: 1513375 });
    expect(parseProcStatCpu(AFTER)).toEqual({ steal: 13476, total: 1525776 });
  });

  it('finds the aggregate line in the whole file, not a per-CPU line', () => {
    expect(parseProcStatCpu(PROC_STAT)).toEqual({ steal: 9597, total: 1513375 });
    expect(parseProcStatCpu('cpu0 404100 0 22800 323500 512 0 900 4800 0 0')).toBeUndefined();
  });

  it('leaves guest time out of the total: the kernel counts it in user and nice already', () => {
    expect(parseProcStatCpu('cpu  100 10 50 800 5 0 5 30 20 7')).toEqual({ steal: 30, total: 1000 });
  });

  it('gives nothing for a malformed line', () => {
    expect(parseProcStatCpu('cpu  808283 0 45537 647181 1024 0 x1753 9597 0 0')).toBeUndefined();
    expect(parseProcStatCpu('cpu  808283 0 45537 -647181 1024 0 1753 9597 0 0')).toBeUndefined();
    expect(parseProcStatCpu('cpu  808283 0 45537 647181')).toBeUndefined(); // no steal field (before Linux 2.6.11)
    expect(parseProcStatCpu('cpu')).toBeUndefined();
    expect(parseProcStatCpu('')).toBeUndefined();
    expect(parseProcStatCpu('intr 1 2 3 4 5 6 7 8 9')).toBeUndefined();
  });

  it('steal share = Δsteal / Δtotal between two readings', () => {
    // Δ: user 8072, system 323, idle 127, steal 3879 → 3879 / 12401
    const share = stealShare(parseProcStatCpu(BEFORE), parseProcStatCpu(AFTER));
    expect(share).toBeCloseTo(3879 / 12401, 10);
    expect(share).toBeCloseTo(0.3128, 4);
    expect(stealShare({ steal: 5, total: 100 }, { steal: 5, total: 300 })).toBe(0);
  });

  it('no share without both readings, when no time passed, or when the counters went backwards', () => {
    expect(stealShare(undefined, parseProcStatCpu(AFTER))).toBeUndefined();
    expect(stealShare(parseProcStatCpu(BEFORE), undefined)).toBeUndefined();
    expect(stealShare(parseProcStatCpu(BEFORE), parseProcStatCpu(BEFORE))).toBeUndefined();
    expect(stealShare(parseProcStatCpu(AFTER), parseProcStatCpu(BEFORE))).toBeUndefined();
    expect(stealShare({ steal: 10, total: 100 }, { steal: 5, total: 200 })).toBeUndefined();
  });

  it('reading a missing file gives no CPU times, not an error', async () => {
    await expect(readCpuTimes(join(tmpdir(), 'mpcheck-bench-no-such-dir', 'stat'))).resolves.toBeUndefined();
  });
});

const inst = ringInstance;
const abp = abpInstance;

const mp1 = mpcheckConfig('/repo', '/models', undefined);
const mp2 = mpcheckConfig('/repo', '/models', 2);

function mpRow(instance: Instance, config: typeof mp1, stealShare: number | undefined): Row {
  const stdout = JSON.stringify({
    workers: config === mp2 ? 2 : 1,
    complete: true,
    stats: { states: 100, transitions: 300, depth: 10, elapsedMs: 1000, peakRssBytes: 100 * 1024 * 1024 },
    reductions: { por: false },
    properties: [{ name: 'assertions', verdict: 'holds' }],
  });
  const run: ExecResult = { exitCode: 0, signal: null, stdout, stderr: '', wallSeconds: 1.5, maxRssBytes: 1024 * 1024, stealShare, timedOut: false };
  return resultRow(instance, config, run, config.parse(run), 0, 1.5);
}

/** The cell of `column` in the table line of the row whose config is `config`. */
function cellOf(table: string, column: string, config: string): string {
  const lines = table.split('\n');
  const header = lines[0] ?? '';
  const line = lines.find((l) => l.includes(`  ${config}  `)) ?? '';
  // right-aligned column: its cell ends where its title ends
  const end = header.indexOf(` ${column} `) + 1 + column.length;
  return line.slice(0, end).trim().split(/\s+/).pop() ?? '';
}

describe('steal in rows and the table', () => {
  it('a row keeps its run’s share; with repeats the median, and each round’s share', () => {
    expect(mpRow(inst, mp1, 0.25).stealShare).toBe(0.25);
    expect('stealShare' in mpRow(inst, mp1, undefined)).toBe(false);
    const row = combineRepeats([mpRow(inst, mp1, 0.4), mpRow(inst, mp1, 0.02), mpRow(inst, mp1, 0.1)]);
    expect(row.stealShare).toBeCloseTo(0.1);
    expect(row.stealShareEach).toEqual([0.4, 0.02, 0.1]);
  });

  it('a round without a share is null in the list and left out of the median', () => {
    const row = combineRepeats([mpRow(inst, mp1, 0.3), mpRow(inst, mp1, undefined), mpRow(inst, mp1, 0.1)]);
    expect(row.stealShare).toBeCloseTo(0.2);
    expect(row.stealShareEach).toEqual([0.3, null, 0.1]);
    const none = combineRepeats([mpRow(inst, mp1, undefined), mpRow(inst, mp1, undefined)]);
    expect(none.stealShare).toBeUndefined();
    expect(none.stealShareEach).toBeUndefined();
  });

  it('the steal cell is a whole percent, or — when unknown', () => {
    expect(stealCell(3879 / 12401)).toBe('31%');
    expect(stealCell(0)).toBe('0%');
    expect(stealCell(0.004)).toBe('0%');
    expect(stealCell(0.126)).toBe('13%');
    expect(stealCell(1)).toBe('100%');
    expect(stealCell(undefined)).toBe('—');
  });

  it('the table has a steal column', () => {
    const table = renderTable([mpRow(inst, mp1, 0.3128), mpRow(inst, mp2, undefined)]);
    expect(table.split('\n')[0]).toMatch(/\bspread {2}steal {2}verdict s\b/);
    expect(cellOf(table, 'steal', 'mpcheck --no-por --no-symmetry')).toBe('31%');
    expect(cellOf(table, 'steal', 'mpcheck --workers 2 --no-por --no-symmetry')).toBe('—');
  });

  it('warns under the table when a row’s steal is 10% or more, naming the rows by instance', () => {
    const rows = [mpRow(inst, mp1, 0.31), mpRow(inst, mp2, 0.05), mpRow(abp, mp1, 0.12), mpRow(abp, mp2, undefined)];
    const line = stealWarning(rows);
    expect(line).toBe(
      'warning: the hypervisor took 10% or more of the CPU time (steal) during the timed runs of 2 rows, ' +
        'whose times and ratios are therefore unreliable: ring N=5 M=1 C=2 (mpcheck --no-por --no-symmetry 31%); abp M=4 C=5 L=3 D=3 (mpcheck --no-por --no-symmetry 12%)',
    );
    expect(line).not.toContain('--workers 2');
  });

  it('groups the rows of one instance, and counts one row as one', () => {
    expect(stealWarning([mpRow(inst, mp1, 0.2), mpRow(inst, mp2, 0.5)])).toContain(
      'of 2 rows, whose times and ratios are therefore unreliable: ring N=5 M=1 C=2 (mpcheck --no-por --no-symmetry 20%, mpcheck --workers 2 --no-por --no-symmetry 50%)',
    );
    expect(stealWarning([mpRow(inst, mp1, 0.1)])).toContain('during the timed runs of 1 row,');
  });

  it('no warning below 10% (as the table rounds it) or when no row has a share', () => {
    expect(stealWarning([mpRow(inst, mp1, 0.09), mpRow(inst, mp2, 0.0)])).toBeUndefined();
    expect(stealWarning([mpRow(inst, mp1, undefined)])).toBeUndefined();
    expect(stealWarning([])).toBeUndefined();
    // shown as 10%, so warned about
    expect(stealWarning([mpRow(inst, mp1, 0.0996)])).toContain('mpcheck --no-por --no-symmetry 10%');
  });
});
