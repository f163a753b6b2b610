import type { Message, Value } from '../spec/index.ts';
import { compareValues } from './compare.ts';
import type { QueueInfo } from './layout.ts';

/** A message in flight: who sent it, the message, and ghost data monitors attach (null if none). */
export type Entry = readonly [from: number, msg: Message, tag: Value];

export const EMPTY: readonly Entry[] = Object.freeze([]);

function compareEntries(a: Entry, b: Entry): number {
  return compareValues(a as unknown as Value, b as unknown as Value);
}

/** Add an entry where the queue's ordering puts it (FIFO: at the end; unordered: sorted; priority: after all of equal or higher priority). */
export function enqueue(q: readonly Entry[], e: Entry, info: QueueInfo): readonly Entry[] {
  let at = q.length;
  if (info.ordering === 'unordered') {
    at = 0;
    while (at < q.length && compareEntries(q[at], e) <= 0) at++;
  } else if (info.ordering === 'priority' && info.priority) {
    const p = info.priority(e[1]);
    at = 0;
    while (at < q.length && info.priority(q[at][1]) >= p) at++;
  }
  const n = q.length;
  const out = new Array<Entry>(n + 1);
  for (let k = 0; k < at; k++) out[k] = q[k];
  out[at] = e;
  for (let k = at; k < n; k++) out[k + 1] = q[k];
  return out;
}

export function removeAt(q: readonly Entry[], i: number): readonly Entry[] {
  const n = q.length;
  if (n === 1) return EMPTY;
  const out = new Array<Entry>(n - 1);
  for (let k = 0; k < i; k++) out[k] = q[k];
  for (let k = i + 1; k < n; k++) out[k - 1] = q[k];
  return out;
}

/** Indexes worth trying as distinct steps: every index for ordered queues, the first of each run of equal entries for unordered ones. */
export function distinctIndexes(q: readonly Entry[], info: QueueInfo): number[] {
  const out: number[] = [];
  for (let i = 0; i < q.length; i++) {
    if (info.ordering === 'unordered' && i > 0 && compareEntries(q[i - 1], q[i]) === 0) continue;
    out.push(i);
  }
  return out;
}

/** Duplicate the entry at i: a copy right behind it (ordered) or one more in the multiset. */
export function duplicateAt(q: readonly Entry[], i: number, info: QueueInfo): readonly Entry[] {
  if (info.ordering === 'fifo' || info.ordering === 'mailbox') return [...q.slice(0, i + 1), q[i], ...q.slice(i + 1)];
  return enqueue(q, q[i], info);
}

/** The entry at i (i ≥ 1) overtakes the one in front of it. */
export function overtakeAt(q: readonly Entry[], i: number): readonly Entry[] {
  const out = q.slice();
  out[i - 1] = q[i];
  out[i] = q[i - 1];
  return out;
}
