import { monitorOf } from './guarantee.ts';
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
    step: (g, o) => {
      let owed = g;
      const ps = o.facts.processes;
      for (const e of o.events) {
        if (e.kind === 'submit') {
          if (e.to === null) owed = ps.map((_, q) => insertKey(at(owed, q, []), e.key));
          else {
            const q = ps.indexOf(e.to);
            owed = setAt(owed, q, insertKey(at(owed, q, []), e.key), [], isEmptyList);
          }
          continue;
        }
        const q = ps.indexOf(e.process);
        const mine = at(owed, q, []);
        if (mine.includes(e.key)) owed = setAt(owed, q, mine.filter((k) => k !== e.key), [], isEmptyList);
      }
      return owed;
    },
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
  return {
    name: opts.name ?? 'deliveredAtEnd',
    kind: 'monitor',
    description: 'deliveredAtEnd: wherever no protocol step is enabled, every message submitted to a live process was delivered by it',
    monitor: monitorOf(deliveredAtEndGuarantee(), opts.on ?? 'auto'),
  };
}
