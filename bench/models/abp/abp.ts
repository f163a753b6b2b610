/**
 * Alternating bit protocol over lossy, duplicating FIFO channels — a bench model, the same
 * state graph as abp.pml (SPIN -DNOREDUCE) and abp.m (Rumur); see ../../README.md.
 *
 * The sender transfers the values 0..M-1, one at a time, as data{b: n mod 2, v: n} and waits
 * for ack{b}; when nothing else can happen (the data or the ack was lost) its quiescent
 * timeout retransmits. The receiver accepts data whose bit is the one it expects (and checks
 * the value is the next one), and acknowledges every data it gets with that data's bit.
 * Both channels are per-pair FIFO buffers of capacity C (a send into a full one blocks).
 * Faults: at most L losses and D duplications (the copy goes right behind the original);
 * the budgets are set with `--faults lose=L,duplicate=D` (the bench does this from the
 * instance's L and D).
 *
 * State: sender {n: values acknowledged, w: waiting for an ack}, receiver {r: values
 * accepted}, the two channels, losses and duplications used.
 *   sender  send       !w, n < M, room in data   → data{n mod 2, n}; w := true
 *   sender  retransmit (quiescent) w, room in data → data{n mod 2, n}
 *   sender  recv ack{b}            → if w and b = n mod 2: n += 1, w := false
 *   receiver recv data{b,v} (needs room in ack)  → if b = r mod 2: check v = r, r += 1; ack{b}
 * Expected: `assertions` holds. Counts: see expected.json.
 */
import { network, protocol } from 'mpcheck';

type Msg = { type: 'data'; b: number; v: number } | { type: 'ack'; b: number };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

export default define({
  name: 'abp',
  description: 'alternating bit protocol over lossy, duplicating bounded FIFO channels',
  params: { M: 2, C: 2 },
  network: ({ C }) => network.fifo({ capacity: C }),
  faults: { lose: 1, duplicate: 1 },
  processes: ({ M }) => ({
    sender: process({
      init: { n: 0, w: false },
      actions: {
        send: {
          when: (s, ctx) => !s.w && s.n < M && ctx.canSend('receiver'),
          then: (s, ctx) => {
            ctx.send('receiver', { type: 'data', b: s.n % 2, v: s.n });
            return { ...s, w: true };
          },
        },
        retransmit: {
          timeout: 'anytime',
          when: (s, ctx) => s.w && ctx.canSend('receiver'),
          then: (s, ctx) => {
            ctx.send('receiver', { type: 'data', b: s.n % 2, v: s.n });
            return s;
          },
        },
      },
      receive: {
        ack: (s, m) => (s.w && m.b === s.n % 2 ? { n: s.n + 1, w: false } : s),
      },
    }),
    receiver: process({
      init: { r: 0 },
      receive: {
        data: {
          when: (_s, _m, ctx) => ctx.canSend('sender'),
          then: (s, m, ctx) => {
            ctx.send('sender', { type: 'ack', b: m.b });
            if (m.b !== s.r % 2) return s;
            ctx.assert(m.v === s.r, 'data accepted out of order');
            return { r: s.r + 1 };
          },
        },
      },
    }),
  }),
  expect: { assertions: 'holds' },
});
