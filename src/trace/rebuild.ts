import { Engine, Writer, describeLabel, faultsOf, fingerprint, fp, inFlightOf, writeState } from '../engine/index.ts';
import type { GlobalState, Model, Step } from '../engine/index.ts';
import type { Value } from '../spec/index.ts';
import type { TraceState, TraceStep } from './types.ts';

const hex = (hi: number, lo: number): string => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');

export function fingerprintOfState(w: Writer, s: GlobalState): [number, number] {
  w.reset();
  writeState(w, s);
  fingerprint(w.buf, w.pos);
  return [fp[0], fp[1]];
}

export function traceState(model: Model, s: GlobalState, w: Writer = new Writer()): TraceState {
  const procs: Record<string, Value> = {};
  model.names.forEach((n, i) => (procs[n] = s.locals[i]));
  const [hi, lo] = fingerprintOfState(w, s);
  return {
    procs,
    down: model.names.filter((_, i) => s.down[i]),
    inFlight: inFlightOf(model, s),
    faults: faultsOf(s),
    ...(s.cut.length ? { cut: cutLinks(model, s) } : {}),
    fingerprint: hex(hi, lo),
  };
}

/** The cut links of a state by name: pair a*n+b (a < b) as 'a<->b'. */
function cutLinks(model: Model, s: GlobalState): string[] {
  const n = model.names.length;
  return s.cut.map((k) => `${model.names[Math.floor(k / n)]}<->${model.names[k % n]}`);
}

export function traceStep(model: Model, step: Step, w: Writer = new Writer()): TraceStep {
  return {
    label: step.label,
    text: describeLabel(step.label),
    fault: step.fault,
    sends: step.sends,
    events: step.events,
    chosen: step.chosen,
    violations: step.violations.map((v) => `${model.properties[v.property].name}: ${v.message}`),
    state: traceState(model, step.next, w),
  };
}

/**
 * Re-execute a path given by fingerprints: from the initial state, at each state pick the
 * successor whose canonical fingerprint is the next one. `lastOrdinal`, when given, picks
 * one more step by its position among the successors of the last state.
 */
export function replayFingerprints(
  engine: Engine,
  fps: readonly (readonly [number, number])[],
  lastOrdinal?: number,
  keyOf?: (s: GlobalState) => readonly [number, number],
): { states: GlobalState[]; steps: Step[] } {
  const w = new Writer();
  const key = keyOf ?? ((x: GlobalState) => fingerprintOfState(w, x));
  let s = engine.initial();
  const states = [s];
  const steps: Step[] = [];
  for (let k = 1; k < fps.length; k++) {
    const [hi, lo] = fps[k];
    const { steps: succ } = engine.successors(s);
    const found = succ.find((st) => {
      const [h, l] = key(engine.representative(st.next));
      return h === hi && l === lo;
    });
    if (!found) throw new Error(`trace rebuild failed at step ${k}: no successor has fingerprint ${hex(hi, lo)} (non-deterministic spec?)`);
    steps.push(found);
    s = engine.canonical(found.next);
    states.push(s);
  }
  if (lastOrdinal !== undefined) {
    const { steps: succ } = engine.successors(s);
    const last = succ[lastOrdinal];
    if (!last) throw new Error(`trace rebuild failed: the last state has no successor #${lastOrdinal}`);
    steps.push(last);
    states.push(engine.canonical(last.next));
  }
  return { states, steps };
}
