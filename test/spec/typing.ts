/**
 * Compile-time checks (run by `tsc --noEmit` in `npm test`): each @ts-expect-error line must
 * be a type error, or the type check fails.
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'data'; seq: number } | { type: 'ack'; seq: number };
const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

export const typed = define({
  name: 'typing',
  params: { n: 2 },
  processes: ({ n }) => ({
    sender: process({
      init: { next: 0 },
      actions: {
        send: {
          when: (s) => s.next < n,
          then: (s, ctx) => {
            ctx.send('receiver', { type: 'data', seq: s.next });
            // @ts-expect-error unknown process name
            ctx.send('reciever', { type: 'data', seq: s.next });
            // @ts-expect-error unknown message type
            ctx.send('receiver', { type: 'nack', seq: s.next });
            // @ts-expect-error wrong field type
            ctx.send('receiver', { type: 'data', seq: 'one' });
            return { next: s.next + 1 };
          },
        },
      },
      receive: {
        // the message parameter is narrowed to its type: m.seq exists on ack
        ack: (s, m) => ({ next: Math.max(s.next, m.seq) }),
        // @ts-expect-error no such message type to receive
        nack: (s) => s,
      },
    }),
    receiver: process({
      init: { got: [] as readonly number[] },
      receive: {
        data: {
          when: (s, m) => !s.got.includes(m.seq),
          then: (s, m, ctx) => {
            ctx.send('sender', { type: 'ack', seq: m.seq });
            return { got: [...s.got, m.seq] };
          },
        },
      },
    }),
  }),
  properties: (_p, p) => [
    p.always('bounded', (v) => v.procs.sender.next <= 2 && v.procs.receiver.got.length <= 2),
    // @ts-expect-error the view is typed: sender has no field 'nxt'
    p.always('typo', (v) => v.procs.sender.nxt === 0),
  ],
});
