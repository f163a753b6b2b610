// Turning a run into a table row: derived figures, the check against the
// expected counts, and the ratios to SPIN: search rate and search time relative
// to spin -DNOREDUCE, time to verdict relative to spin (POR) (SPIN with its
// default reduction).

import type { Config, CountCheck, ExecResult, Instance, Parsed, Row } from './types.js';

/** Baseline of rateVsSpin and searchVsSpin: the full (unreduced) search. */
export const BASELINE = 'spin -DNOREDUCE';
/** Baseline of verdictVsSpinPor: SPIN with its default partial-order reduction. */
export const BASELINE_POR = 'spin (POR)';

function base(inst: Instance, config: Config): Pick<Row, 'model' | 'instance' | 'params' | 'tool' | 'config' | 'expected'> {
  return {
    model: inst.model,
    instance: inst.id,
    params: Object.fromEntries(inst.params),
    tool: config.tool,
    config: config.label,
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
    check,
    notes,
  };
}

/**
 * Add the ratios: rateVsSpin and searchVsSpin relative to the spin -DNOREDUCE row of the same
 * instance, verdictVsSpinPor relative to its spin (POR) row.
 */
export function withRatios(rows: readonly Row[]): Row[] {
  const find = (row: Row, config: string): Row | undefined =>
    rows.find((r) => r.model === row.model && r.instance === row.instance && r.config === config);
  // A time of 0 is below the tool's clock resolution (pan: 10 ms ticks): no ratio then.
  const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined || b === undefined || !(a > 0) || !(b > 0) ? undefined : a / b;
  return rows.map((row) => {
    const spin = find(row, BASELINE);
    const spinPor = find(row, BASELINE_POR);
    const rateVsSpin = ratio(row.statesPerSecond, spin?.statesPerSecond);
    const searchVsSpin = ratio(row.searchSeconds, spin?.searchSeconds);
    const verdictVsSpinPor = ratio(row.verdictSeconds, spinPor?.verdictSeconds);
    return {
      ...row,
      ...(rateVsSpin === undefined ? {} : { rateVsSpin }),
      ...(searchVsSpin === undefined ? {} : { searchVsSpin }),
      ...(verdictVsSpinPor === undefined ? {} : { verdictVsSpinPor }),
    };
  });
}
