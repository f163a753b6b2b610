/**
 * Causal broadcast with vector clocks — or, broken, plain broadcast over FIFO channels.
 *
 * Three processes a, b, c each broadcast `messages` messages (submit with no addressee: the
 * message is for every process, its sender included, which delivers it at once). Correct
 * variant: a message carries its sender's vector clock of delivered messages; a receiver
 * buffers it until it has delivered everything the clock says came before (the sender's
 * previous messages and what the sender had delivered), then delivers. A process broadcasts
 * only with an empty buffer, so what it has received it has delivered: its clock then covers
 * its whole causal past (happened-before counts every transport message, see README).
 * Broken variant (broken=true): deliver on receipt, no clocks.
 *
 * Parameters: messages (default 1 per process), broken (default false).
 * Expected verdicts (defaults, broken=false):
 *   causal       holds
 *   totalOrder   violated — causal order is not total order: concurrent broadcasts of a and b
 *                are delivered as a#0, b#0 by a and b#0, a#0 by b (4 steps)
 *   exactlyOnce  holds — every process delivers every broadcast once, and every run ends so
 *   noDeadlock   holds
 *   assertions   holds
 * With --param broken=true:
 *   causal       violated — 3 processes: a broadcasts a#0, b delivers it and broadcasts b#0,
 *                c receives b#0 first over the b→c channel and delivers it: "c delivered b#0
 *                before a#0, although submit(a#0) happened before submit(b#0)" (4 steps)
 *   totalOrder   violated, exactlyOnce holds, noDeadlock holds, assertions holds
 */
import { protocol } from 'mpcheck';

type Name = 'a' | 'b' | 'c';
const NAMES: readonly Name[] = ['a', 'b', 'c'];
type Msg = { type: 'bcast'; id: string; from: number; vc: readonly number[] };
type Local = { sent: number; vc: readonly number[]; buf: readonly Msg[] };

const { define, process } = protocol<Msg, Name>();

/** A buffered message is deliverable when it is the sender's next one and everything it depends on was delivered. */
const deliverable = (vc: readonly number[], m: Msg): boolean => m.vc.every((n, k) => (k === m.from ? n === vc[k] + 1 : n <= vc[k]));

const member = (me: number, messages: number, broken: boolean) =>
  process<Local>({
    init: { sent: 0, vc: NAMES.map(() => 0), buf: [] },
    actions: {
      broadcast: {
        when: (s) => s.sent < messages && s.buf.length === 0,
        then: (s, ctx) => {
          const id = ctx.submit(s.sent);
          ctx.deliver(id, s.sent);
          const vc = s.vc.map((n, k) => (k === me ? n + 1 : n));
          ctx.broadcast({ type: 'bcast', id, from: me, vc: broken ? [] : vc });
          return { ...s, sent: s.sent + 1, vc: broken ? s.vc : vc };
        },
      },
    },
    receive: {
      bcast: (s, m, ctx) => {
        if (broken) {
          ctx.deliver(m.id);
          return s;
        }
        let vc = s.vc;
        let buf = [...s.buf, m];
        for (let next = buf.find((x) => deliverable(vc, x)); next; next = buf.find((x) => deliverable(vc, x))) {
          const d = next;
          ctx.deliver(d.id);
          vc = vc.map((n, k) => (k === d.from ? n + 1 : n));
          buf = buf.filter((x) => x !== d);
        }
        return { ...s, vc, buf };
      },
    },
    end: (s) => s.sent === messages && s.buf.length === 0,
  });

export default define({
  name: 'causal-broadcast',
  description: 'broadcast to three processes over per-pair FIFO channels: vector-clock causal delivery, or (broken) deliver on receipt',
  params: { messages: 1, broken: false },
  processes: ({ messages, broken }) => ({ a: member(0, messages, broken), b: member(1, messages, broken), c: member(2, messages, broken) }),
  properties: (_, p) => [p.causal(), p.totalOrder(), p.exactlyOnce(), p.noDeadlock()],
  expect: { causal: 'holds', totalOrder: 'violated', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { causal: 'holds', totalOrder: 'violated', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { causal: 'holds', totalOrder: 'violated', exactlyOnce: 'violated', noDeadlock: 'violated', assertions: 'holds' },
    duplicating: { causal: 'holds', totalOrder: 'violated', exactlyOnce: 'holds', noDeadlock: 'violated', assertions: 'holds' },
    reordering: { causal: 'holds', totalOrder: 'violated', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { causal: 'violated', totalOrder: 'violated', exactlyOnce: 'violated', noDeadlock: 'violated', assertions: 'holds' },
  },
});
