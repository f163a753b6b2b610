import { compareValues } from '../network/index.ts';
import type { Value } from '../spec/index.ts';
import { foldEvents } from './fold-events.ts';
import { guaranteeProperty } from './guarantee.ts';
import type { Guarantee, GuaranteeOptions } from './guarantee.ts';
import type { Rec } from './records.ts';
import { show } from './show.ts';
import type { Property } from './types.ts';

/** What was submitted: the addressee (null: every process) and, at the service level, the payload. */
type Submitted = readonly [to: string | null] | readonly [to: string | null, payload: Value];

/** Ghost: per submitter, its submits in order (index = the number in the id). */
type Log = Rec<readonly Submitted[]>;

/** Only submitted messages are delivered, to their addressees, with the submitted payload. */
export function integrityGuarantee(): Guarantee<Log> {
  return {
    init: {},
    // (a step without service events leaves the ghost as it is)
    notices: 'events',
    step: foldEvents<Log>({
      submit: (log, e, o) => {
        // raw channel mode: the message is its own payload and cannot change in flight, so it is not kept
        const rec: Submitted = o.level === 'service' ? [e.to, e.payload] : [e.to];
        return { ...log, [e.process]: [...(log[e.process] ?? []), rec] };
      },
      deliver: (log, e) => {
        const q = e.process;
        const rec = e.sender !== null && e.seq !== null ? log[e.sender]?.[e.seq] : undefined;
        if (!rec) return { violation: `${q} delivered ${e.id}, which no process submitted` };
        if (rec[0] !== null && rec[0] !== q) return { violation: `${q} delivered ${e.id}, which was submitted to ${rec[0]}` };
        if (e.payload !== undefined && rec.length === 2 && compareValues(e.payload, rec[1]) !== 0) {
          return { violation: `${q} delivered ${e.id} with payload ${show(e.payload)}, but ${show(rec[1])} was submitted` };
        }
        return log;
      },
    }),
  };
}

/**
 * integrity: every delivered id was submitted before, by a process of the model, to the
 * delivering process (or to everyone); when the spec passes the payload to
 * `ctx.deliver(id, payload)`, it equals the submitted one.
 */
export function integrity(opts: GuaranteeOptions = {}): Property<unknown> {
  return guaranteeProperty('integrity', 'integrity: only submitted messages are delivered, to their addressees, with the submitted payload', integrityGuarantee(), opts);
}
