/**
 * Total-order broadcast with Lamport clocks and acknowledgements from all — or, broken,
 * delivering as soon as the acks are in, without waiting for the head of the queue.
 *
 * Three processes a, b, c over per-pair FIFO channels; the first `broadcasters` of them
 * (default 2: a and b) each broadcast one message. Every process keeps a Lamport clock and
 * a queue of the messages it knows, ordered by (timestamp, sender pid). To broadcast, a
 * process ticks its clock, submits the message to everyone, queues it and sends req{ts} to
 * the others. A receiver sets its clock to max(own, ts) + 1, queues the req and sends an
 * ack of it to all the others — so each message is acknowledged, to every process, by
 * every process other than its sender. Correct variant: a process delivers the message at
 * the head of its queue once it holds the acks of it from every process other than its
 * sender and itself. Why that suffices: a process q that acked m had, before the ack,
 * either already broadcast its own m' (then m' travelled ahead of the ack on the FIFO
 * channel q→r and is queued at r) or not (then q's clock was past m.ts when it broadcast,
 * so m' sorts after m). The ack's own timestamp is therefore never needed: acks carry
 * none and receiving one does not move the clock (a req does). A req for an id already
 * seen (`known`) is a duplicate and is ignored. Persistent across a crash: clock, sent,
 * known (never reuse a timestamp, never broadcast twice); the queue and acks are lost.
 * Broken variant (broken=true): any queued message whose acks are all in is delivered,
 * head of the queue or not.
 *
 * Parameters: broadcasters (default 2, 1..3), broken (default false).
 * Expected verdicts (defaults, broken=false; 3,310 states):
 *   totalOrder   holds — a, b and c deliver a#0 and b#0 in the same order
 *   exactlyOnce  holds — each delivers each message once, and every run that ends delivered both
 *   noDeadlock   holds
 *   assertions   holds
 * With --param broken=true:
 *   totalOrder   violated — a and b broadcast concurrently, both with timestamp 1 (a#0
 *                sorts first); a gets every ack of a#0 and delivers it; c queues both,
 *                holds a's ack of b#0 but not yet b's ack of a#0, and delivers b#0 from
 *                behind the head: "c delivered b#0 before a#0, but a delivered a#0 before
 *                b#0" (15 steps)
 *   exactlyOnce, noDeadlock, assertions hold
 *
 * Other environments (matrix; default params): reliable = the spec (no faults).
 * lossy: nothing is retransmitted, so a lost req or ack leaves a message that some
 * process never delivers and that blocks its queue: exactlyOnce and noDeadlock violated
 * (13 steps); totalOrder holds. duplicating: a duplicated req is ignored (known), a
 * duplicated ack counts once: all hold. reordering: a process's ack of b#0 overtakes its
 * own earlier req a#0 on the channel to c, so c delivers b#0 before it knows of a#0 (ts 1,
 * a < b), breaking the FIFO argument above: totalOrder violated (16 steps); exactlyOnce
 * and noDeadlock hold. crash: a restarted process has lost its queue and the acks it held:
 * a message it had queued is never delivered there and one waiting for a lost ack blocks
 * it: exactlyOnce and noDeadlock violated (20 steps); totalOrder holds.
 */
import { protocol } from 'mpcheck';

type Name = 'a' | 'b' | 'c';
type Msg = { type: 'req'; ts: number; id: string } | { type: 'ack'; id: string; from: Name };
type Entry = { readonly ts: number; readonly from: string; readonly id: string };
type State = {
  readonly clock: number;
  readonly sent: boolean;
  /** Messages known and not yet delivered, sorted by (ts, from). */
  readonly queue: readonly Entry[];
  /** For each message id, the processes that acknowledged it to this one. */
  readonly acks: Readonly<Record<string, readonly string[]>>;
  /** Every message id ever queued here: a req seen before is a duplicate, ignored. */
  readonly known: readonly string[];
};

const NAMES: readonly Name[] = ['a', 'b', 'c'];
const { define, process } = protocol<Msg, Name>();

const before = (x: Entry, y: Entry) => x.ts < y.ts || (x.ts === y.ts && x.from < y.from);
const enqueue = (q: readonly Entry[], e: Entry) => [...q, e].sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));

const member = (self: Name, broadcasts: boolean, broken: boolean) => {
  // every process other than the message's sender and this one must have acked it
  const ready = (s: State, e: Entry) => NAMES.every((q) => q === self || q === e.from || (s.acks[e.id] ?? []).includes(q));
  return process<State>({
    init: { clock: 0, sent: !broadcasts, queue: [], acks: {}, known: [] },
    persistent: ['clock', 'sent', 'known'],
    actions: {
      broadcast: {
        when: (s) => !s.sent,
        then: (s, ctx) => {
          const clock = s.clock + 1;
          const id = ctx.submit(clock);
          for (const q of NAMES) if (q !== self) ctx.send(q, { type: 'req', ts: clock, id });
          return { ...s, clock, sent: true, queue: enqueue(s.queue, { ts: clock, from: self, id }), known: [...s.known, id] };
        },
      },
      deliver: {
        when: (s) => (broken ? s.queue.some((e) => ready(s, e)) : s.queue.length > 0 && ready(s, s.queue[0]!)),
        then: (s, ctx) => {
          const e = ctx.choose(broken ? s.queue.filter((x) => ready(s, x)) : [s.queue[0]!]);
          ctx.deliver(e.id);
          const { [e.id]: _, ...acks } = s.acks;
          return { ...s, queue: s.queue.filter((x) => x.id !== e.id), acks };
        },
      },
    },
    receive: {
      req: (s, m, ctx) => {
        if (s.known.includes(m.id)) return s;
        const from = m.id.split('#')[0]!;
        const clock = Math.max(s.clock, m.ts) + 1;
        ctx.broadcast({ type: 'ack', id: m.id, from: self }); // to all the others, the sender included
        return { ...s, clock, queue: enqueue(s.queue, { ts: m.ts, from, id: m.id }), known: [...s.known, m.id] };
      },
      ack: (s, m) => ({ ...s, acks: { ...s.acks, [m.id]: [...(s.acks[m.id] ?? []), m.from].sort() } }),
    },
    end: (s) => s.sent && s.queue.length === 0,
  });
};

export default define({
  name: 'lamport-total-order',
  description: 'total-order broadcast with Lamport timestamps and acks from all (broken: deliver once acked, not at the head)',
  params: { broadcasters: 2, broken: false },
  processes: ({ broadcasters, broken }) => ({
    a: member('a', broadcasters >= 1, broken),
    b: member('b', broadcasters >= 2, broken),
    c: member('c', broadcasters >= 3, broken),
  }),
  properties: (_, p) => [p.totalOrder(), p.exactlyOnce(), p.noDeadlock()],
  expect: { totalOrder: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { totalOrder: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { totalOrder: 'holds', exactlyOnce: 'violated', noDeadlock: 'violated', assertions: 'holds' },
    duplicating: { totalOrder: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { totalOrder: 'violated', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { totalOrder: 'holds', exactlyOnce: 'violated', noDeadlock: 'violated', assertions: 'holds' },
  },
});
