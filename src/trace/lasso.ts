import { Writer, viewOf } from '../engine/index.ts';
import type { Engine, GlobalState, Model, Step } from '../engine/index.ts';
import { Fairness } from '../properties/index.ts';
import type { FairnessSpec, GroupRef, Property } from '../properties/index.ts';
import { fingerprintOfState, traceState, traceStep } from './rebuild.ts';
import { traceHeader } from './build.ts';
import type { Trace, TraceOverrides } from './types.ts';

/** The fairness assumptions of a spec, resolved against the model's process and action names. */
export function fairnessFor(model: Model, spec: FairnessSpec): Fairness {
  return new Fairness(spec, {
    processes: model.names,
    actionsOf: (p) => model.procs[model.names.indexOf(p)]?.actions.map((a) => a.name) ?? [],
  });
}

/** The fairness groups a step belongs to (none for a fault). */
export function groupsOfStep(f: Fairness, step: Pick<Step, 'label' | 'fault'>): GroupRef[] {
  return step.fault ? [] : f.groupsOf(step.label);
}

/**
 * Build a lasso trace by re-executing steps given by their position among the successors
 * of each state, from the initial state. Throws when the cycle does not close (the state
 * after the last step differs from the state at `loopStart`).
 */
export function buildLassoTrace(
  engine: Engine,
  ordinals: readonly number[],
  loopStart: number,
  property: Pick<Property, 'name'>,
  reason: string,
  fairness: FairnessSpec,
  overrides: TraceOverrides | undefined,
): Trace {
  const model = engine.model;
  const w = new Writer();
  let s = engine.initial();
  const states: GlobalState[] = [s];
  const steps: Step[] = [];
  for (const k of ordinals) {
    const step = engine.successors(s).steps[k];
    if (!step) throw new Error(`lasso rebuild failed at step ${steps.length + 1}: no successor #${k}`);
    steps.push(step);
    s = engine.canonical(step.next);
    states.push(s);
  }
  const fpHex = (x: GlobalState) => fingerprintOfState(w, x).join(':');
  if (fpHex(states[loopStart]) !== fpHex(states[states.length - 1])) throw new Error('lasso rebuild failed: the cycle does not return to its first state');
  return {
    ...traceHeader(model, { name: property.name, kind: 'liveness' }, reason, overrides),
    initial: traceState(model, states[0], w),
    steps: steps.map((x) => traceStep(model, x, w)),
    loopStart,
    fairness: { weak: [...(fairness.weak ?? [])], strong: [...(fairness.strong ?? [])] },
  };
}

/** Whether a replayed lasso shows what it claims: it closes, violates the property forever, and its cycle is fair. */
export interface LassoCheck {
  readonly confirmed: boolean;
  readonly why: string;
}

/**
 * Confirm a replayed lasso. `states[i]` is the state after i steps (states[0] the initial
 * one) and `steps[i]` the step from states[i] to states[i+1].
 */
export function confirmLasso(engine: Engine, property: Property, states: readonly GlobalState[], steps: readonly Step[], loopStart: number, fairnessSpec: FairnessSpec): LassoCheck {
  const model = engine.model;
  const last = states.length - 1;
  if (!(Number.isInteger(loopStart) && loopStart >= 0 && loopStart <= last)) return { confirmed: false, why: `loopStart ${loopStart} is not a step index of the trace` };
  const w = new Writer();
  const fpHex = (x: GlobalState) => fingerprintOfState(w, x).join(':');
  if (fpHex(states[loopStart]) !== fpHex(states[last])) return { confirmed: false, why: `the cycle does not close: the last state differs from the state before step ${loopStart + 1}` };
  const cycleStates = loopStart === last ? [last] : range(loopStart, last);
  if (loopStart === last && engine.successors(states[last]).steps.length > 0) return { confirmed: false, why: 'the cycle is empty but a step is enabled in the last state, so the run does not stay there' };
  const semantic = violatesForever(model, property, states, loopStart, cycleStates);
  if (!semantic.confirmed) return semantic;
  const fair = fairCycle(engine, fairnessFor(model, fairnessSpec), states, steps, cycleStates, loopStart);
  if (!fair.confirmed) return fair;
  return { confirmed: true, why: `${semantic.why}; ${fair.why}` };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function violatesForever(model: Model, p: Property, states: readonly GlobalState[], loopStart: number, cycle: readonly number[]): LassoCheck {
  const lv = p.liveness;
  if (!lv) return { confirmed: false, why: `'${p.name}' is not a liveness property` };
  const holds = (pred: (v: ReturnType<typeof viewOf>) => boolean, i: number) => pred(viewOf(model, states[i]));
  switch (lv.kind) {
    case 'eventually': {
      const at = states.findIndex((_, i) => holds(lv.goal, i));
      return at < 0 ? { confirmed: true, why: `'${p.name}' holds in no state of the lasso` } : { confirmed: false, why: `'${p.name}' holds after step ${at}` };
    }
    case 'leadsTo': {
      for (let i = 0; i < states.length; i++) {
        if (!holds(lv.trigger, i)) continue;
        const from = Math.min(i, loopStart);
        if (range(from, states.length).every((j) => !holds(lv.goal, j))) return { confirmed: true, why: `the trigger of '${p.name}' holds after step ${i} and its goal never holds from there on` };
      }
      return { confirmed: false, why: `no state where the trigger of '${p.name}' holds is followed by a goal-free suffix` };
    }
    case 'obligations': {
      const g = model.monitors.findIndex((m) => model.properties[m.property] === p);
      const pendingAt = (i: number) => lv.pending(states[i].ghost[g]).obligations;
      for (const o of pendingAt(cycle[0])) {
        const same = (x: { key: string; receiver: string | null }) => x.key === o.key && x.receiver === o.receiver;
        if (!cycle.every((i) => pendingAt(i).some(same))) continue;
        const r = o.receiver === null ? -1 : model.names.indexOf(o.receiver);
        if (r >= 0 && cycle.every((i) => states[i].down[r])) continue;
        return { confirmed: true, why: `obligation ${o.key}${o.receiver ? ` (to ${o.receiver})` : ''} stays pending around the cycle` };
      }
      return { confirmed: false, why: 'no obligation stays pending around the whole cycle with its receiver up somewhere on it' };
    }
  }
}

function fairCycle(engine: Engine, f: Fairness, states: readonly GlobalState[], steps: readonly Step[], cycle: readonly number[], loopStart: number): LassoCheck {
  if (f.isNone) return { confirmed: true, why: 'no fairness assumed' };
  const taken = new Set(steps.slice(loopStart).flatMap((s) => groupsOfStep(f, s).map((g) => `${g.strength} ${g.group}`)));
  const enabledCount = new Map<string, number>();
  for (const i of cycle) {
    const here = new Set(engine.successors(states[i]).steps.flatMap((s) => groupsOfStep(f, s).map((g) => `${g.strength} ${g.group}`)));
    for (const g of here) enabledCount.set(g, (enabledCount.get(g) ?? 0) + 1);
  }
  for (const [g, n] of enabledCount) {
    if (taken.has(g)) continue;
    if (g.startsWith('strong ')) return { confirmed: false, why: `the cycle is unfair: ${g} fairness, enabled on the cycle but never taken` };
    if (n === cycle.length) return { confirmed: false, why: `the cycle is unfair: ${g} fairness, enabled in every state of the cycle but never taken` };
  }
  return { confirmed: true, why: `the cycle is fair (${f.describe()})` };
}
