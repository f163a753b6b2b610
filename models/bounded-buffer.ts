/**
 * Bounded producer/consumer — what a full buffer does to a send.
 *
 * The producer sends items 0, 1, … one per step into a FIFO buffer of capacity 1; the
 * consumer takes them one at a time. With `drop: true` (the default, the broken variant) a
 * send into the full buffer goes through but the item is thrown away — the producer cannot
 * tell, and the chart shows `✗ dropped: buffer full`. With `drop: false` the send blocks:
 * the producer's step is not enabled until the consumer has made room, and nothing is lost.
 *
 * Parameters: items (default 2), drop (default true).
 * Expected verdicts (defaults):
 *   noLoss      violated — produce 0, produce 1 (dropped: buffer full), consume 0: the producer
 *               is done, the buffer is empty, and item 1 never arrived (trace: 3 steps)
 *   noDeadlock  holds
 *   assertions  holds    — the consumer asserts items arrive in increasing order (they do: FIFO)
 * With --param drop=false: every property holds (5 states on a single path).
 */
import { network, protocol } from 'mpcheck';

type Msg = { type: 'item'; k: number };

const { define, process } = protocol<Msg, 'producer' | 'consumer'>();

export default define({
  name: 'bounded-buffer',
  description: 'producer/consumer over a FIFO buffer of capacity 1 that drops (or, with drop=false, blocks) when full',
  params: { items: 2, drop: true },
  network: ({ drop }) => network.fifo({ capacity: 1, onFull: drop ? 'drop' : 'block' }),
  processes: ({ items }) => ({
    producer: process({
      init: { next: 0 },
      actions: {
        produce: {
          when: (s) => s.next < items,
          then: (s, ctx) => {
            ctx.send('consumer', { type: 'item', k: s.next });
            return { next: s.next + 1 };
          },
        },
      },
      end: (s) => s.next === items,
    }),
    consumer: process({
      init: { got: [] as readonly number[] },
      receive: {
        item: (s, m, ctx) => {
          ctx.assert(s.got.length === 0 || m.k > s.got[s.got.length - 1], `item ${m.k} after item ${s.got[s.got.length - 1]}`);
          return { got: [...s.got, m.k] };
        },
      },
      end: () => true,
    }),
  }),
  properties: ({ items }, p) => [
    p.always('noLoss', (v) => !(v.procs.producer.next === items && v.inFlight.length === 0) || v.procs.consumer.got.length === items),
    p.noDeadlock(),
  ],
  expect: { noLoss: 'violated', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { noLoss: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { noLoss: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { noLoss: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { noLoss: 'violated', noDeadlock: 'holds', assertions: 'holds' },
    crash: { noLoss: 'violated', noDeadlock: 'holds', assertions: 'violated' },
  },
});
