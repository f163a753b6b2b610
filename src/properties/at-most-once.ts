import { monitorOf } from './guarantee.ts';
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
    step: (g, o) => {
      let d = g;
      for (const e of o.events) {
        if (e.kind !== 'deliver') continue;
        const q = o.facts.processes.indexOf(e.process);
        const mine = at(d, q, []);
        const next = insertKey(mine, e.key);
        if (next === mine) return { violation: `${e.process} delivered ${e.id} twice` };
        d = setAt(d, q, next, [], isEmptyList);
      }
      return d;
    },
  };
}

/** atMostOnce: no process delivers the same message id twice (across crashes too: the monitor does not crash). */
export function atMostOnce(opts: GuaranteeOptions = {}): Property<unknown> {
  return {
    name: opts.name ?? 'atMostOnce',
    kind: 'monitor',
    description: 'atMostOnce: no process delivers the same message twice',
    monitor: monitorOf(atMostOnceGuarantee(), opts.on ?? 'auto'),
  };
}
