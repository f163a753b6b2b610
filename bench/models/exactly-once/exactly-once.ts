/**
 * Exactly-once delivery over lossy, duplicating unordered channels, with crashes — a bench
 * model, the same state graph as exactly-once.pml (SPIN -DNOREDUCE) and exactly-once.m
 * (Rumur); see ../../README.md.
 *
 * The sender sends the sequence numbers 0..M-1 as data{seq}; it keeps `next` (how many it
 * has sent) in persistent storage and the set of acknowledged ones in volatile memory. When
 * nothing else can happen (a quiescent timeout) it retransmits one unacknowledged sequence
 * number of its choice. The receiver deduplicates with a persistent table `seen` (a data
 * whose seq is new is delivered and recorded) and acknowledges lazily: a receipt marks the
 * seq as pending in volatile memory, and a separate action sends ack{seq} for a pending seq
 * of its choice. A crash wipes the volatile part: the sender forgets which messages were
 * acknowledged (and retransmits them), the receiver forgets the acks it owes (and the
 * sender's timeout makes it send them again), but the dedup table survives, so nothing is
 * delivered twice.
 *
 * Both channels are unordered (a multiset) with capacity C; a send into a full one blocks.
 * Faults: at most L losses, D duplications and X crashes (of either process; a crashed
 * process keeps its incoming messages and takes no step until it restarts). The budgets are
 * set with `--faults lose=L,duplicate=D,crash=X` (the bench does this from the instance).
 *
 * State: sender {next, acked[M]} (next persistent), receiver {seen[M], pending[M]} (seen
 * persistent), the two multisets, down flags, faults used.
 *   sender   send        next < M, room in data            → data{next}; next += 1
 *   sender   retransmit  (quiescent) k < next, !acked[k], room in data → data{k}  (one step per k)
 *   sender   recv ack{k}                                   → acked[k] := true
 *   receiver recv data{k}                                  → seen[k] := true; pending[k] := true
 *   receiver ack         pending[k], room in ack           → ack{k}; pending[k] := false (one step per k)
 * Properties (invariants): acked[k] ⇒ seen[k] (an acknowledged message was delivered, and a
 * crash does not undo that) and pending[k] ⇒ seen[k]. Expected: both hold. Counts: see
 * expected.json.
 */
import { network, protocol } from 'mpcheck';

type Msg = { type: 'data'; seq: number } | { type: 'ack'; seq: number };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

const set = (xs: readonly boolean[], k: number, v: boolean): readonly boolean[] => xs.map((x, i) => (i === k ? v : x));
const indexesWhere = (xs: readonly boolean[], p: (x: boolean, i: number) => boolean): number[] =>
  xs.flatMap((x, i) => (p(x, i) ? [i] : []));

export default define({
  name: 'exactly-once',
  description: 'sequence numbers, acks, retransmission and a persistent dedup table over lossy, duplicating unordered channels with crashes',
  params: { M: 2, C: 2 },
  network: ({ C }) => network.unordered({ capacity: C }),
  faults: { lose: 1, duplicate: 1, crash: 1 },
  processes: ({ M }) => {
    const none: readonly boolean[] = new Array<boolean>(M).fill(false);
    return {
      sender: process({
        init: { next: 0, acked: none },
        persistent: ['next'],
        actions: {
          send: {
            when: (s, ctx) => s.next < M && ctx.canSend('receiver'),
            then: (s, ctx) => {
              ctx.send('receiver', { type: 'data', seq: s.next });
              return { ...s, next: s.next + 1 };
            },
          },
          retransmit: {
            timeout: true,
            when: (_s, ctx) => ctx.canSend('receiver'),
            then: (s, ctx) => {
              const k = ctx.choose(indexesWhere(s.acked, (a, i) => i < s.next && !a));
              ctx.send('receiver', { type: 'data', seq: k });
              return s;
            },
          },
        },
        receive: {
          ack: (s, m) => ({ ...s, acked: set(s.acked, m.seq, true) }),
        },
      }),
      receiver: process({
        init: { seen: none, pending: none },
        persistent: ['seen'],
        actions: {
          ack: {
            when: (s, ctx) => s.pending.includes(true) && ctx.canSend('sender'),
            then: (s, ctx) => {
              const k = ctx.choose(indexesWhere(s.pending, (p) => p));
              ctx.send('sender', { type: 'ack', seq: k });
              return { ...s, pending: set(s.pending, k, false) };
            },
          },
        },
        receive: {
          // a new seq is delivered (recorded in the dedup table); every receipt owes an ack
          data: (s, m) => ({ seen: set(s.seen, m.seq, true), pending: set(s.pending, m.seq, true) }),
        },
      }),
    };
  },
  properties: (_params, p) => [
    p.always('ackedWasDelivered', (v) => v.procs.sender.acked.every((a, k) => !a || v.procs.receiver.seen[k])),
    p.always('pendingWasDelivered', (v) => v.procs.receiver.pending.every((a, k) => !a || v.procs.receiver.seen[k])),
  ],
  expect: { ackedWasDelivered: 'holds', pendingWasDelivered: 'holds', assertions: 'holds' },
});
