import { makeId } from './ids.ts';
import { foldEvents } from './fold-events.ts';
import { guaranteeProperty } from './guarantee.ts';
import type { Guarantee, GuaranteeOptions } from './guarantee.ts';
import { addressees, setKey } from './records.ts';
import type { Rec } from './records.ts';
import type { Property } from './types.ts';

export interface FifoOptions extends GuaranteeOptions {
  /** Allow gaps: a message that is never delivered (lost) may be skipped. Default false. */
  readonly gaps?: boolean;
}

/**
 * Ghost: per receiver q, per sender p, the numbers of the messages p submitted to q that q
 * may still deliver in order — the undelivered ones (no gaps), or those submitted after the
 * last one q delivered (gaps). `{ [q]: { [p]: seq[] } }`, empty entries removed.
 */
type Due = Rec<Rec<readonly number[]>>;

function fifoViolation(q: string, p: string, id: string, due: readonly number[], gaps: boolean): string {
  if (due.length === 0) return `${q} delivered ${id}, but no message from ${p} to ${q} is due (every one submitted so far was delivered${gaps ? ' or skipped' : ''})`;
  if (gaps) return `${q} delivered ${id}, but the messages from ${p} to ${q} still due, in submit order, are ${due.map((k) => makeId(p, k)).join(', ')}`;
  return `${q} delivered ${id}, but the next message from ${p} to ${q} in submit order is ${makeId(p, due[0])}`;
}

/** The FIFO guarantee over submit/deliver events. */
export function fifoGuarantee(gaps: boolean): Guarantee<Due> {
  return {
    init: {},
    // (a step without service events leaves the ghost as it is)
    notices: 'events',
    step: foldEvents<Due>({
      submit: (g, e, o) => {
        let due = g;
        for (const q of addressees(e.to, o.facts.processes)) {
          const byP = due[q] ?? {};
          due = setKey(due, q, setKey(byP, e.process, [...(byP[e.process] ?? []), e.seq]));
        }
        return due;
      },
      deliver: (due, e) => {
        if (e.sender === null || e.seq === null) return due; // not an id of any submit: integrity's business
        const q = e.process;
        const p = e.sender;
        const list = due[q]?.[p] ?? [];
        const at = gaps ? list.indexOf(e.seq) : list[0] === e.seq ? 0 : -1;
        if (at < 0) return { violation: fifoViolation(q, p, e.id, list, gaps) };
        return setKey(due, q, setKey(due[q] ?? {}, p, list.slice(at + 1)));
      },
    }),
  };
}

/**
 * fifo: per sender p and receiver q, the messages q delivers from p come in p's submit order.
 * Without gaps (default) the ids q delivers from p are, at every moment, a prefix of the ids
 * p submitted to q; with `gaps: true` a subsequence of them (a message never delivered may be
 * skipped, but nothing is delivered late or twice).
 */
export function fifo(opts: FifoOptions = {}): Property<unknown> {
  const gaps = opts.gaps ?? false;
  const description = gaps
    ? 'fifo (gaps allowed): each receiver delivers the messages of each sender in submit order, possibly skipping some, never one twice'
    : 'fifo: each receiver delivers the messages of each sender in submit order, each one next, none skipped or repeated';
  return guaranteeProperty('fifo', description, fifoGuarantee(gaps), opts);
}
