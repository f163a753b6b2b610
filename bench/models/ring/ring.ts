/**
 * Ring relay broadcast — the throughput model of bench/, the same state graph as
 * ../shared/bench-anchors/ring (ring.pml for SPIN, ring.m for Rumur).
 *
 * N processes on a unidirectional ring of bounded FIFO channels (capacity C). Each process
 * originates M messages (origin, seq); every other process checks per-origin order and
 * relays; the originator checks its own messages come back in order.
 *   orig(i): sent < M and room in out(i) → append (i, sent); sent += 1
 *   recv(i): head of ch(i) and room in out(i) → if own: check seq = back, back += 1;
 *            else check seq = got[o], got[o] += 1, relay.
 * Origins are process names (o: 'p2', got keyed by name), so the processes refer to each
 * other only by name and the ring declares its rotations as a symmetry group: a state and
 * its rotations count once. The twins have no symmetry reduction; their counts are those of
 * `--no-por --no-symmetry`.
 * Expected: `assertions` holds. Counts (SPIN -DNOREDUCE = Rumur): N=3,M=1,C=2 → 158 states,
 * 294 transitions; N=4,M=1,C=2 → 1,848 / 4,360; N=3,M=2,C=2 → 3,663 / 7,998.
 */
import { network, protocol } from 'mpcheck';

type Msg = { type: 'm'; o: string; q: number };
type Node = { sent: number; back: number; got: Readonly<Record<string, number>> };

const { define, process } = protocol<Msg>();

export default define({
  name: 'ring',
  params: { N: 4, M: 1, C: 2 },
  network: ({ C }) => network.fifo({ capacity: C }),
  symmetry: ({ N }) => [{ rotation: Array.from({ length: N }, (_, i) => `p${i}`) }],
  topology: ({ N }) => Array.from({ length: N }, (_, i) => `p${i}->p${(i + 1) % N}`),
  processes: ({ N, M }) => {
    const name = (i: number) => `p${i}`;
    const node = (i: number) => {
      const out = name((i + 1) % N);
      return process<Node>({
        init: { sent: 0, back: 0, got: Object.fromEntries(Array.from({ length: N }, (_, k) => [name(k), 0])) },
        actions: {
          orig: {
            when: (s, ctx) => s.sent < M && ctx.canSend(out),
            then: (s, ctx) => {
              ctx.send(out, { type: 'm', o: name(i), q: s.sent });
              return { ...s, sent: s.sent + 1 };
            },
          },
        },
        receive: {
          m: {
            when: (_s, _m, ctx) => ctx.canSend(out),
            then: (s, m, ctx) => {
              if (m.o === name(i)) {
                ctx.assert(m.q === s.back, 'own messages returned out of order');
                return { ...s, back: s.back + 1 };
              }
              ctx.assert(m.q === s.got[m.o], 'FIFO order violated');
              ctx.send(out, m);
              return { ...s, got: { ...s.got, [m.o]: s.got[m.o] + 1 } };
            },
          },
        },
      });
    };
    return Object.fromEntries(Array.from({ length: N }, (_, i) => [name(i), node(i)]));
  },
  expect: { assertions: 'holds' },
});
