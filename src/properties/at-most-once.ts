import { foldEvents } from './fold-events.ts';
import { guaranteeProperty } from './guarantee.ts';
import type { Guarantee, GuaranteeOptions } from './guarantee.ts';
import { insertKey } from './ids.ts';
import type { Key } from './ids.ts';
import { at, isEmptyList, setAt } from './slots.ts';
import type { Property } from './types.ts';

/** Ghost: per process (by position in the model), the keys of the messages it has delivered, sorted. */
type Delivered = readonly (readonly Key[])[];

/** No process delivers the same message twice. */
export function atMostOnceGuarantee(): Guarantee<Delivered> {
  return {
    init: [],
    // (a step without service events leaves the ghost as it is)
    notices: 'events',
    step: foldEvents<Delivered>({
      deliver: (d, e, o) => {
        const q = o.facts.processes.indexOf(e.process);
        const mine = at(d, q, []);
        const next = insertKey(mine, e.key);
        if (next === mine) return { violation: `${e.process} delivered ${e.id} twice` };
        return setAt(d, q, next, [], isEmptyList);
      },
    }),
  };
}

/** atMostOnce: no process delivers the same message id twice (across crashes too: the monitor does not crash). */
export function atMostOnce(opts: GuaranteeOptions = {}): Property<unknown> {
  return guaranteeProperty('atMostOnce', 'atMostOnce: no process delivers the same message twice', atMostOnceGuarantee(), opts);
}
