import { callPredicate } from '../predicate.ts';
import { PredicateMemo } from '../predicate-memo.ts';
import { SpecError, viewOf } from '../../engine/index.ts';
import type { GlobalState, IdVector, Model } from '../../engine/index.ts';
import type { Property } from '../../properties/index.ts';
import { CTRL, STOP } from './table.ts';

/** Where a property was decided: a state (invariant, deadlock, witness) or a step out of a state. */
export interface Finding {
  readonly property: number;
  readonly state: number;
  readonly ordinal?: number;
  readonly message: string;
}

/**
 * Per-state checks of the search (invariants and witnesses on new states, deadlock on
 * expanded states, violations on steps), deciding each property once across all workers:
 * the first worker to flip its flag in the shared control array records the finding.
 * Mirrors the checks of search.ts.
 */
export class Decisions {
  readonly invariants: readonly number[];
  readonly deadlock: number;
  /** Findings this worker won, in the order found. */
  found: Finding[] = [];

  constructor(
    readonly model: Model,
    private readonly ctrl: Int32Array,
  ) {
    const props = model.properties;
    this.invariants = props.flatMap((p, i) => (p.kind === 'invariant' || p.kind === 'reachability' ? [i] : []));
    this.deadlock = props.findIndex((p) => p.kind === 'deadlock');
  }

  isDecided(k: number): boolean {
    return Atomics.load(this.ctrl, CTRL.DECIDED + k) !== 0;
  }

  decide(f: Finding): void {
    if (Atomics.load(this.ctrl, CTRL.DECIDED + f.property) !== 0) return;
    if (Atomics.compareExchange(this.ctrl, CTRL.DECIDED + f.property, 0, 1) !== 0) return;
    this.found.push(f);
    if (Atomics.sub(this.ctrl, CTRL.UNDECIDED, 1) === 1) Atomics.compareExchange(this.ctrl, CTRL.STOP, STOP.none, STOP.allDecided);
  }

  /** Remember invariant results by what they read (predicate-memo.ts); only for states checked through {@link checkIds}. */
  private memo: PredicateMemo | null = null;

  /** Use a predicate memo from now on (when the model has invariants and at most PredicateMemo.MAX_PROCESSES processes). */
  rememberPredicates(): void {
    if (this.invariants.length > 0 && this.model.names.length <= PredicateMemo.MAX_PROCESSES) this.memo = new PredicateMemo(this.model);
  }

  /** Invariants and witnesses on a newly found state. */
  checkState(s: GlobalState, index: number): void {
    this.check(null, s, index);
  }

  /** Invariants and witnesses on a newly found state, given as its id vector (`s`, when built; `build` builds it). */
  checkIds(ids: IdVector, s: GlobalState | null, build: (ids: IdVector) => GlobalState, index: number): void {
    if (this.memo === null) this.check(null, s ?? build(ids), index);
    else this.check(ids, s, index, build);
  }

  private check(ids: IdVector | null, s: GlobalState | null, index: number, build?: (ids: IdVector) => GlobalState): void {
    if (this.invariants.length === 0) return;
    const props = this.model.properties;
    const state = (): GlobalState => (s ??= build!(ids!));
    let view: ReturnType<typeof viewOf> | undefined;
    for (const k of this.invariants) {
      if (this.isDecided(k)) continue;
      const p = props[k];
      const ok = ids !== null && this.memo !== null ? this.memo.test(k, ids, state) : callPredicate(p, (view ??= viewOf(this.model, state())), this.model);
      if (p.kind === 'invariant' && !ok) this.decide({ property: k, state: index, message: `invariant '${p.name}' is false in this state` });
      if (p.kind === 'reachability' && ok) this.decide({ property: k, state: index, message: `'${p.name}' is true in this state` });
    }
  }

  take(): Finding[] {
    const f = this.found;
    this.found = [];
    return f;
  }
}


export { callPredicate };
