import { StateChecks, noStepViolations } from '../state-checks.ts';
import type { Engine, GlobalState, IdVector, Model } from '../../engine/index.ts';
import { hasEndChecks } from '../../properties/index.ts';
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
  readonly deadlock: number;
  /** Some monitor checks the states where a run may end (Monitor.atEnd). */
  private readonly endChecks: boolean;
  /** Findings this worker won, in the order found. */
  found: Finding[] = [];
  /** Invariants and witnesses (without a predicate memo until {@link rememberPredicates}). */
  private checks: StateChecks;

  constructor(
    readonly model: Model,
    private readonly ctrl: Int32Array,
  ) {
    this.deadlock = model.properties.findIndex((p) => p.kind === 'deadlock');
    this.endChecks = hasEndChecks(model.properties, model.monitors);
    this.checks = new StateChecks(model, null);
  }

  /**
   * A state in which no protocol step is enabled (`state` builds it): a deadlock unless every
   * process is at a proper end, and where the monitors' end checks run.
   */
  noStepEnabled(engine: Engine, state: () => GlobalState, index: number): void {
    const d = this.deadlock >= 0 && !this.isDecided(this.deadlock) ? this.deadlock : -1;
    for (const v of noStepViolations(engine, state, d, this.endChecks)) this.decide({ property: v.property, state: index, message: v.message });
  }

  /** The properties checked on every new state (invariants, reachability), by index. */
  get invariants(): readonly number[] {
    return this.checks.invariants;
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

  /** Use a predicate memo (predicate-memo.ts) for states checked through {@link checkIds}. */
  rememberPredicates(): void {
    this.checks = new StateChecks(this.model, StateChecks.memoFor(this.model));
  }

  /** Invariants and witnesses on a newly found state. */
  checkState(s: GlobalState, index: number): void {
    this.checks.run(null, s, null, index, this.decided, this.decideAt);
  }

  /** Invariants and witnesses on a newly found state, given as its id vector (`s`, when built; `build` builds it). */
  checkIds(ids: IdVector, s: GlobalState | null, build: (ids: IdVector) => GlobalState, index: number): void {
    this.checks.run(ids, s, build, index, this.decided, this.decideAt);
  }

  /** What the checks report to. */
  private readonly decided = (k: number): boolean => this.isDecided(k);
  private readonly decideAt = (k: number, state: number, message: string): void => this.decide({ property: k, state, message });

  take(): Finding[] {
    const f = this.found;
    this.found = [];
    return f;
  }
}

