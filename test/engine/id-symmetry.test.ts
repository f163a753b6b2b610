// Symmetry reduction on collapsed vectors (src/engine/id-symmetry.ts) and rotation groups
// (src/engine/symmetry-groups.ts): classes counted by brute force, the representative as a
// function of the class (not of the state, nor of the order ids were given in), the same
// results as representatives taken on states, and the spec errors of a rotation group.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { network, protocol } from 'mpcheck';
import type { NetworkSpec, Protocol } from 'mpcheck';
import { CollapsedStates, IdSymmetry, compile } from '../../src/engine/index.ts';
import type { GlobalState } from '../../src/engine/index.ts';
import { Symmetry } from '../../src/engine/symmetry.ts';
import { search } from '../../src/check/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import ring from '../../bench/models/ring/ring.ts';
import lockServer from '../../models/lock-server.ts';
import { peersSpec, symmetricSpec } from '../check/random-models.ts';
import { encodeState, symmetryClasses } from '../helpers.ts';

/** The representative of `s` on vectors, as the state it stands for (with its own tables: ids given in the order states are met). */
function representative(states: CollapsedStates, sym: IdSymmetry, s: GlobalState): string {
  return encodeState(states.build(sym.canonical(states.ids(s, false))));
}

const rotations = (n: number) => [{ rotation: Array.from({ length: n }, (_, i) => `p${i}`) }];

describe('the ring declares its rotations', () => {
  it('compiles to one rotation group', () => {
    expect(compile(ring, { params: { N: 5 } }).symmetry).toEqual([{ members: ['p0', 'p1', 'p2', 'p3', 'p4'], rotation: true }]);
  });

  it.each([
    [{ N: 3, M: 1 }, 158, 56],
    [{ N: 4, M: 1 }, 1848, 476],
    [{ N: 3, M: 2 }, 3663, 1229],
  ])('%j: %i states in %i classes (brute force); one state per class on vectors and on states, BFS and DFS', (params, all, count) => {
    const b = symmetryClasses(ring, params);
    expect([b.states.length, b.classes]).toEqual([all, count]);
    for (const strategy of ['bfs', 'dfs'] as const) {
      for (const symmetryOnIds of [true, false]) {
        const r = search(compile(ring, { params, por: false }), { strategy, symmetryOnIds });
        expect(r.reductions.symmetry).toBe(true);
        expect(r.stats.states).toBe(count);
        expect(r.properties.map((p) => p.verdict)).toEqual(['holds']);
      }
    }
  });

  it('N=5: 26,952 states in 5,396 classes; with partial-order reduction too, the verdict holds on fewer still', () => {
    expect(symmetryClasses(ring, { N: 5, M: 1 }).classes).toBe(5396);
    const sym = search(compile(ring, { params: { N: 5 }, por: false }));
    expect(sym.stats.states).toBe(5396);
    const both = search(compile(ring, { params: { N: 5 } }));
    expect(both.reductions).toMatchObject({ por: true, symmetry: true });
    expect(both.stats.states).toBeLessThan(5396);
    expect(both.properties.map((p) => p.verdict)).toEqual(['holds']);
  });
});

describe('representatives on vectors', () => {
  it('are a function of the class: every rotation of a reachable ring state has the same one, a rotation of it', () => {
    const model = compile(ring, { params: { N: 4 } });
    const states = new CollapsedStates(model);
    const sym = new IdSymmetry(model, states);
    const orbits = new Symmetry(model);
    const all = symmetryClasses(ring, { N: 4 }).states;
    fc.assert(
      fc.property(fc.nat(all.length - 1), (i) => {
        const orbit = orbits.orbit(all[i]);
        const reps = new Set(orbit.map((s) => representative(states, sym, s)));
        expect(reps.size).toBe(1);
        expect(orbit.map(encodeState)).toContain([...reps][0]);
      }),
      { numRuns: 300 },
    );
  });

  it('do not depend on the order ids were given in (the threads of a parallel search give them in other orders)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), fc.nat(4), fc.nat(1), fc.integer(), (n, table, limit, lose, seed) => {
        const p = symmetricSpec(n, table, limit, lose);
        const model = compile(p);
        const all = symmetryClasses(p).states;
        // the same states met in two orders, by two sets of tables
        const shuffled = all.map((s, i) => [s, Math.imul(i + 1, seed | 1) ^ (seed >>> 3)] as const).sort((a, b) => a[1] - b[1]).map(([s]) => s);
        const a = new CollapsedStates(model);
        const b = new CollapsedStates(model);
        const symA = new IdSymmetry(model, a);
        const symB = new IdSymmetry(model, b);
        const repA = new Map(all.map((s) => [encodeState(s), representative(a, symA, s)]));
        for (const s of shuffled) expect(representative(b, symB, s)).toBe(repA.get(encodeState(s)));
      }),
      { numRuns: 25 },
    );
  });

  it('give the counts and verdicts of representatives on states, and traces that replay (random symmetric systems, lock server, peers)', () => {
    const same = (p: Protocol, params: Record<string, number | boolean> = {}, links?: NetworkSpec) => {
      for (const por of [false, true]) {
        const model = compile(p, { params, por, ...(links ? { network: links } : {}) });
        const onIds = search(model, { symmetryOnIds: true });
        const onStates = search(model, { symmetryOnIds: false });
        // (with partial-order reduction the ample sets are those of different representatives: the verdicts agree)
        if (!por) expect([onIds.stats.states, onIds.stats.transitions]).toEqual([onStates.stats.states, onStates.stats.transitions]);
        expect(onIds.properties.map((x) => x.verdict)).toEqual(onStates.properties.map((x) => x.verdict));
        for (const x of onIds.properties) if (x.trace) expect(replayTrace(model, x.trace).conclusion).toMatch(/^confirmed/);
      }
    };
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), fc.nat(4), fc.nat(1), fc.boolean(), (n, table, limit, lose, hubFirst) => {
        same(symmetricSpec(n, table, limit, lose, hubFirst));
      }),
      { numRuns: 30 },
    );
    same(lockServer, { clients: 4, rounds: 2 });
    same(lockServer, { clients: 3, broken: true });
    same(peersSpec(3, 2));
    // unordered channels keep their contents sorted: a permuted queue is sorted again; mailboxes are shared by senders
    same(lockServer, { clients: 3, rounds: 2 }, network.unordered());
    same(lockServer, { clients: 3, rounds: 2 }, network.mailbox());
  });

  it('give the same results when their maps of what each permutation does to a component are emptied over and over', () => {
    const saved = IdSymmetry.mapSlotsLimit;
    for (const [p, params] of [
      [ring, { N: 4 }],
      [lockServer, { clients: 4, rounds: 2 }],
    ] as const) {
      const model = compile(p, { params, por: false });
      const full = search(model);
      IdSymmetry.mapSlotsLimit = 64;
      try {
        const small = search(model);
        expect([small.stats.states, small.stats.transitions]).toEqual([full.stats.states, full.stats.transitions]);
      } finally {
        IdSymmetry.mapSlotsLimit = saved;
      }
    }
  });

  it('with 720 permutations or more, try only those that place members in order of colour: the classes of representatives on states', () => {
    // peers name each other (colours not complete: every order of members of one colour is
    // tried); the lock server's clients are named only by the server (complete: the first
    // permutation in colour order is taken)
    for (const [p, params] of [
      [peersSpec(6, 1), {}],
      [lockServer, { clients: 6 }],
      [lockServer, { clients: 7 }],
      [lockServer, { clients: 6, broken: true }],
    ] as const) {
      const model = compile(p, { params, por: false });
      const onIds = search(model);
      const onStates = search(model, { symmetryOnIds: false });
      expect([onIds.stats.states, onIds.stats.transitions]).toEqual([onStates.stats.states, onStates.stats.transitions]);
      expect(onIds.properties.map((x) => x.verdict)).toEqual(onStates.properties.map((x) => x.verdict));
      for (const x of onIds.properties) if (x.trace) expect(replayTrace(model, x.trace).conclusion).toMatch(/^confirmed/);
    }
    expect(search(compile(peersSpec(6, 1), { por: false })).stats.states).toBe(3216);
  });
});

describe('rotation groups: what compile checks', () => {
  const { define, process } = protocol<{ type: 'm'; o: string }>();
  const node = (next: string, init: object = { n: 0 }) =>
    process({
      init,
      actions: { go: { when: () => false, then: (s, ctx) => (ctx.send(next, { type: 'm', o: next }), s) } },
      receive: { m: (s) => s },
    });

  it('accepts a ring whose links the rotations map onto links', () => {
    const p = define({ name: 'r', symmetry: rotations(3), topology: ['p0->p1', 'p1->p2', 'p2->p0'], processes: () => ({ p0: node('p1'), p1: node('p2'), p2: node('p0') }) });
    expect(compile(p).symmetry).toEqual([{ members: ['p0', 'p1', 'p2'], rotation: true }]);
  });

  it('rejects a chain (the rotation maps the link p1->p2 onto p2->p0, which is none)', () => {
    const p = define({ name: 'r', symmetry: rotations(3), topology: ['p0->p1', 'p1->p2'], processes: () => ({ p0: node('p1'), p1: node('p2'), p2: node('p0') }) });
    expect(() => compile(p)).toThrow("symmetry group { rotation: [p0, p1, p2] }: the permutation p0→p1 p1→p2 p2→p0 maps the link p1->p2 (fifo, capacity Infinity) onto p2->p0 (no link); the members' links must look alike");
  });

  it('rejects links of different semantics', () => {
    const p = define({
      name: 'r',
      symmetry: rotations(2),
      topology: ['p0->p1', 'p1->p0'],
      network: { default: network.fifo(), 'p1->p0': network.fifo({ capacity: 1 }) },
      processes: () => ({ p0: node('p1'), p1: node('p0') }),
    });
    expect(() => compile(p)).toThrow('maps the link p0->p1 (fifo, capacity Infinity) onto p1->p0 (fifo, capacity 1)');
  });

  it('rejects initial states that the rotation does not map onto each other, and a group of neither form', () => {
    const p = define({ name: 'r', symmetry: rotations(3), topology: ['p0->p1', 'p1->p2', 'p2->p0'], processes: () => ({ p0: node('p1', { n: 0 }), p1: node('p2', { n: 0 }), p2: node('p0', { n: 1 }) }) });
    expect(() => compile(p)).toThrow("symmetry group { rotation: [p0, p1, p2] }: the initial states of 'p1' and 'p2' differ beyond their names");
    // names in local states are rotated: p_i keeps its successor's name
    const named = define({ name: 'r', symmetry: rotations(3), topology: ['p0->p1', 'p1->p2', 'p2->p0'], processes: () => ({ p0: node('p1', { next: 'p1' }), p1: node('p2', { next: 'p2' }), p2: node('p0', { next: 'p0' }) }) });
    expect(compile(named).symmetry).toHaveLength(1);
    const odd = define({ name: 'r', symmetry: [{ rotate: ['p0'] } as unknown as readonly string[]], processes: () => ({ p0: node('p0') }) });
    expect(() => compile(odd)).toThrow('symmetry group {"rotate":["p0"]} is neither a list of process names nor { rotation: [names] }');
  });

  it('counts a rotation group of n as n permutations', () => {
    const n = 9; // 9! would be refused; 9 rotations are not
    const names = Array.from({ length: n }, (_, i) => `p${i}`);
    const p = define({ name: 'r', symmetry: rotations(n), topology: names.map((x, i) => `${x}->${names[(i + 1) % n]}`), processes: () => Object.fromEntries(names.map((x, i) => [x, node(names[(i + 1) % n])])) });
    expect(compile(p).symmetry[0].members).toHaveLength(9);
  });
});
