import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine, compile } from '../../src/engine/index.ts';
import type { GlobalState, Model } from '../../src/engine/index.ts';
import { Symmetry } from '../../src/engine/symmetry.ts';
import type { Protocol } from '../../src/spec/index.ts';
import lockServer from '../../models/lock-server.ts';
import { network, protocol } from 'mpcheck';
import { peersSpec, symmetricSpec } from '../check/random-models.ts';
import { encodeState } from '../helpers.ts';

const encode = encodeState;

/** Up to `limit` reachable states of `p` without symmetry reduction, breadth first. */
function reachable(p: Protocol, params: Record<string, number> | undefined, limit: number): GlobalState[] {
  const engine = new Engine(compile(p, { symmetry: false, por: false, ...(params ? { params } : {}) }));
  const seen = new Set<string>();
  const out: GlobalState[] = [];
  const queue = [engine.initial()];
  while (queue.length > 0 && out.length < limit) {
    const s = queue.shift()!;
    const k = encode(s);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
    for (const st of engine.successors(s).steps) queue.push(st.next);
  }
  return out;
}

/**
 * The representative is a canonical form: a permuted form of the state, the same for every
 * permuted form of it (so a reduced search meets each class once).
 */
function expectCanonical(model: Model, states: readonly GlobalState[]): void {
  const sym = new Symmetry(model);
  for (const s of states) {
    const orbit = sym.orbit(s).map(encode);
    const rep = encode(sym.canonical(s));
    expect(orbit).toContain(rep);
    for (const t of sym.orbit(s)) expect(encode(sym.canonical(t))).toBe(rep);
  }
}

type Kind = 'fifo' | 'mailbox' | 'unordered' | 'priority';

type Variant = 'poke' | 'remember' | 'tell' | 'relay' | 'turns' | 'note' | 'map';

/**
 * Members that each pick another member (ctx.choose) or greet two processes in no group,
 * built so that each variant names members in one way only: `poke` sends to the member
 * picked, `remember` keeps its name, `tell` sends its name to the log, `relay` has the log
 * pass the greeter's name to the echo, `turns` has the log and the echo both answer into
 * the member's mailbox (their order telling members apart), `note` has the log send one
 * message object naming the greeter to every member, `map` has the log keep, keyed by the
 * member, the member it picked.
 */
function pointers(n: number, variant: Variant, kind: Kind): Protocol {
  type Msg = { type: 'poke' } | { type: 'about'; who: string; from: string } | { type: 'hi'; from: string } | { type: 'seen'; who: string } | { type: 'pong' } | { type: 'pang' } | { type: 'note'; who: string };
  const { define, process } = protocol<Msg>();
  const names = Array.from({ length: n }, (_, i) => `p${i}`);
  const net = { fifo: network.fifo(), mailbox: network.mailbox(), unordered: network.unordered(), priority: network.priority<Msg>(() => 0) }[kind];
  const fixed = process({
    init: { heard: 0, picks: {} as Readonly<Record<string, string>> },
    receive: {
      about: (s, m) => (variant === 'map' ? { ...s, picks: { ...s.picks, [m.from]: m.who } } : s),
      hi: (s, m, ctx) => {
        if (variant === 'relay') ctx.send('echo', { type: 'seen', who: m.from });
        if (variant === 'turns') ctx.send(m.from, { type: 'pong' });
        if (variant === 'note') {
          const note = { type: 'note', who: m.from } as const;
          for (const x of names) ctx.send(x, note);
        }
        return { ...s, heard: s.heard + 1 };
      },
      seen: (s) => s,
    },
    end: () => true,
  });
  const echo = process({
    init: { heard: 0 },
    receive: {
      hi: (s, m, ctx) => (ctx.send(m.from, { type: 'pang' }), { heard: s.heard + 1 }),
      seen: (s) => ({ heard: s.heard + 1 }),
    },
    end: () => true,
  });
  return define({
    name: 'pointers',
    network: net,
    symmetry: [names],
    processes: () => ({
      log: fixed,
      echo,
      ...Object.fromEntries(
        names.map((self) => [
          self,
          process({
            init: { done: false, to: null as string | null, got: 0 },
            actions: {
              act: {
                when: (s) => !s.done,
                then: (s, ctx) => {
                  if (variant === 'relay' || variant === 'turns' || variant === 'note') {
                    ctx.send('log', { type: 'hi', from: self });
                    if (variant === 'turns') ctx.send('echo', { type: 'hi', from: self });
                    return { ...s, done: true };
                  }
                  const other = ctx.choose(names.filter((x) => x !== self));
                  if (variant === 'poke') ctx.send(other, { type: 'poke' });
                  if (variant === 'tell' || variant === 'map') ctx.send('log', { type: 'about', who: other, from: self });
                  return { ...s, done: true, to: variant === 'remember' ? other : null };
                },
              },
            },
            receive: {
              poke: (s) => ({ ...s, got: s.got + 1 }),
              pong: (s) => ({ ...s, got: s.got + 1 }),
              pang: (s) => ({ ...s, got: s.got + 1 }),
              note: (s) => ({ ...s, got: s.got + 1 }),
            },
            end: () => true,
          }),
        ]),
      ),
    }),
    properties: (_p, p) => [p.noDeadlock()],
  });
}

describe('symmetry: the representative is a canonical form', () => {
  it.each<[Variant, Kind, number]>([
    ['poke', 'fifo', 4],
    ['poke', 'mailbox', 4],
    ['remember', 'fifo', 4],
    ['tell', 'fifo', 4],
    ['tell', 'unordered', 4],
    ['relay', 'fifo', 4],
    ['turns', 'mailbox', 2],
    ['turns', 'priority', 2],
    ['note', 'fifo', 3],
    ['map', 'fifo', 4],
  ])('members that name each other one way only: %s over %s, %i members', (variant, kind, n) => {
    const p = pointers(n, variant, kind);
    expectCanonical(compile(p), reachable(p, undefined, 300));
  });

  it('random symmetric systems (members named in messages and in the hub as keys; the hub placed before or after them)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), fc.nat(4), fc.nat(1), fc.boolean(), (n, table, limit, lose, hubFirst) => {
        const p = symmetricSpec(n, table, limit, lose, hubFirst);
        expectCanonical(compile(p), reachable(p, undefined, 300));
      }),
      { numRuns: 25 },
    );
  });

  it('peers that key their state by each other\'s names (every member names every other from the start)', () => {
    for (const [n, rounds] of [
      [4, 1],
      [3, 2],
    ]) {
      const p = peersSpec(n, rounds);
      expectCanonical(compile(p), reachable(p, undefined, 400));
    }
  });

  it('members with large local states (encodings of 300,000 bytes and more)', () => {
    const { define, process } = protocol<{ type: 'm' }>();
    const big = (v: number) => process({ init: { xs: new Array<number>(300000).fill(v) } });
    const p = define({ name: 'big', symmetry: [['a', 'b']], processes: () => ({ a: big(1), b: big(1) }) });
    const model = compile(p);
    const s = new Engine(model).initial();
    expect(encode(new Symmetry(model).canonical(s))).toBe(encode(s));
  });

  it('lock server, 4 clients, 2 rounds (members named in the server state and in messages)', () => {
    const params = { clients: 4, rounds: 2 };
    const states = reachable(lockServer, params, 1500);
    expect(states).toHaveLength(1500);
    expectCanonical(compile(lockServer, { params }), states);
  });
});
