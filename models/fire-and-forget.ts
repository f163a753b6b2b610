/**
 * Fire and forget — at-most-once delivery over a lossy channel.
 *
 * The sender submits `messages` messages and sends each once; it never retransmits.
 * The receiver delivers whatever arrives. One message may be lost (faults: lose 1).
 *
 * Parameters: messages (default 2).
 * Expected verdicts (defaults):
 *   allDelivered  violated — once the sender is done and nothing is in flight, a lost
 *                 message was never delivered (shortest trace: 4 steps, 1 loss)
 *   noDuplicates  holds    — no message is delivered twice (at-most-once)
 *   noDeadlock    holds
 *   assertions    holds
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'data'; id: string };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

export default define({
  name: 'fire-and-forget',
  description: 'sender sends each message once over a lossy FIFO channel; no acknowledgements',
  params: { messages: 2 },
  faults: { lose: 1 },
  processes: ({ messages }) => ({
    sender: process({
      init: { next: 0 },
      actions: {
        send: {
          when: (s) => s.next < messages,
          then: (s, ctx) => {
            const id = ctx.submit(s.next, 'receiver');
            ctx.send('receiver', { type: 'data', id });
            return { next: s.next + 1 };
          },
        },
      },
      end: (s) => s.next === messages,
    }),
    receiver: process({
      init: { delivered: [] as readonly string[] },
      receive: {
        data: (s, m, ctx) => {
          ctx.deliver(m.id);
          return { delivered: [...s.delivered, m.id] };
        },
      },
      end: () => true,
    }),
  }),
  properties: ({ messages }, p) => [
    p.always('allDelivered', (v) => !(v.procs.sender.next === messages && v.inFlight.length === 0) || v.procs.receiver.delivered.length === messages),
    p.always('noDuplicates', (v) => new Set(v.procs.receiver.delivered).size === v.procs.receiver.delivered.length),
    p.noDeadlock(),
  ],
  expect: { allDelivered: 'violated', noDuplicates: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { allDelivered: 'holds', noDuplicates: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { allDelivered: 'violated', noDuplicates: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { allDelivered: 'violated', noDuplicates: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { allDelivered: 'holds', noDuplicates: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { allDelivered: 'violated', noDuplicates: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  },
});
