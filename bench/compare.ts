// Turning a run into a table row: derived figures, the check against the
// expected counts, and the ratios to spin -DNOREDUCE.

import type { Config, CountCheck, ExecResult, Instance, Parsed, Row } from './types.js';

const BASELINE = 'spin -DNOREDUCE';

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

/** A row for a run whose output parsed. */
export function resultRow(inst: Instance, config: Config, run: ExecResult, parsed: Parsed, buildSeconds: number): Row {
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
  const seconds = run.wallSeconds;
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
    seconds,
    buildSeconds,
    statesPerSecond: parsed.states / seconds,
    ...(peakBytes === undefined ? {} : { peakBytes, bytesPerState: peakBytes / Math.max(1, parsed.states) }),
    ...(parsed.reportedSeconds === undefined ? {} : { reportedSeconds: parsed.reportedSeconds }),
    ...(parsed.reportedMemoryBytes === undefined ? {} : { reportedMemoryBytes: parsed.reportedMemoryBytes }),
    check,
    notes,
  };
}

/** Add rateVsSpin / timeVsSpin, relative to the spin -DNOREDUCE row of the same instance. */
export function withRatios(rows: readonly Row[]): Row[] {
  return rows.map((row) => {
    const spin = rows.find((r) => r.model === row.model && r.instance === row.instance && r.config === BASELINE);
    if (spin?.statesPerSecond === undefined || spin.seconds === undefined) return row;
    if (row.statesPerSecond === undefined || row.seconds === undefined) return row;
    return { ...row, rateVsSpin: row.statesPerSecond / spin.statesPerSecond, timeVsSpin: row.seconds / spin.seconds };
  });
}
