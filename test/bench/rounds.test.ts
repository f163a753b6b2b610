// The speedups printed round by round under the bench table.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combineRepeats, resultRow } from '../../bench/compare.ts';
import { mpcheckConfig } from '../../bench/mpcheck.ts';
import { pairConfig } from '../../bench/pair.ts';
import { roundLines } from '../../bench/rounds.ts';
import type { Config, ExecResult, Row } from '../../bench/types.ts';
import { ringInstance } from './fixtures.ts';

const root = process.cwd();
const models = join(root, 'bench', 'models');
const one = mpcheckConfig(root, models, undefined);
const two = mpcheckConfig(root, models, 2);
const twoReduced = mpcheckConfig(root, models, 2, true);
const oneReduced = mpcheckConfig(root, models, undefined, true);
const pair = pairConfig(root, models);

/** A row of `config` whose rounds took `seconds` of search each. */
function rowOf(config: Config, seconds: readonly number[]): Row {
  return combineRepeats(
    seconds.map((s, i) => {
      const stats = { states: 100, transitions: 300, depth: 10, elapsedMs: 1000 * s };
      const stdout = JSON.stringify({ workers: config.label.includes('--workers 2') ? 2 : 1, stats, properties: [{ name: 'assertions', verdict: 'holds' }] });
      const run: ExecResult = { exitCode: 0, signal: null, stdout, stderr: '', wallSeconds: s, maxRssBytes: undefined, stealShare: undefined, timedOut: false };
      return resultRow(ringInstance, config, run, config.parse(run), i, seconds.length);
    }),
  );
}

describe('roundLines', () => {
  it('gives each multi-thread row and the pair their speedup per round, and the workers over the pair per round', () => {
    // one thread 10, 12, 10 s; two workers 6, 8, 5 s; the pair 5.5, 6, 5 s
    const rows = [rowOf(one, [10, 12, 10]), rowOf(two, [6, 8, 5]), rowOf(pair, [5.5, 6, 5]), rowOf(oneReduced, [2, 2, 2]), rowOf(twoReduced, [1, 1.6, 1.25])];
    const lines = roundLines(rows);
    expect(lines[0]).toMatch(/^speedup round by round/);
    const find = (text: string): string => {
      const hit = lines.find((l) => l.includes(text));
      if (hit === undefined) throw new Error(`no line with ${text}:\n${lines.join('\n')}`);
      return hit;
    };
    // 10/6, 12/8, 10/5
    expect(find(`ring N5M1C2  ${two.label} `)).toMatch(/ 1\.67 1\.50 2\.00 {2}\(median 1\.67\)$/);
    // 10/5.5, 12/6, 10/5
    expect(find(`ring N5M1C2  ${pair.label} `)).toMatch(/ 1\.82 2\.00 2\.00 {2}\(median 2\.00\)$/);
    // the reduced two-worker row against the reduced one-thread row: 2/1, 2/1.6, 2/1.25
    expect(find(twoReduced.label)).toMatch(/ 2\.00 1\.25 1\.60 {2}\(median 1\.60\)$/);
    // two workers ÷ two copies: 5.5/6, 6/8, 5/5
    expect(find('÷ the pair')).toMatch(new RegExp(`${two.label.replace(/[-]/g, '\\-')} ÷ the pair .* 0\\.92 0\\.75 1\\.00 {2}\\(median 0\\.92\\)$`));
    expect(lines).toHaveLength(5);
  });

  it('is empty with one round, and leaves out rows whose rounds are missing a time', () => {
    expect(roundLines([rowOf(one, [10]), rowOf(two, [6])])).toEqual([]);
    const broken = { ...rowOf(two, [6, 8]), searchSecondsEach: [6, 0] };
    expect(roundLines([rowOf(one, [10, 12]), broken])).toEqual([]);
  });
});
