/**
 * Is a priority mailbox FIFO? — a raw channel question, asked without service events.
 *
 * A producer sends `jobs` jobs with priorities 0, 1, 0, 1, … to a consumer, one per step;
 * the consumer takes them from its mailbox. The spec never calls ctx.submit / ctx.deliver,
 * so the guarantees read the transport (raw channel mode): each send is a submit, each
 * receipt a deliver, messages numbered per sender (producer#0, producer#1, …).
 *
 * Parameters: jobs (default 3), priority (default true): the consumer's mailbox is a
 * priority mailbox (highest first, FIFO among equals); with priority=false a FIFO mailbox.
 * Expected verdicts (defaults, priority=true):
 *   fifo        violated — job 1 overtakes job 0: "consumer delivered producer#1, but the next
 *               message from producer to consumer in submit order is producer#0" (3 steps)
 *   priority    holds — no job is taken while a higher-priority one waits
 *   atMostOnce  holds
 *   noDeadlock  holds
 *   assertions  holds
 * With --param priority=false: fifo holds, priority violated ("consumer received
 * {prio:0,type:"job"} (priority 0) from producer while {prio:1,type:"job"} (priority 1) from
 * producer was waiting", 3 steps), atMostOnce, noDeadlock, assertions hold.
 */
import { network, protocol } from 'mpcheck';

type Msg = { type: 'job'; prio: number };

const { define, process } = protocol<Msg, 'producer' | 'consumer'>();

export default define({
  name: 'priority-mailbox',
  description: 'a producer feeds a consumer through a priority (or FIFO) mailbox; guarantees read the raw channel',
  params: { jobs: 3, priority: true },
  network: ({ priority }) => (priority ? network.priority<Msg>((m) => m.prio) : network.mailbox()),
  processes: ({ jobs }) => ({
    producer: process({
      init: { sent: 0 },
      actions: { send: { when: (s) => s.sent < jobs, then: (s, ctx) => (ctx.send('consumer', { type: 'job', prio: s.sent % 2 }), { sent: s.sent + 1 }) } },
      end: (s) => s.sent === jobs,
    }),
    consumer: process({ init: { taken: 0 }, receive: { job: (s) => ({ taken: s.taken + 1 }) }, end: () => true }),
  }),
  properties: (_, p) => [p.fifo(), p.priority<Msg>((m) => m.prio), p.atMostOnce(), p.noDeadlock()],
  expect: { fifo: 'violated', priority: 'holds', atMostOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { fifo: 'violated', priority: 'holds', atMostOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { fifo: 'violated', priority: 'holds', atMostOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { fifo: 'violated', priority: 'holds', atMostOnce: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { fifo: 'violated', priority: 'holds', atMostOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { fifo: 'violated', priority: 'holds', atMostOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  },
});
