/**
 * Total-order broadcast through a sequencer — or, broken, each sender broadcasting itself.
 *
 * Members a and b each broadcast `messages` messages (submit with no addressee: every
 * process, the sequencer s included, must deliver it). Correct variant: the sender asks the
 * sequencer (req), the sequencer delivers the message and forwards it (ord) to a and b over
 * per-pair FIFO channels, and everyone delivers in the sequencer's order — the sender too,
 * when its own message comes back. Broken variant (broken=true): the sender delivers its own
 * message at once and sends it to the others, who deliver on receipt.
 *
 * Parameters: messages (default 1 per member), broken (default false).
 * Expected verdicts (defaults, broken=false):
 *   totalOrder   holds
 *   causal       holds — a message submitted after another was delivered is sequenced after it
 *   exactlyOnce  holds
 *   noDeadlock   holds
 *   assertions   holds
 * With --param broken=true:
 *   totalOrder   violated — a delivers a#0 then b#0, b delivers b#0 then a#0: "b delivered b#0
 *                before a#0, but a delivered a#0 before b#0" (4 steps)
 *   causal       violated — b delivers a#0 and broadcasts b#0; s receives b#0 first (4 steps)
 *   exactlyOnce, noDeadlock, assertions hold
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'req'; id: string } | { type: 'ord'; id: string };
type Name = 'a' | 'b' | 's';

const { define, process } = protocol<Msg, Name>();

const member = (messages: number, broken: boolean) =>
  process({
    init: { sent: 0 },
    actions: {
      broadcast: {
        when: (s) => s.sent < messages,
        then: (s, ctx) => {
          const id = ctx.submit(s.sent);
          if (broken) {
            ctx.deliver(id);
            ctx.broadcast({ type: 'ord', id });
          } else ctx.send('s', { type: 'req', id });
          return { sent: s.sent + 1 };
        },
      },
    },
    receive: { ord: (s, m, ctx) => (ctx.deliver(m.id), s) },
    end: (s) => s.sent === messages,
  });

export default define({
  name: 'total-order',
  description: 'total-order broadcast: a sequencer orders every message (or, broken, each sender broadcasts itself)',
  params: { messages: 1, broken: false },
  processes: ({ messages, broken }) => ({
    a: member(messages, broken),
    b: member(messages, broken),
    s: process({
      init: {},
      receive: {
        req: (s, m, ctx) => {
          ctx.deliver(m.id);
          ctx.broadcast({ type: 'ord', id: m.id });
          return s;
        },
        ord: (s, m, ctx) => (ctx.deliver(m.id), s),
      },
      end: () => true,
    }),
  }),
  properties: (_, p) => [p.totalOrder(), p.causal(), p.exactlyOnce(), p.noDeadlock()],
  expect: { totalOrder: 'holds', causal: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { totalOrder: 'holds', causal: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { totalOrder: 'holds', causal: 'violated', exactlyOnce: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { totalOrder: 'holds', causal: 'holds', exactlyOnce: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { totalOrder: 'violated', causal: 'violated', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  },
});
