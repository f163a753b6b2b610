/**
 * Retransmit until acknowledged — at-least-once delivery over a lossy channel.
 *
 * The sender submits message k, sends data{seq:k}, and waits for ack{seq:k}; when the
 * system is quiescent (nothing else can happen: the data or the ack was lost) its timeout
 * retransmits. The receiver delivers and acknowledges every data it gets — it keeps no
 * record of what it already delivered, so a lost ack makes it deliver twice.
 *
 * Parameters: messages (default 2).
 * Expected verdicts (defaults, faults lose 1):
 *   allDelivered  holds    — once the sender is done, every message was delivered (at least once)
 *   noDuplicates  violated — a lost ack leads to a retransmission and a second delivery
 *   atMostOnce    violated — the same, seen by the service monitor: "receiver delivered
 *                 sender#0 twice" (5 steps: send, receive, ack lost, timeout, receive again)
 *   noDeadlock    holds    — the quiescent timeout always recovers from the loss
 *   assertions    holds
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'data'; seq: number; id: string } | { type: 'ack'; seq: number };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

export default define({
  name: 'retransmit',
  description: 'retransmit-until-ack over a lossy FIFO channel, receiver without deduplication',
  params: { messages: 2 },
  faults: { lose: 1 },
  processes: ({ messages }) => ({
    sender: process({
      init: { next: 0, id: '', waiting: false },
      actions: {
        send: {
          when: (s) => !s.waiting && s.next < messages,
          then: (s, ctx) => {
            const id = ctx.submit(s.next, 'receiver');
            ctx.send('receiver', { type: 'data', seq: s.next, id });
            return { ...s, id, waiting: true };
          },
        },
        retransmit: {
          timeout: true,
          when: (s) => s.waiting,
          then: (s, ctx) => {
            ctx.send('receiver', { type: 'data', seq: s.next, id: s.id });
            return s;
          },
        },
      },
      receive: {
        ack: (s, m) => (s.waiting && m.seq === s.next ? { next: s.next + 1, id: '', waiting: false } : s),
      },
      end: (s) => s.next === messages && !s.waiting,
    }),
    receiver: process({
      init: { delivered: [] as readonly string[] },
      receive: {
        data: (s, m, ctx) => {
          ctx.deliver(m.id);
          ctx.send('sender', { type: 'ack', seq: m.seq });
          return { delivered: [...s.delivered, m.id] };
        },
      },
      end: () => true,
    }),
  }),
  properties: ({ messages }, p) => [
    p.always('allDelivered', (v) => v.procs.sender.next < messages || new Set(v.procs.receiver.delivered).size === messages),
    p.always('noDuplicates', (v) => new Set(v.procs.receiver.delivered).size === v.procs.receiver.delivered.length),
    p.atMostOnce(),
    p.noDeadlock(),
  ],
  expect: { allDelivered: 'holds', noDuplicates: 'violated', atMostOnce: 'violated', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { allDelivered: 'holds', noDuplicates: 'holds', atMostOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { allDelivered: 'holds', noDuplicates: 'violated', atMostOnce: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { allDelivered: 'holds', noDuplicates: 'violated', atMostOnce: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { allDelivered: 'holds', noDuplicates: 'holds', atMostOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { allDelivered: 'violated', noDuplicates: 'holds', atMostOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  },
});
