/**
 * The alternating bit protocol over lossy and duplicating FIFO channels — or, broken, with a
 * receiver that ignores the bit.
 *
 * The sender submits message k and sends data{bit, id} with its current bit (0 for message
 * 0, then alternating), retransmits it whenever the system is quiescent, and on ack{bit}
 * equal to its bit flips the bit and moves to the next message (an ack with the other bit is
 * stale and ignored). The receiver expects a bit (initially 0): data with that bit is new —
 * it delivers it and flips the bit it expects; data with the other bit is a copy of what it
 * already delivered. It acknowledges every data message with the data's bit. The id is the
 * service layer's name of the message (for the monitors); the protocol decides with the bit
 * alone. Faults: one message lost and one duplicated, on either channel. The processes'
 * state is volatile, as in the textbook protocol.
 *
 * Parameters: messages (default 3, so that bit 0 is used twice), broken (default false):
 * with broken=true the receiver delivers every data message, whatever its bit.
 * Expected verdicts (defaults, broken=false):
 *   exactlyOnce  holds — a copy (retransmission after a lost ack, or a duplicate) carries the
 *                bit already seen and is not delivered again; every run that ends delivered all
 *   fifo         holds — sender#0, sender#1, sender#2 in order
 *   noDeadlock   holds — the quiescent timeout recovers from a loss
 *   assertions   holds
 * With --param broken=true:
 *   exactlyOnce  violated — "receiver delivered sender#0 twice" (4 steps: send, duplicate,
 *                receive, receive the copy)
 *   fifo         violated — the same repeated delivery, 4 steps
 *   noDeadlock, assertions hold
 * Other environments (matrix, defaults): reliable, lossy, duplicating — all hold;
 * reordering — all hold (without loss nothing is retransmitted, so at most one message is in
 * flight per channel and a reorder never applies); crash — exactlyOnce and fifo violated:
 * the protocol is not crash-tolerant. A receiver that crashes after delivering message 0
 * restarts expecting bit 0 again; it takes data 1 (bit 1) for a copy, acknowledges it
 * without delivering, and then delivers data 2 (bit 0): the run ends with sender#1 never
 * delivered (exactlyOnce, 11 steps). The shortest fifo violation is a sender crash (9
 * steps): message 0 is delivered, the sender crashes before ack{0} arrives and restarts at
 * bit 0; it submits its message 0 again as sender#1, takes the stale ack{0} for its ack,
 * and sends sender#2 with bit 1; the receiver drops sender#1 (bit 0, a copy to it) and
 * delivers sender#2 — sender#1 is skipped.
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'data'; bit: number; id: string } | { type: 'ack'; bit: number };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

export default define({
  name: 'alternating-bit',
  description: 'the alternating bit protocol over lossy, duplicating FIFO channels; broken: the receiver ignores the bit',
  params: { messages: 3, broken: false },
  faults: { lose: 1, duplicate: 1 },
  processes: ({ messages, broken }) => ({
    sender: process({
      init: { next: 0, bit: 0, id: '', waiting: false },
      actions: {
        send: {
          when: (s) => !s.waiting && s.next < messages,
          then: (s, ctx) => {
            const id = ctx.submit(s.next, 'receiver');
            ctx.send('receiver', { type: 'data', bit: s.bit, id });
            return { ...s, id, waiting: true };
          },
        },
        retransmit: {
          timeout: true,
          when: (s) => s.waiting,
          then: (s, ctx) => (ctx.send('receiver', { type: 'data', bit: s.bit, id: s.id }), s),
        },
      },
      receive: {
        ack: (s, m) => (s.waiting && m.bit === s.bit ? { next: s.next + 1, bit: 1 - s.bit, id: '', waiting: false } : s),
      },
      end: (s) => s.next === messages && !s.waiting,
    }),
    receiver: process({
      init: { expect: 0 },
      receive: {
        data: (s, m, ctx) => {
          ctx.send('sender', { type: 'ack', bit: m.bit });
          if (broken) {
            ctx.deliver(m.id);
            return s;
          }
          if (m.bit !== s.expect) return s;
          ctx.deliver(m.id);
          return { expect: 1 - s.expect };
        },
      },
      end: () => true,
    }),
  }),
  properties: (_, p) => [p.exactlyOnce(), p.fifo(), p.noDeadlock()],
  expect: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { exactlyOnce: 'violated', fifo: 'violated', noDeadlock: 'holds', assertions: 'holds' },
  },
});
