/**
 * Busy-polling client — a non-blocking receive that gives up too early.
 *
 * The client sends a request and then polls its mailbox without blocking: the `poll` action
 * is guarded on `ctx.mailboxEmpty()` (the "nothing there" branch of a non-blocking
 * receive); the `reply` handler is the "got one" branch. After `spins` empty polls the
 * client gives up. The server answers whenever it gets to it, so the reply can arrive after
 * the client has given up: the client reports a failure for a request that was served.
 * Because both branches are guarded on the mailbox, the client never polls or gives up
 * while the reply is waiting (its assertions check this).
 *
 * Parameters: spins (default 2).
 * Expected verdicts (defaults):
 *   noSpuriousGiveUp  violated — request, poll, poll, give up, then the server replies (5 steps)
 *   replyReceived     holds    — witness: request, server replies, client takes the reply (3 steps)
 *   noDeadlock        holds    — a client that gave up leaves the late reply in its mailbox
 *   assertions        holds
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'request' } | { type: 'reply' };

const { define, process } = protocol<Msg, 'client' | 'server'>();

export default define({
  name: 'busy-poll',
  description: 'a client busy-polls (non-blocking receive) for a reply and gives up after a bounded number of empty polls',
  params: { spins: 2 },
  processes: ({ spins }) => ({
    client: process({
      init: { sent: false, spins: 0, gaveUp: false, done: false },
      actions: {
        request: {
          when: (s) => !s.sent,
          then: (s, ctx) => {
            ctx.send('server', { type: 'request' });
            return { ...s, sent: true };
          },
        },
        poll: {
          when: (s, ctx) => s.sent && !s.done && !s.gaveUp && s.spins < spins && ctx.mailboxEmpty(),
          then: (s, ctx) => {
            ctx.assert(ctx.pending() === 0, 'polled while a message was waiting');
            return { ...s, spins: s.spins + 1 };
          },
        },
        giveUp: {
          when: (s, ctx) => s.sent && !s.done && !s.gaveUp && s.spins === spins && ctx.mailboxEmpty(),
          then: (s, ctx) => {
            ctx.assert(ctx.mailboxEmpty(), 'gave up with the reply waiting');
            return { ...s, gaveUp: true };
          },
        },
      },
      receive: {
        reply: { when: (s) => !s.gaveUp, then: (s) => ({ ...s, done: true }) },
      },
      end: (s) => s.done || s.gaveUp,
    }),
    server: process({
      init: { replied: false },
      receive: {
        request: (_s, _m, ctx) => {
          ctx.send('client', { type: 'reply' });
          return { replied: true };
        },
      },
      end: () => true,
    }),
  }),
  properties: (_params, p) => [
    p.always('noSpuriousGiveUp', (v) => !(v.procs.client.gaveUp && v.procs.server.replied)),
    p.sometimes('replyReceived', (v) => v.procs.client.done),
    p.noDeadlock(),
  ],
  expect: { noSpuriousGiveUp: 'violated', replyReceived: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { noSpuriousGiveUp: 'violated', replyReceived: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { noSpuriousGiveUp: 'violated', replyReceived: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { noSpuriousGiveUp: 'violated', replyReceived: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { noSpuriousGiveUp: 'violated', replyReceived: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { noSpuriousGiveUp: 'violated', replyReceived: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  },
});
