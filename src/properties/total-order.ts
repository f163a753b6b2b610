import { foldEvents } from './fold-events.ts';
import { guaranteeProperty } from './guarantee.ts';
import type { Guarantee, GuaranteeOptions } from './guarantee.ts';
import type { Rec } from './records.ts';
import type { Property } from './types.ts';

/** Ghost: per process, the ids it has delivered, in the order of their first delivery. */
type Seqs = Rec<readonly string[]>;

/** The total-order guarantee over deliver events. */
export function totalOrderGuarantee(): Guarantee<Seqs> {
  return {
    init: {},
    // (a step without service events leaves the ghost as it is)
    notices: 'events',
    step: foldEvents<Seqs>({
      deliver: (seqs, e, o) => {
        const q = e.process;
        const mine = seqs[q] ?? [];
        if (mine.includes(e.id)) return seqs; // a repeated delivery: atMostOnce's business
        for (const r of o.facts.processes) {
          const theirs = r === q ? undefined : seqs[r];
          const at = theirs ? theirs.indexOf(e.id) : -1;
          if (at < 0) continue;
          for (const a of mine) {
            if (theirs!.indexOf(a) > at) return { violation: `${q} delivered ${a} before ${e.id}, but ${r} delivered ${e.id} before ${a}` };
          }
        }
        return { ...seqs, [q]: [...mine, e.id] };
      },
    }),
  };
}

/**
 * totalOrder: any two processes deliver the messages they both deliver in the same relative
 * order (of first deliveries). Checked pairwise, as stated: it does not require one global
 * order when three processes each share different messages.
 */
export function totalOrder(opts: GuaranteeOptions = {}): Property<unknown> {
  return guaranteeProperty('totalOrder', 'totalOrder: every two processes deliver their common messages in the same relative order', totalOrderGuarantee(), opts);
}
