/**
 * Retransmission over a link that may lose every message, forever — at-least-once as a
 * liveness property, and the fairness it needs.
 *
 * The sender submits message k, sends data{seq:k}, and waits for ack{seq:k}; when the
 * system is quiescent (the data or the ack was lost) its timeout retransmits. The receiver
 * delivers each new seq once and acknowledges every data it gets. The environment may lose
 * any message, without limit (faults: lose Infinity): nothing is counted, so the state
 * space stays small, and a run may lose every copy of the data forever.
 *
 * Parameters: messages (default 1); fair: none (default) | weak | strong — the fairness
 * assumed for deliveries on each channel (`deliver:*`: sender→receiver and receiver→sender).
 *
 * Expected verdicts (defaults: fair=none):
 *   atLeastOnce       violated — lasso: the data is submitted, then lost and retransmitted
 *                      forever; the receiver never gets it
 *   allAcked          violated — the same run never finishes
 *   submitLeadsToAck  violated — the same run: waiting for an ack forever
 *   noDeadlock        holds    — the quiescent timeout always recovers from a loss
 *   assertions        holds
 * With --param fair=weak the three liveness properties are still violated by the same
 * lasso: after each loss the channel is empty, so the delivery is not continuously enabled.
 * With --param fair=strong all of them hold: a delivery enabled infinitely often is taken.
 */
import { protocol } from 'mpcheck';
import type { FairnessSpec } from 'mpcheck';

type Msg = { type: 'data'; seq: number; id: string } | { type: 'ack'; seq: number };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

const FAIRNESS: Record<string, FairnessSpec> = {
  none: {},
  weak: { weak: ['deliver:*'] },
  strong: { strong: ['deliver:*'] },
};

export default define({
  name: 'fair-lossy-link',
  description: 'retransmit-until-ack over a link that may lose every message; at-least-once needs strong fairness of delivery',
  params: { messages: 1, fair: 'none' },
  faults: { lose: Infinity },
  fairness: ({ fair }) => {
    const f = FAIRNESS[fair];
    if (!f) throw new Error(`param fair must be none, weak or strong, got '${fair}'`);
    return f;
  },
  processes: ({ messages }) => ({
    sender: process({
      init: { next: 0, id: '', waiting: false },
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
      init: { expected: 0 },
      receive: {
        data: (s, m, ctx) => {
          ctx.send('sender', { type: 'ack', seq: m.seq });
          if (m.seq !== s.expected) return s;
          ctx.deliver(m.id);
          return { expected: s.expected + 1 };
        },
      },
      end: () => true,
    }),
  }),
  properties: ({ messages }, p) => [
    p.atLeastOnce(),
    p.eventually('allAcked', (v) => v.procs.sender.next === messages),
    p.leadsTo('submitLeadsToAck', (v) => v.procs.sender.waiting, (v) => !v.procs.sender.waiting),
    p.noDeadlock(),
  ],
  expect: { atLeastOnce: 'violated', allAcked: 'violated', submitLeadsToAck: 'violated', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { atLeastOnce: 'holds', allAcked: 'holds', submitLeadsToAck: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { atLeastOnce: 'holds', allAcked: 'holds', submitLeadsToAck: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { atLeastOnce: 'holds', allAcked: 'holds', submitLeadsToAck: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { atLeastOnce: 'holds', allAcked: 'holds', submitLeadsToAck: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { atLeastOnce: 'violated', allAcked: 'holds', submitLeadsToAck: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  },
});
