// The speedups of the table, round by round: on a noisy machine a median hides how far the
// rounds were apart, and the two-worker row is best read against the two copies of the same round.

import { median, perRound, rowOf } from './compare.js';
import { PAIR_LABEL } from './pair.js';
import type { Row } from './types.js';

/**
 * The lines printed under the table with --repeat 2 or more: for each row with a one-thread
 * twin (several threads or workers, and the --pair row), the twin's search s / the row's in
 * each round; and, for an instance with a --pair row, the two-worker row's speedup over the
 * pair's in each round (two workers ÷ two copies: 1 when the workers are as fast as two
 * independent searches at once). Empty when there is nothing to show.
 */
export function roundLines(rows: readonly Row[]): string[] {
  const items: [label: string, ratios: number[]][] = [];
  for (const row of rows) {
    if (row.oneThreadLabel === undefined || row.error !== undefined) continue;
    const twin = rowOf(rows, row, row.oneThreadLabel);
    const ratios = twin && perRound(twin.searchSecondsEach, row.searchSecondsEach);
    if (ratios !== undefined) items.push([`${row.model} ${row.instance}  ${row.config}`, ratios]);
    if (row.config !== PAIR_LABEL) continue;
    const workers = rows.find(
      (r) => r.model === row.model && r.instance === row.instance && r.config !== PAIR_LABEL && r.oneThreadLabel === row.oneThreadLabel && r.error === undefined,
    );
    const versus = workers && perRound(row.searchSecondsEach, workers.searchSecondsEach);
    if (versus !== undefined) items.push([`${row.model} ${row.instance}  ${workers!.config} ÷ the pair (two workers ÷ two copies)`, versus]);
  }
  if (items.length === 0) return [];
  const width = Math.max(...items.map(([label]) => label.length));
  return [
    'speedup round by round (the one-thread search s ÷ the row\'s, in the same round):',
    ...items.map(([label, ratios]) => `  ${label.padEnd(width)}  ${ratios.map((r) => r.toFixed(2)).join(' ')}  (median ${median(ratios).toFixed(2)})`),
  ];
}
