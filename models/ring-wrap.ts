/**
 * Ring relay with a wrapping sequence field — a deep bug in a large state space.
 *
 * The ring of bench/models/ring (N processes on a unidirectional ring of FIFO channels of
 * capacity C; each originates M messages, every other process checks per-origin order and
 * relays), except that the message header stores the sequence number in a field of W
 * values: a message carries `q mod W`. The relays compare that field with their unbounded
 * per-origin counter, so the (W+1)-th message of an origin fails the order check at the next
 * process: the header is too narrow for M > W messages. The check is an assertion.
 *
 * The bug needs W+1 messages of one origin to reach the next process, a fixed number of
 * steps whatever N; the other N-1 processes only add interleavings. So N is the parameter that
 * makes the space too large to exhaust while the shortest counterexample stays the same.
 *
 * Parameters: N (processes, default 3), M (messages per origin, 3), C (capacity, 2), W (field size, 2).
 * Expected verdicts (defaults): assertions violated (shortest trace: 7 steps).
 */
import { network, protocol } from 'mpcheck';

type Msg = { type: 'm'; o: number; q: number };
type Node = { sent: number; back: number; got: readonly number[] };

const { define, process } = protocol<Msg>();

export default define({
  name: 'ring-wrap',
  description: 'ring relay broadcast whose sequence field wraps after W values (receivers do not expect it)',
  params: { N: 3, M: 3, C: 2, W: 2 },
  network: ({ C }) => network.fifo({ capacity: C }),
  processes: ({ N, M, W }) => {
    const name = (i: number) => `p${i}`;
    const node = (i: number) => {
      const out = name((i + 1) % N);
      return process<Node>({
        init: { sent: 0, back: 0, got: new Array<number>(N).fill(0) },
        actions: {
          orig: {
            when: (s, ctx) => s.sent < M && ctx.canSend(out),
            then: (s, ctx) => {
              ctx.send(out, { type: 'm', o: i, q: s.sent % W });
              return { ...s, sent: s.sent + 1 };
            },
          },
        },
        receive: {
          m: {
            when: (_s, _m, ctx) => ctx.canSend(out),
            then: (s, m, ctx) => {
              if (m.o === i) {
                ctx.assert(m.q === s.back, 'own messages returned out of order');
                return { ...s, back: s.back + 1 };
              }
              ctx.assert(m.q === s.got[m.o], 'FIFO order violated');
              ctx.send(out, m);
              const got = s.got.slice();
              got[m.o] += 1;
              return { ...s, got };
            },
          },
        },
        end: (s) => s.sent === M,
      });
    };
    return Object.fromEntries(Array.from({ length: N }, (_, i) => [name(i), node(i)]));
  },
  expect: { assertions: 'violated' },
  expectIn: {
    reliable: { assertions: 'violated' },
    lossy: { assertions: 'violated' },
    duplicating: { assertions: 'violated' },
    reordering: { assertions: 'violated' },
    crash: { assertions: 'violated' },
  },
});
