import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol } from 'mpcheck';
import type { Protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { search } from '../../src/check/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import lockServer from '../../models/lock-server.ts';

/** A random family of symmetric systems: N alike workers that report to a hub which answers by name. */
function symmetricSpec(n: number, table: readonly number[], hubLimit: number, lose: number): Protocol {
  type Msg = { type: 'ping'; from: string; v: number } | { type: 'pong'; v: number };
  const { define, process } = protocol<Msg>();
  const names = Array.from({ length: n }, (_, i) => `w${i}`);
  return define({
    name: 'sym',
    faults: { lose },
    symmetry: [names],
    processes: () => ({
      ...Object.fromEntries(
        names.map((name) => [
          name,
          process({
            init: { c: 0 },
            actions: { go: { when: (s) => s.c < 2, then: (s, ctx) => (ctx.send('hub', { type: 'ping', from: name, v: table[s.c] }), { c: s.c + 1 }) } },
            receive: { pong: (s, m) => ({ c: Math.min(3, s.c + m.v) }) },
            end: () => true,
          }),
        ]),
      ),
      hub: process({
        // pings counted per worker, keyed by name (names are never ordered: that would break symmetry)
        init: { seen: Object.fromEntries(names.map((x) => [x, 0])) as Readonly<Record<string, number>>, total: 0 },
        receive: {
          ping: (s, m, ctx) => {
            if (s.total < hubLimit) ctx.send(m.from, { type: 'pong', v: m.v });
            return { seen: { ...s.seen, [m.from]: s.seen[m.from] + 1 }, total: s.total + 1 };
          },
        },
        end: () => true,
      }),
    }),
    properties: (_p, p) => [
      p.always("notAllThree", (v) => names.filter((x) => ((v.procs as Record<string, unknown>)[x] as { c: number }).c === 3).length < 2),
      p.noDeadlock(),
    ],
  });
}

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
  });
});
