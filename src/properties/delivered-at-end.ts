import { foldEvents } from './fold-events.ts';
import { guaranteeProperty } from './guarantee.ts';
import type { Guarantee, GuaranteeOptions } from './guarantee.ts';
import { idsOf, insertKey } from './ids.ts';
import type { Key } from './ids.ts';
import { at, isEmptyList, setAt } from './slots.ts';
import type { Property } from './types.ts';

/** Ghost: per process (by position in the model), the keys of the messages submitted to it that it has not delivered yet, sorted. */
type Owed = readonly (readonly Key[])[];

/** In every state where no protocol step is enabled, every message submitted to a live process was delivered by it. */
export function deliveredAtEndGuarantee(): Guarantee<Owed> {
  return {
    init: [],
    // (a step without service events leaves the ghost as it is)
    notices: 'events',
    step: foldEvents<Owed>({
      submit: (owed, e, o) => {
        const ps = o.facts.processes;
        if (e.to === null) return ps.map((_, q) => insertKey(at(owed, q, []), e.key));
        const q = ps.indexOf(e.to);
        return setAt(owed, q, insertKey(at(owed, q, []), e.key), [], isEmptyList);
      },
      deliver: (owed, e, o) => {
        const q = o.facts.processes.indexOf(e.process);
        const mine = at(owed, q, []);
        return mine.includes(e.key) ? setAt(owed, q, mine.filter((k) => k !== e.key), [], isEmptyList) : owed;
      },
    }),
    atEnd: (g, end) => {
      for (let q = 0; q < end.processes.length; q++) {
        const name = end.processes[q];
        const mine = at(g, q, []);
        if (end.down.includes(name) || mine.length === 0) continue;
        const what = end.properEnd ? 'the run ends here (no protocol step is enabled)' : 'no protocol step is enabled (a deadlock)';
        return { violation: `${what}, but ${name} never delivered ${idsOf(mine, end.processes).join(', ')}` };
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
  return guaranteeProperty(
    'deliveredAtEnd',
    'deliveredAtEnd: wherever no protocol step is enabled, every message submitted to a live process was delivered by it',
    deliveredAtEndGuarantee(),
    opts,
  );
}
