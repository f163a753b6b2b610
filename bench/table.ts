// Plain-text rendering of the result rows as one aligned table, and the legend printed under it.

import { median } from './compare.js';
import type { Row } from './types.js';

const MiB = 1024 * 1024;

export const SEARCH_NOTE =
  "the tool's own search time: pan 'elapsed time', mpcheck stats.elapsedMs; " +
  "for Rumur (whole seconds only) the verifier's wall clock";
export const STEAL_NOTE =
  "the share of the machine's CPU time taken by the hypervisor (steal in /proc/stat) during the timed run; " +
  'high values make wall-clock times and ratios unreliable';
export const VERDICT_NOTE =
  'wall clock from the model file to the verdict: spin -a + gcc + pan; rumur + cc + verifier; ' +
  'the whole node bin/mpcheck.js process (Node/tsx start-up and model loading included)';

export const PAIR_NOTE =
  'the one-thread unreduced search run twice at once as two processes; search s = 1 / (1/e1 + 1/e2) for their ' +
  "elapsed times e1, e2 (states/s is their combined rate), so its speedup is what two workers as fast as two independent " +
  "searches would reach, a reference for the two-worker row in that round (not a bound: two copies hold two tables); " +
  "peak = the larger copy's";

/** The lines bench/run.ts prints under the table, explaining its columns. */
export const LEGEND: readonly string[] = [
  `search s = ${SEARCH_NOTE}.`,
  `verdict s = ${VERDICT_NOTE}.`,
  `steal = ${STEAL_NOTE} (median over rounds; — when not measured, e.g. without /proc/stat).`,
  'states/s = states / search s; peak = max RSS (GNU time %M).',
  'rate/spin, search/spin, peak/spin: states/s, search s and peak relative to spin -DNOREDUCE (the unreduced search); ' +
    'same instance, same run.',
  "states/spinPOR, verdict/spinPOR: states and verdict s relative to spin (POR), SPIN with its default reduction; " +
    "same instance, same run. states/spinPOR shows how many states the row's reduction keeps against SPIN's " +
    "(unreduced rows: how many more states they explore); verdict/spinPOR is issue 7's comparison.",
  "speedup: search s of the same tool and reduction on one thread / this row's (2 threads or workers).",
  `2 one-thread runs at once (bench --pair): ${PAIR_NOTE}.`,
  "- in a ratio column: no baseline row for the instance, or a figure missing or 0 on either side (e.g. a search under pan's 10 ms tick).",
  'With --repeat N: every config of an instance runs once per round, N rounds; times are medians, peak the largest, ' +
    'spread = (slowest - fastest) / median search s, and ratios are medians of the round-by-round ratios ' +
    "(peak/spin too: each round's peak is kept; states/spinPOR is one ratio, the counts being the same every round).",
];

function int(n: number | undefined): string {
  return n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US');
}

function fixed(n: number | undefined, digits: number): string {
  return n === undefined ? 'n/a' : n.toFixed(digits);
}

function ratio(n: number | undefined): string {
  if (n === undefined) return '-';
  return `${n >= 10 ? n.toFixed(1) : n.toFixed(2)}x`;
}

/** How far apart repeated runs' search times are: (slowest − fastest) / median, in percent. */
function spread(each: readonly number[] | undefined): string {
  if (each === undefined || each.length < 2) return '-';
  const m = median(each);
  return m > 0 ? `${Math.round((100 * (Math.max(...each) - Math.min(...each))) / m)}%` : '-';
}

/** A steal share as the table shows it: whole percent. */
function stealPercent(share: number): number {
  return Math.round(100 * share);
}

/** The `steal` cell: the hypervisor's share of the machine's CPU time during the run, e.g. `31%`; `—` when unknown. */
export function stealCell(share: number | undefined): string {
  return share === undefined ? '—' : `${stealPercent(share)}%`;
}

/** From this share of steal on (as the table rounds it), a row's times are flagged as unreliable. */
export const STEAL_WARNING_SHARE = 0.1;

/** The instance as the table names it, e.g. `N=5 M=1 C=2`. */
function instanceText(row: Row): string {
  return Object.entries(row.params).map(([k, v]) => `${k}=${v}`).join(' ');
}

/**
 * One warning line naming the rows, grouped by instance, whose steal share is
 * STEAL_WARNING_SHARE or more; undefined when there is none.
 */
export function stealWarning(rows: readonly Row[]): string | undefined {
  const threshold = stealPercent(STEAL_WARNING_SHARE);
  const high = rows.filter((r) => r.stealShare !== undefined && stealPercent(r.stealShare) >= threshold);
  if (high.length === 0) return undefined;
  const byInstance = new Map<string, string[]>();
  for (const r of high) {
    const key = `${r.model} ${instanceText(r)}`;
    const list = byInstance.get(key) ?? [];
    list.push(`${r.config} ${stealCell(r.stealShare)}`);
    byInstance.set(key, list);
  }
  const named = [...byInstance].map(([instance, configs]) => `${instance} (${configs.join(', ')})`).join('; ');
  const count = high.length === 1 ? '1 row' : `${high.length} rows`;
  return (
    `warning: the hypervisor took ${threshold}% or more of the CPU time (steal) during the timed runs of ${count}, ` +
    `whose times and ratios are therefore unreliable: ${named}`
  );
}

/** Long notes shared by many rows (mpcheck's workersNote), printed once under the table. */
class Footnotes {
  readonly texts: string[] = [];
  ref(text: string): string {
    let i = this.texts.indexOf(text);
    if (i < 0) i = this.texts.push(text) - 1;
    return `[${i + 1}]`;
  }
}

function status(row: Row, footnotes: Footnotes): string {
  if (row.error !== undefined) return `n/a: ${row.error}`;
  const head = row.check === 'MISMATCH' ? '*** MISMATCH ***' : row.check;
  const notes = [...row.notes];
  if (row.workersNote !== undefined) {
    const n = row.workers ?? 1;
    notes.push(`ran on ${n} worker${n === 1 ? '' : 's'} ${footnotes.ref(row.workersNote)}`);
  }
  return notes.length === 0 ? head : `${head}: ${notes.join('; ')}`;
}

interface Column {
  readonly title: string;
  readonly right: boolean;
  readonly cell: (row: Row, footnotes: Footnotes) => string;
}

// The ratios come last, grouped by baseline: spin -DNOREDUCE, spin (POR), the one-thread twin.
const COLUMNS: readonly Column[] = [
  { title: 'model', right: false, cell: (r) => r.model },
  { title: 'instance', right: false, cell: instanceText },
  { title: 'tool/config', right: false, cell: (r) => r.config },
  { title: 'states', right: true, cell: (r) => int(r.states) },
  { title: 'transitions', right: true, cell: (r) => int(r.transitions) },
  // pan counts clock ticks (10 ms): 0 means under one tick.
  { title: 'search s', right: true, cell: (r) => (r.searchSeconds === 0 ? '<0.01' : fixed(r.searchSeconds, 2)) },
  { title: 'spread', right: true, cell: (r) => spread(r.searchSecondsEach) },
  { title: 'steal', right: true, cell: (r) => stealCell(r.stealShare) },
  { title: 'verdict s', right: true, cell: (r) => fixed(r.verdictSeconds, 2) },
  { title: 'states/s', right: true, cell: (r) => int(r.statesPerSecond) },
  { title: 'peak MiB', right: true, cell: (r) => fixed(r.peakBytes === undefined ? undefined : r.peakBytes / MiB, 1) },
  { title: 'bytes/state', right: true, cell: (r) => int(r.bytesPerState) },
  { title: 'rate/spin', right: true, cell: (r) => ratio(r.rateVsSpin) },
  { title: 'search/spin', right: true, cell: (r) => ratio(r.searchVsSpin) },
  { title: 'peak/spin', right: true, cell: (r) => ratio(r.peakVsSpin) },
  { title: 'states/spinPOR', right: true, cell: (r) => ratio(r.statesVsSpinPor) },
  { title: 'verdict/spinPOR', right: true, cell: (r) => ratio(r.verdictVsSpinPor) },
  { title: 'speedup', right: true, cell: (r) => ratio(r.speedupVsOneThread) },
  { title: 'check', right: false, cell: status },
];

/** The table as text lines; a rule separates instances; numbered footnotes follow it. */
export function renderTable(rows: readonly Row[]): string {
  const footnotes = new Footnotes();
  const cells = rows.map((r) => COLUMNS.map((c) => c.cell(r, footnotes)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const fmt = (values: readonly string[]): string =>
    values
      .map((v, i) => {
        const w = widths[i] ?? 0;
        const last = i === values.length - 1;
        if (last) return v;
        return COLUMNS[i]?.right === true ? v.padStart(w) : v.padEnd(w);
      })
      .join('  ');
  const rule = '-'.repeat(widths.slice(0, -1).reduce((a, b) => a + b + 2, 0) + 'check'.length);
  const lines = [fmt(COLUMNS.map((c) => c.title)), rule];
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    if (prev !== undefined && (prev.model !== row.model || prev.instance !== row.instance)) lines.push(rule);
    lines.push(fmt(cells[i] ?? []));
  });
  if (footnotes.texts.length > 0) lines.push('');
  footnotes.texts.forEach((text, i) => lines.push(`[${i + 1}] mpcheck: ${text}`));
  return lines.join('\n');
}
