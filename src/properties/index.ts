import { always, sometimes, noDeadlock, assertions } from './basic.ts';
import { eventually, leadsTo } from './liveness.ts';
import { atLeastOnce } from './at-least-once.ts';
import type { AtLeastOnceOptions } from './at-least-once.ts';
import type { Property } from './types.ts';

export type { Property, PropertyKind, StateView, InFlight, FaultsUsed, Monitor, StepFacts, ServiceEvent, Violation, SendOutcome } from './types.ts';
export { isViolation } from './types.ts';
export { always, sometimes, noDeadlock, assertions, eventually, leadsTo, atLeastOnce };
export type { Liveness, Obligation, PendingObligations } from './liveness.ts';
export type { AtLeastOnceLayer, AtLeastOnceOptions } from './at-least-once.ts';
export { Fairness, FairnessError, describeFairness } from './fairness.ts';
export type { FairnessSpec, FairnessScope, GroupRef, LabelLike, Strength } from './fairness.ts';

/** Property constructors, for `properties: [props.noDeadlock(), props.always('x', v => …)]`. */
export const props = { always, sometimes, noDeadlock, eventually, leadsTo, atLeastOnce };

/** The property constructors with the state view fixed: the second argument of a spec's `properties(params, props)`. */
export interface PropsFor<V> {
  always(name: string, predicate: (view: V) => boolean): Property<V>;
  sometimes(name: string, predicate: (view: V) => boolean): Property<V>;
  noDeadlock(): Property<unknown>;
  /** Liveness: every fair run reaches a state where `goal` holds. */
  eventually(name: string, goal: (view: V) => boolean): Property<V>;
  /** Liveness: on every fair run, a state where `trigger` holds is followed (or itself satisfied) by one where `goal` holds. */
  leadsTo(name: string, trigger: (view: V) => boolean, goal: (view: V) => boolean): Property<V>;
  /** Liveness: every submitted message is eventually delivered to its receiver, unless the receiver stays down forever. */
  atLeastOnce(opts?: AtLeastOnceOptions): Property<unknown>;
}
