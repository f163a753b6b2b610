/**
 * Causal broadcast with vector clocks among 3 processes — a bench model, the same state
 * graph as causal.pml (SPIN -DNOREDUCE) and causal.m (Rumur); see ../../README.md.
 *
 * Each process broadcasts B messages. Its vector clock vc counts, per origin, the messages it
 * has delivered (its own broadcasts count as delivered when sent). A broadcast carries the
 * sender's clock after the increment. A receiver delivers a message from o only when it is
 * the next one from o and everything it depends on is delivered (m.vc[o] = vc[o] + 1 and
 * m.vc[k] ≤ vc[k] for k ≠ o); otherwise the message waits in the channel (selective
 * receive: on each FIFO channel the first acceptable message in queue order is delivered).
 * Channels are per-pair FIFO buffers of capacity C (a broadcast needs room in both of its
 * channels); the network may reorder up to R times (an entry overtakes the one in front of
 * it), set with `--faults reorder=R` (the bench does this from the instance's R).
 *
 * State: vc of each process, the six channels of vector clocks, reorders used.
 *   p_i broadcast   vc[i] < B, room to both others → vc[i] += 1; send {o: i, vc} to both
 *   p_i recv from o (first acceptable in the channel o→i) → vc[o] += 1
 * The message's origin o is the channel's sender, so it adds nothing to the state.
 * Expected: `assertions` holds (the delivery condition is re-checked in the step). Counts:
 * see expected.json.
 */
import { network, protocol } from 'mpcheck';

type Msg = { type: 'bc'; o: number; vc: readonly number[] };
type Name = 'p0' | 'p1' | 'p2';

const { define, process } = protocol<Msg, Name>();
const NAMES: readonly Name[] = ['p0', 'p1', 'p2'];

/** m is deliverable at a process whose clock is vc: the next from its origin, its past delivered. */
const deliverable = (vc: readonly number[], m: Msg): boolean =>
  m.vc.every((x, k) => (k === m.o ? x === vc[k] + 1 : x <= vc[k]));

export default define({
  name: 'causal',
  description: 'causal broadcast with vector clocks among 3 processes over reordering FIFO channels',
  params: { B: 1, C: 1 },
  network: ({ C }) => network.fifo({ capacity: C }),
  faults: { reorder: 1 },
  processes: ({ B }) => {
    const node = (i: number) => {
      const others = NAMES.filter((_, k) => k !== i);
      return process({
        init: { vc: [0, 0, 0] as readonly number[] },
        actions: {
          broadcast: {
            when: (s, ctx) => s.vc[i] < B && others.every((p) => ctx.canSend(p)),
            then: (s, ctx) => {
              const vc = s.vc.map((x, k) => (k === i ? x + 1 : x));
              ctx.broadcast({ type: 'bc', o: i, vc });
              return { vc };
            },
          },
        },
        receive: {
          bc: {
            when: (s, m) => deliverable(s.vc, m),
            then: (s, m, ctx) => {
              const vc = s.vc.map((x, k) => (k === m.o ? x + 1 : x));
              ctx.assert(m.vc.every((x, k) => x <= vc[k]), 'delivered before its causal past');
              return { vc };
            },
          },
        },
      });
    };
    return { p0: node(0), p1: node(1), p2: node(2) };
  },
  expect: { assertions: 'holds' },
});
