/**
 * FIFO delivery over an unordered network with a resequencing buffer — or, broken, delivery
 * on arrival.
 *
 * The sender submits messages 0 … messages-1 and sends each as data{seq, id} at once, without
 * waiting (a pipelined sender). The network is unordered (`network.unordered()`): any message
 * in flight may arrive next. The receiver keeps `expected`, the next sequence number to
 * deliver, and a buffer of the messages that arrived early, sorted by seq; a message with
 * seq < expected or already buffered is a duplicate and is dropped; after each arrival it
 * delivers from the buffer while its head is the expected one. With broken=true it
 * delivers every message the moment it arrives. Both processes keep their state on stable
 * storage (persistent), so a crash only pauses a process. No faults by default: the network
 * itself reorders.
 *
 * Parameters: messages (default 3), broken (default false).
 * Expected verdicts (defaults, broken=false):
 *   fifo         holds — the receiver delivers sender#0, sender#1, sender#2 in that order
 *   exactlyOnce  holds — each once, and every run ends with all three delivered
 *   noDeadlock   holds
 *   assertions   holds
 * With --param broken=true:
 *   fifo         violated — "receiver delivered sender#1 ahead of sender#0" (3 steps: send,
 *                send, receive data 1)
 *   exactlyOnce, noDeadlock, assertions hold
 * Other environments (matrix, defaults): reliable and reordering (a reorder fault does not
 * apply to an unordered channel) are the spec's own environment — all hold; duplicating —
 * all hold (the copy is recognised by its seq and dropped); lossy — exactlyOnce violated (a
 * lost message is never delivered, and nor is anything after it: nothing retransmits),
 * fifo still holds (what is delivered is a prefix); crash — all hold (persistent state,
 * queued messages are kept).
 */
import { network, protocol } from 'mpcheck';

type Msg = { type: 'data'; seq: number; id: string };
type Buffered = { readonly seq: number; readonly id: string };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

const allHold = { fifo: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' } as const;

export default define({
  name: 'resequencer',
  description: 'sequence numbers and a resequencing buffer give FIFO over an unordered network; broken: deliver on arrival',
  params: { messages: 3, broken: false },
  network: network.unordered(),
  processes: ({ messages, broken }) => ({
    sender: process({
      init: { next: 0 },
      persistent: ['next'],
      actions: {
        send: {
          when: (s) => s.next < messages,
          then: (s, ctx) => {
            const id = ctx.submit(s.next, 'receiver');
            ctx.send('receiver', { type: 'data', seq: s.next, id });
            return { next: s.next + 1 };
          },
        },
      },
      end: (s) => s.next === messages,
    }),
    receiver: process({
      init: { expected: 0, buf: [] as readonly Buffered[] },
      persistent: ['expected', 'buf'],
      receive: {
        data: (s, m, ctx) => {
          if (broken) {
            ctx.deliver(m.id, m.seq);
            return s;
          }
          if (m.seq < s.expected || s.buf.some((b) => b.seq === m.seq)) return s;
          let buf = [...s.buf, { seq: m.seq, id: m.id }].sort((a, b) => a.seq - b.seq);
          let expected = s.expected;
          while (buf.length > 0 && buf[0].seq === expected) {
            ctx.deliver(buf[0].id, buf[0].seq);
            buf = buf.slice(1);
            expected++;
          }
          return { expected, buf };
        },
      },
      end: () => true,
    }),
  }),
  properties: (_, p) => [p.fifo(), p.exactlyOnce(), p.noDeadlock()],
  expect: allHold,
  expectIn: {
    reliable: allHold,
    lossy: { ...allHold, exactlyOnce: 'violated' },
    duplicating: allHold,
    reordering: allHold,
    crash: allHold,
  },
});
