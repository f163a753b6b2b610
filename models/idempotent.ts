/**
 * An idempotent handler over at-least-once delivery — or, broken, a non-idempotent one.
 *
 * The sender submits message k (k = 0 … messages-1), sends data{seq:k, id} and retransmits
 * it whenever the system is quiescent until ack{seq:k} comes back (stop-and-wait). The
 * channels are FIFO; the environment may lose one message and duplicate one. The receiver
 * keeps no record of what it delivered: it delivers and applies every data message it gets
 * and acknowledges it, so deliveries repeat (at-least-once, not exactly-once). Its
 * application operation is "add k to the set `items`" (a set union: idempotent), or, with
 * broken=true, "increment `count`" (not idempotent). Both processes keep their state on
 * stable storage (persistent), so a crash only pauses a process.
 *
 * `endState` is the application-level invariant: in a state where the sender is done and
 * no data message is in flight (nothing can change the application state any more), the
 * application state is what exactly-once delivery would give — items = {0 … messages-1},
 * or count = messages.
 *
 * Parameters: messages (default 2), broken (default false).
 * Expected verdicts (defaults, broken=false; faults lose 1, duplicate 1):
 *   atMostOnce      violated — a duplicated data message is delivered twice (4 steps: send,
 *                   duplicate, receive, receive again)
 *   deliveredAtEnd  holds    — every run that ends has delivered both messages
 *   endState        holds    — the repeated deliveries do not change the set
 *   noDeadlock      holds    — the quiescent timeout recovers from the loss
 *   assertions      holds
 * With --param broken=true:
 *   endState        violated — a duplicate is counted twice: message 0 goes through, data 1
 *                   is duplicated, received and acknowledged (the sender is done), then the
 *                   copy is received: count = 3 (8 steps)
 *   atMostOnce violated, deliveredAtEnd, noDeadlock, assertions hold
 * Other environments (matrix, defaults): reliable, reordering (at most one message in flight
 * per channel: a reorder never applies) and crash (persistent state) — all hold, nothing is
 * retransmitted; lossy — atMostOnce violated (a lost ack, 5 steps), the rest holds;
 * duplicating — atMostOnce violated (4 steps), the rest holds.
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'data'; seq: number; id: string } | { type: 'ack'; seq: number };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

const allHold = { atMostOnce: 'holds', deliveredAtEnd: 'holds', endState: 'holds', noDeadlock: 'holds', assertions: 'holds' } as const;

export default define({
  name: 'idempotent',
  description: 'at-least-once delivery (retransmission, loss, duplication) into an idempotent set union, or (broken) a counter increment',
  params: { messages: 2, broken: false },
  faults: { lose: 1, duplicate: 1 },
  processes: ({ messages, broken }) => ({
    sender: process({
      init: { next: 0, id: '', waiting: false },
      persistent: ['next', 'id', 'waiting'],
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
          then: (s, ctx) => (ctx.send('receiver', { type: 'data', seq: s.next, id: s.id }), s),
        },
      },
      receive: {
        ack: (s, m) => (s.waiting && m.seq === s.next ? { next: s.next + 1, id: '', waiting: false } : s),
      },
      end: (s) => s.next === messages && !s.waiting,
    }),
    receiver: process({
      init: { items: [] as readonly number[], count: 0 },
      persistent: ['items', 'count'],
      receive: {
        data: (s, m, ctx) => {
          ctx.deliver(m.id, m.seq);
          ctx.send('sender', { type: 'ack', seq: m.seq });
          if (broken) return { ...s, count: s.count + 1 };
          return s.items.includes(m.seq) ? s : { ...s, items: [...s.items, m.seq].sort((a, b) => a - b) };
        },
      },
      end: () => true,
    }),
  }),
  properties: ({ messages, broken }, p) => [
    p.atMostOnce(),
    p.deliveredAtEnd(),
    p.always('endState', (v) => {
      const settled = v.procs.sender.next === messages && !v.procs.sender.waiting && v.inFlight.every((m) => m.msg.type !== 'data');
      if (!settled) return true;
      const r = v.procs.receiver;
      return broken ? r.count === messages : r.items.length === messages && r.items.every((x, k) => x === k);
    }),
    p.noDeadlock(),
  ],
  expect: { atMostOnce: 'violated', deliveredAtEnd: 'holds', endState: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: allHold,
    lossy: { ...allHold, atMostOnce: 'violated' },
    duplicating: { ...allHold, atMostOnce: 'violated' },
    reordering: allHold,
    crash: allHold,
  },
});
