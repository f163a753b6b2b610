import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { search } from '../../src/check/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import lockServer from '../../models/lock-server.ts';
import { peersSpec, symmetricSpec } from './random-models.ts';
import { symmetryClasses } from '../helpers.ts';

describe('symmetry reduction', () => {
  it('never changes a verdict, and every trace replays (random symmetric systems)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), fc.nat(4), fc.nat(1), (n, table, limit, lose) => {
        const p = symmetricSpec(n, table, limit, lose);
        const off = search(compile(p, { symmetry: false }));
        const model = compile(p);
        const on = search(model);
        expect(on.reductions.symmetry).toBe(true);
        expect(on.properties.map((x) => [x.name, x.verdict])).toEqual(off.properties.map((x) => [x.name, x.verdict]));
        if (on.complete && off.complete) expect(on.stats.states).toBeLessThanOrEqual(off.stats.states);
        for (const x of on.properties) if (x.trace) expect(replayTrace(model, x.trace).conclusion).toMatch(/^confirmed/);
      }),
      { numRuns: 40 },
    );
  });

  it('lock server: 3 clients, 180 states become 40, same verdicts; the broken server is still caught', () => {
    const off = search(compile(lockServer, { symmetry: false }));
    const on = search(compile(lockServer));
    expect(off.stats.states).toBe(180);
    expect(on.stats.states).toBe(40);
    expect(on.properties.map((p) => p.verdict)).toEqual(off.properties.map((p) => p.verdict));
    const broken = search(compile(lockServer, { params: { broken: true } }));
    const mutex = broken.properties.find((p) => p.name === 'mutualExclusion')!;
    expect(mutex.verdict).toBe('violated');
    expect(mutex.trace!.steps).toHaveLength(6);
  });

  it('peers that key their state by each other\'s names: accepted, and one state per class (the classes counted by brute force)', () => {
    for (const [n, rounds, all, classes] of [
      [3, 2, 3375, 590],
      [4, 1, 2401, 126],
    ]) {
      const p = peersSpec(n, rounds);
      const b = symmetryClasses(p);
      expect([b.states.length, b.classes]).toEqual([all, classes]);
      const reduced = search(compile(p, { por: false }));
      expect(reduced.stats.states).toBe(classes);
      expect(reduced.properties.map((x) => x.verdict)).toEqual(['holds', 'holds']);
      expect(search(compile(p)).properties.map((x) => x.verdict)).toEqual(['holds', 'holds']);
    }
  });

  it('rejects groups whose members are not built alike', () => {
    const { define, process } = protocol<{ type: 'm' }>();
    const p = define({
      name: 'x',
      symmetry: [['a', 'b']],
      processes: () => ({ a: process({ init: { n: 0 } }), b: process({ init: { n: 1 } }) }),
    });
    expect(() => compile(p)).toThrow("symmetry group [a, b]: the initial states of 'a' and 'b' differ beyond their names");
    const q = define({ name: 'y', symmetry: [['a', 'zz']], processes: () => ({ a: process({ init: {} }) }) });
    expect(() => compile(q)).toThrow("symmetry group [a, zz] names unknown process 'zz'");
    expect(() => compile(lockServer, { params: { clients: 9 } })).toThrow(/^symmetry groups \[c0, c1, c2, c3, c4, c5, c6, c7, c8\] give 362880 permutations per state, more than the 40320 mpcheck keeps; make the groups smaller/);
    expect(compile(lockServer, { params: { clients: 9 }, symmetry: false }).symmetry).toEqual([]);
  });
});
