import fc from 'fast-check';
import { network, protocol } from 'mpcheck';
import type { NetworkSpec, Protocol } from 'mpcheck';

/** A small random protocol: counters that step on guards, send to peers, and react to messages. */
export interface RandomSpec {
  readonly procs: number;
  readonly bound: number;
  readonly actions: readonly { readonly p: number; readonly when: number; readonly to: number; readonly v: number; readonly next: number }[];
  readonly reactions: readonly { readonly p: number; readonly c: number; readonly v: number; readonly next: number; readonly forward: number }[];
  readonly net: 'fifo' | 'fifo1' | 'unordered' | 'mailbox' | 'sync';
  readonly lose: number;
  readonly duplicate: number;
  readonly target: number;
}

export const randomSpec: fc.Arbitrary<RandomSpec> = fc
  .record({ procs: fc.integer({ min: 2, max: 3 }), bound: fc.integer({ min: 3, max: 4 }) })
  .chain(({ procs, bound }) =>
    fc.record({
      procs: fc.constant(procs),
      bound: fc.constant(bound),
      actions: fc
        .array(
          fc.option(fc.record({ to: fc.integer({ min: -1, max: procs - 1 }), v: fc.nat(1), next: fc.nat(bound - 1), step: fc.nat(3) }), { freq: 4 }),
          { minLength: procs * bound, maxLength: procs * bound },
        )
        .map((cells) =>
          cells.flatMap((cell, k) => {
            if (cell === null) return [];
            const p = Math.floor(k / bound);
            const when = k % bound;
            return [{ p, when, to: cell.to, v: cell.v, next: cell.step > 0 ? (when + 1) % bound : cell.next }];
          }),
        ),
      reactions: fc.array(
        fc.record({ p: fc.nat(procs - 1), c: fc.nat(bound - 1), v: fc.nat(1), next: fc.nat(bound - 1), forward: fc.integer({ min: -1, max: procs - 1 }) }),
        { maxLength: 6 },
      ),
      net: fc.constantFrom('fifo', 'fifo1', 'unordered', 'mailbox', 'sync'),
      lose: fc.nat(1),
      duplicate: fc.nat(1),
      target: fc.integer({ min: 2, max: procs * (bound - 1) }),
    }),
  );

type Msg = { type: 'x'; v: number };

export function toProtocol(r: RandomSpec): Protocol {
  const { define, process } = protocol<Msg>();
  const name = (i: number) => `p${i}`;
  const nets: Record<RandomSpec['net'], NetworkSpec> = {
    fifo: network.fifo({ capacity: 2 }),
    fifo1: network.fifo({ capacity: 1, onFull: 'drop' }),
    unordered: network.unordered({ capacity: 2 }),
    mailbox: network.mailbox({ capacity: 2 }),
    sync: network.sync(),
  };
  return define({
    name: 'random',
    network: nets[r.net],
    faults: r.net === 'sync' ? {} : { lose: r.lose, duplicate: r.duplicate },
    processes: () =>
      Object.fromEntries(
        Array.from({ length: r.procs }, (_, i) => [
          name(i),
          process<{ c: number; sent: number }>({
            init: { c: 0, sent: 0 },
            actions: Object.fromEntries(
              r.actions
                .map((a, k) => [a, k] as const)
                .filter(([a]) => a.p === i)
                .map(([a, k]) => [
                  `a${k}`,
                  {
                    when: (s: { c: number; sent: number }) => s.c === a.when && s.sent < 3,
                    then: (s: { c: number; sent: number }, ctx: { send(to: string, m: Msg): boolean }) => {
                      if (a.to >= 0 && a.to !== i) ctx.send(name(a.to), { type: 'x', v: a.v });
                      return { c: a.next, sent: s.sent + (a.to >= 0 && a.to !== i ? 1 : 0) };
                    },
                  },
                ]),
            ),
            receive: {
              x: (s, m, ctx) => {
                const re = r.reactions.find((x) => x.p === i && x.c === s.c && x.v === m.v);
                if (!re) return s;
                if (re.forward >= 0 && re.forward !== i && s.sent < 3) {
                  ctx.send(name(re.forward), m);
                  return { c: re.next, sent: s.sent + 1 };
                }
                return { ...s, c: re.next };
              },
            },
            end: () => true,
          }),
        ]),
      ),
    properties: (_p, p) => [
      p.always('notTarget', (v) => Object.values(v.procs).reduce((a, s) => a + (s as { c: number }).c, 0) !== r.target),
      p.sometimes('reachTarget', (v) => Object.values(v.procs).reduce((a, s) => a + (s as { c: number }).c, 0) === r.target),
    ],
  });
}
