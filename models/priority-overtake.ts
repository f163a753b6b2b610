/**
 * Is a priority mailbox FIFO? No — checked with an invariant (models/priority-mailbox.ts asks
 * the same with the fifo monitor in raw channel mode).
 *
 * The sender sends messages 0, 1, … one per step to the receiver's mailbox; message k has
 * urgency k, so each is more urgent than the one before. A priority mailbox delivers the
 * most urgent waiting message first (FIFO among equals), so as soon as two messages wait
 * together the later one overtakes the earlier. The receiver records the order it got them
 * in; FIFO is the invariant "the received list is 0, 1, 2, … without gaps or swaps".
 * With `priority: false` the mailbox is a plain FIFO mailbox and the invariant holds.
 *
 * Parameters: messages (default 2), priority (default true).
 * Expected verdicts (defaults):
 *   fifo              violated — send 0, send 1, receive 1 (two messages, 3 steps)
 *   urgentOvertakes   holds    — witness: the same 3 steps
 *   noDeadlock        holds
 *   assertions        holds
 * With --param priority=false: fifo holds, urgentOvertakes is violated (never happens).
 */
import { network, protocol } from 'mpcheck';

type Msg = { type: 'msg'; seq: number; urgency: number };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

export default define({
  name: 'priority-overtake',
  description: 'a priority mailbox is not FIFO: a later, more urgent message overtakes an earlier one',
  params: { messages: 2, priority: true },
  network: ({ priority }) => (priority ? network.priority<Msg>((m) => m.urgency) : network.mailbox()),
  processes: ({ messages }) => ({
    sender: process({
      init: { next: 0 },
      actions: {
        send: {
          when: (s) => s.next < messages,
          then: (s, ctx) => {
            ctx.send('receiver', { type: 'msg', seq: s.next, urgency: s.next });
            return { next: s.next + 1 };
          },
        },
      },
      end: (s) => s.next === messages,
    }),
    receiver: process({
      init: { got: [] as readonly number[] },
      receive: { msg: (s, m) => ({ got: [...s.got, m.seq] }) },
      end: () => true,
    }),
  }),
  properties: (_params, p) => [
    p.always('fifo', (v) => v.procs.receiver.got.every((seq, i) => seq === i)),
    p.sometimes('urgentOvertakes', (v) => v.procs.receiver.got.length > 0 && v.procs.receiver.got[0] !== 0),
    p.noDeadlock(),
  ],
  expect: { fifo: 'violated', urgentOvertakes: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { fifo: 'violated', urgentOvertakes: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { fifo: 'violated', urgentOvertakes: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { fifo: 'violated', urgentOvertakes: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { fifo: 'violated', urgentOvertakes: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { fifo: 'violated', urgentOvertakes: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  },
});
