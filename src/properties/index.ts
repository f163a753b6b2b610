import { always, sometimes, noDeadlock, assertions } from './basic.ts';
import type { Property } from './types.ts';

export type { Property, PropertyKind, StateView, InFlight, FaultsUsed, Monitor, StepFacts, ServiceEvent, Violation, SendOutcome } from './types.ts';
export { isViolation } from './types.ts';
export { always, sometimes, noDeadlock, assertions };

/** Property constructors, for `properties: [props.noDeadlock(), props.always('x', v => …)]`. */
export const props = { always, sometimes, noDeadlock };

/** The property constructors with the state view fixed: the second argument of a spec's `properties(params, props)`. */
export interface PropsFor<V> {
  always(name: string, predicate: (view: V) => boolean): Property<V>;
  sometimes(name: string, predicate: (view: V) => boolean): Property<V>;
  noDeadlock(): Property<unknown>;
}
