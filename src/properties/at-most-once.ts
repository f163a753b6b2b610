import { monitorOf } from './guarantee.ts';
import type { Guarantee, GuaranteeOptions } from './guarantee.ts';
import { insertId } from './ids.ts';
import type { Rec } from './records.ts';
import type { Property } from './types.ts';

/** Ghost: per process, the ids it has delivered (a set, in id order). */
type Delivered = Rec<readonly string[]>;

/** No process delivers the same message twice. */
export function atMostOnceGuarantee(): Guarantee<Delivered> {
  return {
    init: {},
    step: (g, o) => {
      let d = g;
      for (const e of o.events) {
        if (e.kind !== 'deliver') continue;
        const mine = d[e.process] ?? [];
        if (mine.includes(e.id)) return { violation: `${e.process} delivered ${e.id} twice` };
        d = { ...d, [e.process]: insertId(mine, e.id) };
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
    monitor: monitorOf(atMostOnceGuarantee(), opts.over ?? 'auto'),
  };
}
