/**
 * Exactly-once delivery over a lossy channel with a receiver that may crash — with the
 * deduplication state kept across the crash (persistent) or lost (volatile).
 *
 * The sender submits message k, sends data{id,seq:k} and retransmits it whenever the system
 * is quiescent until ack{id} comes back (stop-and-wait; its whole state is persistent, so a
 * crash of the sender only pauses it). The receiver delivers a data message only if its id
 * is not in `seen`, adds it there, and acknowledges every data message. Faults: one message
 * lost, one crash (of either process; the receiver's is the interesting one).
 *
 * Parameters: messages (default 2), broken (default false): with broken=true the receiver's
 * `seen` set is volatile — lost by a crash — instead of persistent.
 * Expected verdicts (defaults, broken=false):
 *   exactlyOnce  holds — no message is delivered twice, and every run that ends has delivered both
 *   fifo         holds — the receiver delivers sender#0 then sender#1, none repeated
 *   integrity    holds — delivered ids were submitted to the receiver, with the same payload
 *   noDeadlock   holds
 *   assertions   holds
 * With --param broken=true:
 *   exactlyOnce  violated — "receiver delivered sender#0 twice" (7 steps: send, receive and
 *                deliver, ack lost, timeout retransmit, crash receiver, restart, receive again)
 *   fifo         violated — the repeated delivery is out of submit order
 *   integrity, noDeadlock, assertions hold
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'data'; id: string; seq: number } | { type: 'ack'; id: string };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

export default define({
  name: 'exactly-once',
  description: 'stop-and-wait with receiver deduplication; the dedup set is persistent (or, broken, volatile) across a receiver crash',
  params: { messages: 2, broken: false },
  faults: { lose: 1, crash: 1 },
  processes: ({ messages, broken }) => ({
    sender: process({
      init: { next: 0, id: '', waiting: false },
      persistent: ['next', 'id', 'waiting'],
      actions: {
        send: {
          when: (s) => !s.waiting && s.next < messages,
          then: (s, ctx) => {
            const id = ctx.submit(s.next, 'receiver');
            ctx.send('receiver', { type: 'data', id, seq: s.next });
            return { ...s, id, waiting: true };
          },
        },
        retransmit: {
          timeout: true,
          when: (s) => s.waiting,
          then: (s, ctx) => (ctx.send('receiver', { type: 'data', id: s.id, seq: s.next }), s),
        },
      },
      receive: {
        ack: (s, m) => (s.waiting && m.id === s.id ? { next: s.next + 1, id: '', waiting: false } : s),
      },
      end: (s) => s.next === messages && !s.waiting,
    }),
    receiver: process({
      init: { seen: [] as readonly string[] },
      persistent: broken ? [] : ['seen'],
      receive: {
        data: (s, m, ctx) => {
          ctx.send('sender', { type: 'ack', id: m.id });
          if (s.seen.includes(m.id)) return s;
          ctx.deliver(m.id, m.seq);
          return { seen: [...s.seen, m.id] };
        },
      },
      end: () => true,
    }),
  }),
  properties: (_, p) => [p.exactlyOnce(), p.fifo(), p.integrity(), p.noDeadlock()],
  expect: { exactlyOnce: 'holds', fifo: 'holds', integrity: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { exactlyOnce: 'holds', fifo: 'holds', integrity: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { exactlyOnce: 'holds', fifo: 'holds', integrity: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { exactlyOnce: 'holds', fifo: 'holds', integrity: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { exactlyOnce: 'holds', fifo: 'holds', integrity: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { exactlyOnce: 'holds', fifo: 'holds', integrity: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  },
});
