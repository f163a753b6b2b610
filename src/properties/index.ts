import { always, sometimes, noDeadlock, assertions } from './basic.ts';

export type { Property, PropertyKind, StateView, InFlight, FaultsUsed, Monitor, StepFacts, ServiceEvent, Violation, SendOutcome } from './types.ts';
export { isViolation } from './types.ts';
export { always, sometimes, noDeadlock, assertions };

/** Property constructors, for `properties: [props.noDeadlock(), props.always('x', v => …)]`. */
export const props = { always, sometimes, noDeadlock };
