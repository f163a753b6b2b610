import type { Value } from '../spec/index.ts';
import type { DeliverEvent, SubmitEvent } from './events.ts';
import type { Observed } from './guarantee.ts';
import { isViolation } from './types.ts';
import type { Violation } from './types.ts';

/**
 * What a guarantee does at one event of a step: the ghost after it, or a violation (the
 * step stops there). A kind of event without a handler leaves the ghost as it is.
 */
export interface EventHandlers<G extends Value> {
  readonly submit?: (g: G, e: SubmitEvent, o: Observed) => G | Violation;
  readonly deliver?: (g: G, e: DeliverEvent, o: Observed) => G | Violation;
}

/**
 * A guarantee's `step` that folds the handlers over the step's events, in the order the step
 * made them. A ghost is never violation-shaped (see `isViolation`), so a handler's result is
 * told apart by that test, as `monitorOf` tells a step's.
 */
export function foldEvents<G extends Value>(on: EventHandlers<G>): (g: G, o: Observed) => G | Violation {
  const { submit, deliver } = on;
  return (g, o) => {
    let ghost = g;
    for (const e of o.events) {
      let r: G | Violation;
      if (e.kind === 'submit') {
        if (!submit) continue;
        r = submit(ghost, e, o);
      } else {
        if (!deliver) continue;
        r = deliver(ghost, e, o);
      }
      if (isViolation(r)) return r;
      ghost = r;
    }
    return ghost;
  };
}
