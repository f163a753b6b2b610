import { monitorOf } from './guarantee.ts';
import type { Guarantee, GuaranteeOptions } from './guarantee.ts';
import { insertId } from './ids.ts';
import { addressees, setKey } from './records.ts';
import type { Rec } from './records.ts';
import type { Property } from './types.ts';

/** Ghost: per process, the ids submitted to it that it has not delivered yet (a set, in id order). */
type Owed = Rec<readonly string[]>;

/** In every state where no protocol step is enabled, every message submitted to a live process was delivered by it. */
export function deliveredAtEndGuarantee(): Guarantee<Owed> {
  return {
    init: {},
    step: (g, o) => {
      let owed = g;
      for (const e of o.events) {
        if (e.kind === 'submit') {
          for (const q of addressees(e.to, o.facts.processes)) owed = setKey(owed, q, insertId(owed[q] ?? [], e.id));
        } else if (owed[e.process]?.includes(e.id)) {
          owed = setKey(owed, e.process, owed[e.process].filter((id) => id !== e.id));
        }
      }
      return owed;
    },
    atEnd: (g, end) => {
      for (const q of end.processes) {
        if (end.down.includes(q) || !g[q]?.length) continue;
        const what = end.properEnd ? 'the run ends here (no protocol step is enabled)' : 'no protocol step is enabled (a deadlock)';
        return { violation: `${what}, but ${q} never delivered ${g[q].join(', ')}` };
      }
      return null;
    },
  };
}

/**
 * deliveredAtEnd: in every reachable state where no protocol step is enabled — where a run
 * can end — every message submitted to a process that is up was delivered by it. A safety
 * check of finished runs, not liveness: runs that never end are not judged.
 */
export function deliveredAtEnd(opts: GuaranteeOptions = {}): Property<unknown> {
  return {
    name: opts.name ?? 'deliveredAtEnd',
    kind: 'monitor',
    description: 'deliveredAtEnd: wherever no protocol step is enabled, every message submitted to a live process was delivered by it',
    monitor: monitorOf(deliveredAtEndGuarantee(), opts.over ?? 'auto'),
  };
}
