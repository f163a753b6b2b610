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
  /** Action guards also ask ctx.canSend(peer). */
  readonly canSendGuard: boolean;
  /** Receive handlers have a guard (selective receive). */
  readonly selective: boolean;
  /** Declare the topology (only the links the actions and reactions use). */
  readonly topology: boolean;
  readonly reorder: number;
  readonly crash: number;
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
      canSendGuard: fc.boolean(),
      selective: fc.boolean(),
      topology: fc.boolean(),
      reorder: fc.nat(1),
      crash: fc.nat(1),
    }),
  );

type Msg = { type: 'x'; v: number };

/**
 * `invariants`: the properties are a global invariant and a reachability target (partial-order
 * reduction does not apply). `local`: deadlock and a ctx.assert in a handler, with crashes
 * and reorders in the budget (the properties partial-order reduction must preserve).
 * `fields`: as `local`, plus an invariant on p0's counter and a reachability target on p1's
 * (partial-order reduction applies: the other processes' steps are invisible to them).
 * `monitors`: as `local`, plus guarantees on the transport (these protocols never submit):
 * fifo, exactlyOnce (checked at end states too), causal (vector clocks as tags) and priority
 * (which reads the messages in flight).
 */
export function toProtocol(r: RandomSpec, mode: 'invariants' | 'local' | 'monitors' | 'fields' = 'invariants'): Protocol {
  const { define, process } = protocol<Msg>();
  const name = (i: number) => `p${i}`;
  const nets: Record<RandomSpec['net'], NetworkSpec> = {
    fifo: network.fifo({ capacity: 2 }),
    fifo1: network.fifo({ capacity: 1, onFull: 'drop' }),
    unordered: network.unordered({ capacity: 2 }),
    mailbox: network.mailbox({ capacity: 2 }),
    sync: network.sync(),
  };
  const links = new Set<string>();
  for (const a of r.actions) if (a.to >= 0 && a.to !== a.p) links.add(`${name(a.p)}->${name(a.to)}`);
  for (const x of r.reactions) if (x.forward >= 0 && x.forward !== x.p) links.add(`${name(x.p)}->${name(x.forward)}`);
  const local = mode !== 'invariants';
  return define({
    name: 'random',
    network: nets[r.net],
    ...(r.topology ? { topology: [...links].sort() } : {}),
    faults: r.net === 'sync' ? {} : { lose: r.lose, duplicate: r.duplicate, ...(local ? { reorder: r.reorder, crash: r.crash } : {}) },
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
                    when: (s: { c: number; sent: number }, ctx: { canSend(to: string): boolean }) =>
                      s.c === a.when && s.sent < 3 && (!r.canSendGuard || a.to < 0 || a.to === i || ctx.canSend(name(a.to))),
                    then: (s: { c: number; sent: number }, ctx: { send(to: string, m: Msg): boolean }) => {
                      if (a.to >= 0 && a.to !== i) ctx.send(name(a.to), { type: 'x', v: a.v });
                      return { c: a.next, sent: s.sent + (a.to >= 0 && a.to !== i ? 1 : 0) };
                    },
                  },
                ]),
            ),
            receive: {
              x: {
                when: (s, m) => !r.selective || m.v <= s.c,
                then: (s, m, ctx) => {
                ctx.assert(!(local && s.c === r.target % r.bound && m.v === 1 && s.sent === 1), 'bad receipt');
                const re = r.reactions.find((x) => x.p === i && x.c === s.c && x.v === m.v);
                if (!re) return s;
                if (re.forward >= 0 && re.forward !== i && s.sent < 3) {
                  ctx.send(name(re.forward), m);
                  return { c: re.next, sent: s.sent + 1 };
                }
                return { ...s, c: re.next };
                },
              },
            },
            end: (s) => !local || s.c === 0,
          }),
        ]),
      ),
    properties: (_p, p) => mode === 'monitors' ? [p.noDeadlock(), p.fifo(), p.exactlyOnce(), p.causal(), p.priority<Msg>((m) => m.v)] : mode === 'fields' ? [
      p.noDeadlock(),
      p.always('p0NotTarget', (v) => (v.procs as Record<string, { c: number }>).p0.c !== r.target % r.bound),
      p.sometimes('p1ReachesTarget', (v) => (v.procs as Record<string, { c: number }>).p1.c === (r.target + 1) % r.bound),
    ] : local ? [p.noDeadlock()] : [
      p.always('notTarget', (v) => Object.values(v.procs).reduce((a, s) => a + (s as { c: number }).c, 0) !== r.target),
      p.sometimes('reachTarget', (v) => Object.values(v.procs).reduce((a, s) => a + (s as { c: number }).c, 0) === r.target),
    ],
  });
}

/** A random family of symmetric systems: N alike workers that report to a hub which answers by name (the hub is the last process, or with `hubFirst` the first). */
export function symmetricSpec(n: number, table: readonly number[], hubLimit: number, lose: number, hubFirst = false): Protocol {
  type Msg = { type: 'ping'; from: string; v: number } | { type: 'pong'; v: number };
  const { define, process } = protocol<Msg>();
  const names = Array.from({ length: n }, (_, i) => `w${i}`);
  return define({
    name: 'sym',
    faults: { lose },
    symmetry: [names],
    processes: () => {
      const workers = Object.fromEntries(
        names.map((name) => [
          name,
          process({
            init: { c: 0 },
            actions: { go: { when: (s) => s.c < 2, then: (s, ctx) => (ctx.send('hub', { type: 'ping', from: name, v: table[s.c] }), { c: s.c + 1 }) } },
            receive: { pong: (s, m) => ({ c: Math.min(3, s.c + m.v) }) },
            end: () => true,
          }),
        ]),
      );
      const hub = process({
        // pings counted per worker, keyed by name (names are never ordered: that would break symmetry)
        init: { seen: Object.fromEntries(names.map((x) => [x, 0])) as Readonly<Record<string, number>>, total: 0 },
        receive: {
          ping: (s, m, ctx) => {
            if (s.total < hubLimit) ctx.send(m.from, { type: 'pong', v: m.v });
            return { seen: { ...s.seen, [m.from]: s.seen[m.from] + 1 }, total: s.total + 1 };
          },
        },
        end: () => true,
      });
      return hubFirst ? { hub, ...workers } : { ...workers, hub };
    },
    properties: (_p, p) => [
      p.always("notAllThree", (v) => names.filter((x) => ((v.procs as Record<string, unknown>)[x] as { c: number }).c === 3).length < 2),
      p.noDeadlock(),
    ],
  });
}

/**
 * Gossip among `n` interchangeable peers: each tells `rounds` peers of its choice (ctx.choose)
 * that it exists, and counts what it hears in a map keyed by the other peers' names. Every
 * member names every other one, in its local state, from the start.
 */
export function peersSpec(n: number, rounds: number): Protocol {
  type Msg = { type: 'tell'; from: string };
  type Peer = { sent: number; heard: Readonly<Record<string, number>> };
  const { define, process } = protocol<Msg>();
  const names = Array.from({ length: n }, (_, i) => `p${i}`);
  const peer = (me: string) => {
    const others = names.filter((x) => x !== me);
    return process<Peer>({
      init: { sent: 0, heard: Object.fromEntries(others.map((x) => [x, 0])) },
      actions: { tell: { when: (s) => s.sent < rounds, then: (s, ctx) => (ctx.send(ctx.choose(others), { type: 'tell', from: me }), { ...s, sent: s.sent + 1 }) } },
      receive: { tell: (s, m) => ({ ...s, heard: { ...s.heard, [m.from]: s.heard[m.from] + 1 } }) },
      end: () => true,
    });
  };
  return define({
    name: 'peers',
    symmetry: [names],
    processes: () => Object.fromEntries(names.map((x) => [x, peer(x)])),
    properties: (_p, p) => [p.noDeadlock()],
  });
}
