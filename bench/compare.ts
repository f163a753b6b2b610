// Turning runs into table rows: derived figures, the check against the
// expected counts, the medians of repeated runs, and the ratios: search rate, search
// time and peak memory relative to spin -DNOREDUCE, states and time to verdict relative
// to spin (POR) (SPIN with its default reduction), and the speedup of extra threads.

import type { Config, CountCheck, ExecResult, Instance, Parsed, Row } from './types.js';

/** Baseline of rateVsSpin, searchVsSpin and peakVsSpin: the full (unreduced) search. */
export const BASELINE = 'spin -DNOREDUCE';
/** Baseline of statesVsSpinPor and verdictVsSpinPor: SPIN with its default partial-order reduction. */
export const BASELINE_POR = 'spin (POR)';

function base(inst: Instance, config: Config): Pick<Row, 'model' | 'instance' | 'params' | 'tool' | 'config' | 'expected'> {
  return {
    model: inst.model,
    instance: inst.id,
    params: Object.fromEntries(inst.params),
    tool: config.tool,
    config: config.label,
    ...(config.oneThreadLabel === undefined ? {} : { oneThreadLabel: config.oneThreadLabel }),
    expected: inst.expected,
  };
}

/** A row for a run that gave no usable numbers. */
export function failedRow(inst: Instance, config: Config, error: string, buildSeconds?: number): Row {
  return {
    ...base(inst, config),
    error,
    ...(buildSeconds === undefined ? {} : { buildSeconds }),
    check: 'n/a',
    notes: [],
  };
}

/**
 * A row for a run whose output parsed. buildSeconds: generation and compilation before the run;
 * verdictSeconds: wall clock from the start of the first build step to the end of the run.
 */
export function resultRow(
  inst: Instance,
  config: Config,
  run: ExecResult,
  parsed: Parsed,
  buildSeconds: number,
  verdictSeconds: number,
): Row {
  const notes = [...parsed.notes];
  let check: CountCheck = 'not compared';
  if (config.compared) {
    check = 'ok';
    if (parsed.states !== inst.expected.states) {
      check = 'MISMATCH';
      notes.push(`states ${parsed.states} != expected ${inst.expected.states}`);
    }
    if (parsed.transitions !== inst.expected.transitions) {
      check = 'MISMATCH';
      notes.push(`transitions ${parsed.transitions} != expected ${inst.expected.transitions}`);
    }
    if (parsed.verdict !== 'holds') {
      check = 'MISMATCH';
      notes.push(`verdict "${parsed.verdict}", expected holds`);
    }
  } else if (parsed.verdict !== 'holds') {
    notes.push(`verdict "${parsed.verdict}"`);
  }
  const depthCompared = config.depthCompared && (config.depthIsDfs !== true || inst.layered);
  if (depthCompared && parsed.depth !== undefined && parsed.depth !== inst.expected.depth) {
    notes.push(`warning: depth ${parsed.depth} != expected ${inst.expected.depth}`);
  }
  const searchSeconds = config.searchTimeIsRunTime === true ? run.wallSeconds : parsed.reportedSeconds;
  let peakBytes = run.maxRssBytes;
  if (parsed.reportedMemoryIsRss === true && parsed.reportedMemoryBytes !== undefined) {
    peakBytes = Math.max(peakBytes ?? 0, parsed.reportedMemoryBytes);
  }
  return {
    ...base(inst, config),
    states: parsed.states,
    transitions: parsed.transitions,
    ...(parsed.depth === undefined ? {} : { depth: parsed.depth }),
    verdict: parsed.verdict,
    ...(searchSeconds === undefined ? {} : { searchSeconds }),
    verdictSeconds,
    runSeconds: run.wallSeconds,
    buildSeconds,
    ...(searchSeconds !== undefined && searchSeconds > 0 ? { statesPerSecond: parsed.states / searchSeconds } : {}),
    ...(peakBytes === undefined ? {} : { peakBytes, bytesPerState: peakBytes / Math.max(1, parsed.states) }),
    ...(parsed.reportedSeconds === undefined ? {} : { reportedSeconds: parsed.reportedSeconds }),
    ...(parsed.reportedMemoryBytes === undefined ? {} : { reportedMemoryBytes: parsed.reportedMemoryBytes }),
    ...(parsed.workers === undefined ? {} : { workers: parsed.workers }),
    ...(parsed.workersNote === undefined ? {} : { workersNote: parsed.workersNote }),
    ...(parsed.porInForce === undefined ? {} : { porInForce: parsed.porInForce }),
    ...(parsed.symmetryInForce === undefined ? {} : { symmetryInForce: parsed.symmetryInForce }),
    ...(run.stealShare === undefined ? {} : { stealShare: run.stealShare }),
    check,
    notes,
  };
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One row for the runs of one config on one instance (bench --repeat): times are the medians
 * of the runs' (peak memory the largest; the steal share the median of the runs that have
 * one), each run's times, peaks and steal shares are kept, and a run that failed
 * makes the row failed. The counts must be the same in every run (the tools are
 * deterministic): a difference is a MISMATCH.
 */
export function combineRepeats(runs: readonly Row[]): Row {
  const first = runs[0];
  if (first === undefined) throw new Error('combineRepeats: no runs');
  if (runs.length === 1) return first;
  const failed = runs.findIndex((r) => r.error !== undefined);
  if (failed >= 0) return { ...runs[failed], error: `run ${failed + 1} of ${runs.length}: ${runs[failed].error}` };
  const all = (f: (r: Row) => number | undefined): number[] | undefined => {
    const xs = runs.map(f);
    return xs.every((x): x is number => x !== undefined) ? xs : undefined;
  };
  const search = all((r) => r.searchSeconds);
  const verdict = all((r) => r.verdictSeconds);
  const run = all((r) => r.runSeconds);
  const reported = all((r) => r.reportedSeconds);
  const peaks = all((r) => r.peakBytes);
  const notes = [...new Set(runs.flatMap((r) => r.notes))];
  let check = runs.some((r) => r.check === 'MISMATCH') ? 'MISMATCH' : first.check;
  if (runs.some((r) => r.states !== first.states || r.transitions !== first.transitions)) {
    check = 'MISMATCH';
    notes.push(`counts differ between runs: ${runs.map((r) => `${r.states} states, ${r.transitions} transitions`).join(' / ')}`);
  }
  // (the runs of one config report the same fields: a time is missing from all or none)
  const searchSeconds = search && median(search);
  const peakBytes = peaks && Math.max(...peaks);
  // a run shorter than a clock tick has no steal share: the others still give one
  const steals = runs.map((r) => r.stealShare ?? null);
  const knownSteals = steals.filter((x): x is number => x !== null);
  return {
    ...first,
    searchSeconds,
    verdictSeconds: verdict && median(verdict),
    runSeconds: run && median(run),
    reportedSeconds: reported && median(reported),
    statesPerSecond: searchSeconds !== undefined && searchSeconds > 0 && first.states !== undefined ? first.states / searchSeconds : undefined,
    peakBytes,
    bytesPerState: peakBytes === undefined ? undefined : peakBytes / Math.max(1, first.states ?? 0),
    repeats: runs.length,
    searchSecondsEach: search,
    verdictSecondsEach: verdict,
    peakBytesEach: peaks,
    stealShare: knownSteals.length === 0 ? undefined : median(knownSteals),
    stealShareEach: knownSteals.length === 0 ? undefined : steals,
    check,
    notes,
  };
}

/**
 * a / b for two rows' figures (times or peaks): with each run's figures on both sides (as many), the
 * median of the run-by-run ratios, so that a slow spell of the machine, which hits both runs of
 * a round, cancels out; else the ratio of the two figures. Undefined when a figure is not
 * positive (a time below the tool's clock resolution: pan counts 10 ms ticks).
 */
function roundRatio(a: number | undefined, b: number | undefined, aEach?: readonly number[], bEach?: readonly number[]): number | undefined {
  if (sameRounds(aEach, bEach)) {
    const ratios = perRound(aEach, bEach);
    return ratios && median(ratios);
  }
  return a === undefined || b === undefined || !(a > 0) || !(b > 0) ? undefined : a / b;
}

/** Both rows have each run's figure, from as many runs, two or more. */
function sameRounds(aEach: readonly number[] | undefined, bEach: readonly number[] | undefined): aEach is readonly number[] {
  return aEach !== undefined && bEach !== undefined && aEach.length === bEach.length && aEach.length > 1;
}

/**
 * aEach[i] / bEach[i], run by run (see roundRatio), when both have the same runs (two or more)
 * and every figure is positive; else undefined.
 */
export function perRound(aEach: readonly number[] | undefined, bEach: readonly number[] | undefined): number[] | undefined {
  if (!sameRounds(aEach, bEach)) return undefined;
  const ratios = aEach.flatMap((x, i) => (x > 0 && bEach![i] > 0 ? [x / bEach![i]] : []));
  return ratios.length === aEach.length ? ratios : undefined;
}

/** The row of `config` for the same instance as `row`. */
export function rowOf(rows: readonly Row[], row: Row, config: string | undefined): Row | undefined {
  return config === undefined ? undefined : rows.find((r) => r.model === row.model && r.instance === row.instance && r.config === config);
}

/**
 * Add the ratios: rateVsSpin, searchVsSpin and peakVsSpin relative to the spin -DNOREDUCE row of
 * the same instance, statesVsSpinPor and verdictVsSpinPor relative to its spin (POR) row,
 * speedupVsOneThread relative to its one-thread twin (see roundRatio for repeated runs).
 */
export function withRatios(rows: readonly Row[]): Row[] {
  return rows.map((row) => {
    const spin = rowOf(rows, row, BASELINE);
    const spinPor = rowOf(rows, row, BASELINE_POR);
    const twin = rowOf(rows, row, row.oneThreadLabel);
    const searchVsSpin = spin && roundRatio(row.searchSeconds, spin.searchSeconds, row.searchSecondsEach, spin.searchSecondsEach);
    // rate ratio = (row states / spin states) × (spin time / row time)
    const inverse = spin && roundRatio(spin.searchSeconds, row.searchSeconds, spin.searchSecondsEach, row.searchSecondsEach);
    const rateVsSpin =
      inverse === undefined || row.states === undefined || spin?.states === undefined || spin.states === 0 ? undefined : (inverse * row.states) / spin.states;
    const peakVsSpin = spin && roundRatio(row.peakBytes, spin.peakBytes, row.peakBytesEach, spin.peakBytesEach);
    // counts are the same in every round (else the row is a MISMATCH): one ratio, no median
    const statesVsSpinPor =
      row.states === undefined || spinPor?.states === undefined || spinPor.states === 0 ? undefined : row.states / spinPor.states;
    const verdictVsSpinPor = spinPor && roundRatio(row.verdictSeconds, spinPor.verdictSeconds, row.verdictSecondsEach, spinPor.verdictSecondsEach);
    const speedupVsOneThread = twin && roundRatio(twin.searchSeconds, row.searchSeconds, twin.searchSecondsEach, row.searchSecondsEach);
    return {
      ...row,
      ...(rateVsSpin === undefined ? {} : { rateVsSpin }),
      ...(searchVsSpin === undefined ? {} : { searchVsSpin }),
      ...(peakVsSpin === undefined ? {} : { peakVsSpin }),
      ...(statesVsSpinPor === undefined ? {} : { statesVsSpinPor }),
      ...(verdictVsSpinPor === undefined ? {} : { verdictVsSpinPor }),
      ...(speedupVsOneThread === undefined ? {} : { speedupVsOneThread }),
    };
  });
}
