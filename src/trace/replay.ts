import { Engine, VIOLATED, Writer, describeLabel, viewOf } from '../engine/index.ts';
import type { GlobalState, Model, Step } from '../engine/index.ts';
import { endViolations } from '../properties/index.ts';
import { endFactsOf } from './end.ts';
import { confirmLasso } from './lasso.ts';
import { fingerprintOfState } from './rebuild.ts';
import type { Trace } from './types.ts';

export interface ReplayStepReport {
  readonly step: number;
  readonly text: string;
  readonly ok: boolean;
  readonly problem?: string;
}

export interface ReplayReport {
  /** Every step was found among the successors and reached the recorded state. */
  readonly ok: boolean;
  /** The end of the trace shows the recorded violation (or, for a witness, the target). */
  readonly confirmed: boolean;
  readonly steps: readonly ReplayStepReport[];
  readonly conclusion: string;
}

const hex = (x: [number, number]) => x[0].toString(16).padStart(8, '0') + x[1].toString(16).padStart(8, '0');

/** Canonical JSON of a label, for matching a recorded step against the enumerated ones. */
function labelKey(l: unknown): string {
  return JSON.stringify(l, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/**
 * Re-execute a trace against a model step by step: each recorded step must be enabled in
 * the state reached so far, and must lead to the recorded state (same fingerprint).
 */
export function replayTrace(model: Model, trace: Trace): ReplayReport {
  const engine = new Engine(model);
  const w = new Writer();
  let s: GlobalState = engine.initial();
  const reports: ReplayStepReport[] = [];
  const initFp = hex(fingerprintOfState(w, s));
  if (initFp !== trace.initial.fingerprint) {
    return { ok: false, confirmed: false, steps: [], conclusion: `the initial state differs from the trace's (fingerprint ${initFp}, trace has ${trace.initial.fingerprint}): the spec or its parameters changed` };
  }
  let lastViolations: readonly { property: number; message: string }[] = [];
  const states: GlobalState[] = [s];
  const taken: Step[] = [];
  for (let k = 0; k < trace.steps.length; k++) {
    const rec = trace.steps[k];
    const want = labelKey(rec.label);
    const { steps } = engine.successors(s);
    const candidates = steps.filter((st) => labelKey(st.label) === want);
    const match = candidates.find((st) => hex(fingerprintOfState(w, st.next)) === rec.state.fingerprint);
    if (!match) {
      const problem = candidates.length
        ? `step is enabled but leads to a different state (expected fingerprint ${rec.state.fingerprint})`
        : `step is not enabled here; enabled: ${steps.map((st) => describeLabel(st.label)).join('; ') || 'nothing'}`;
      reports.push({ step: k + 1, text: rec.text, ok: false, problem });
      return { ok: false, confirmed: false, steps: reports, conclusion: `replay diverged at step ${k + 1}: ${problem}` };
    }
    reports.push({ step: k + 1, text: rec.text, ok: true });
    lastViolations = match.violations;
    s = engine.canonical(match.next);
    states.push(s);
    taken.push(match);
  }
  const pIndex = model.properties.findIndex((p) => p.name === trace.property);
  if (pIndex < 0) return { ok: true, confirmed: false, steps: reports, conclusion: `every step replayed, but the model has no property '${trace.property}'` };
  const p = model.properties[pIndex];
  if (trace.loopStart !== undefined) {
    const lasso = confirmLasso(engine, p, states, taken, trace.loopStart, trace.fairness ?? {});
    const n = trace.steps.length;
    return {
      ok: true,
      confirmed: lasso.confirmed,
      steps: reports,
      conclusion: lasso.confirmed
        ? `confirmed: all ${n} steps replayed, the cycle (steps ${trace.loopStart + 1}–${n}) returns to its first state and repeats forever, and the lasso violates '${p.name}': ${lasso.why}`
        : `all ${n} steps replayed, but the lasso does not show a violation of '${p.name}': ${lasso.why}`,
    };
  }
  let confirmed = false;
  switch (p.kind) {
    case 'invariant':
      confirmed = p.predicate!(viewOf(model, s)) === false;
      break;
    case 'reachability':
      confirmed = p.predicate!(viewOf(model, s)) === true;
      break;
    case 'deadlock':
      confirmed = engine.successors(s).protocolSteps === 0 && !engine.isProperEnd(s);
      break;
    default:
      confirmed =
        lastViolations.some((v) => v.property === pIndex) ||
        (engine.successors(s).protocolSteps === 0 && endViolations(model.properties, model.monitors, s.ghost, endFactsOf(engine, s), VIOLATED).some((v) => v.property === pIndex));
  }
  const what = trace.kind === 'witness' ? `reaches a state where '${p.name}' is true` : `violates '${p.name}'`;
  return {
    ok: true,
    confirmed,
    steps: reports,
    conclusion: confirmed ? `confirmed: all ${trace.steps.length} steps replayed and the trace ${what}` : `all ${trace.steps.length} steps replayed, but the final state does not show the recorded outcome for '${p.name}'`,
  };
}
