import { VIOLATED, viewOf } from '../engine/index.ts';
import type { Engine, GlobalState, IdVector, Model } from '../engine/index.ts';
import { endViolations } from '../properties/index.ts';
import { endFactsOf } from '../trace/index.ts';
import { callPredicate } from './predicate.ts';
import { PredicateMemo } from './predicate-memo.ts';

/**
 * The invariant and reachability checks of a newly found state, shared by the one-thread
 * search and the parallel lanes: each property not yet decided is tested (through a
 * {@link PredicateMemo} when one is given) and a verdict that decides it is reported.
 */
export class StateChecks {
  /** The properties checked on every new state (invariants, reachability), by index. */
  readonly invariants: readonly number[];

  constructor(
    private readonly model: Model,
    private readonly memo: PredicateMemo | null,
  ) {
    this.invariants = model.properties.flatMap((p, i) => (p.kind === 'invariant' || p.kind === 'reachability' ? [i] : []));
  }

  /** A memo for `model` when it applies: invariants to check, at most PredicateMemo.MAX_PROCESSES processes. */
  static memoFor(model: Model): PredicateMemo | null {
    const checked = model.properties.some((p) => p.kind === 'invariant' || p.kind === 'reachability');
    return checked && model.names.length <= PredicateMemo.MAX_PROCESSES ? new PredicateMemo(model) : null;
  }

  /**
   * Check the state numbered `index` that `ids` stands for (`s` when built; `build` builds it, and is called only
   * when a predicate must run; with no ids, `s` must be given and no memo is used).
   */
  run(ids: IdVector | null, s: GlobalState | null, build: ((ids: IdVector) => GlobalState) | null, index: number, decided: (k: number) => boolean, decide: (k: number, index: number, message: string) => void): void {
    const invariants = this.invariants;
    if (invariants.length === 0) return;
    const props = this.model.properties;
    const state = (): GlobalState => (s ??= build!(ids!));
    let view: ReturnType<typeof viewOf> | undefined;
    for (let j = 0; j < invariants.length; j++) {
      const k = invariants[j];
      if (decided(k)) continue;
      const p = props[k];
      const ok = ids !== null && this.memo !== null ? this.memo.test(k, ids, state) : callPredicate(p, (view ??= viewOf(this.model, state())), this.model);
      if (p.kind === 'invariant' && !ok) decide(k, index, `invariant '${p.name}' is false in this state`);
      if (p.kind === 'reachability' && ok) decide(k, index, `'${p.name}' is true in this state`);
    }
  }
}

/**
 * What a state in which no protocol step is enabled violates, for the one-thread search and
 * the parallel lanes: a deadlock unless every process is at a proper end (checked when
 * `deadlock`, the deadlock property's index, is not -1), and, with `endChecks`, the
 * monitors' checks of states where a run may end (Monitor.atEnd). `state` builds the state,
 * only when one of them is to be checked (ring N=5 M=2, reduced, which has neither, spent
 * about 3% of its search decoding such states when it was built every time).
 */
export function noStepViolations(engine: Engine, state: () => GlobalState, deadlock: number, endChecks: boolean): { property: number; message: string }[] {
  const out: { property: number; message: string }[] = [];
  if (deadlock < 0 && !endChecks) return out;
  const s = state();
  if (deadlock >= 0 && !engine.isProperEnd(s)) out.push({ property: deadlock, message: 'no protocol step is enabled and not every process is at a proper end' });
  if (endChecks) {
    const model = engine.model;
    for (const v of endViolations(model.properties, model.monitors, s.ghost, endFactsOf(engine, s), VIOLATED)) out.push(v);
  }
  return out;
}
