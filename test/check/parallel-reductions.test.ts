import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, search, searchParallel, threadLanes } from '../../src/check/index.ts';
import type { CheckOptions } from '../../src/check/index.ts';
import { compile } from '../../src/engine/index.ts';
import type { Protocol } from '../../src/index.ts';
import ring from '../../bench/models/ring/ring.ts';
import abp from '../../bench/models/abp/abp.ts';
import alternatingBit from '../../models/alternating-bit.ts';
import goBackN from '../../models/go-back-n.ts';
import lockServer from '../../models/lock-server.ts';
import syncDeadlock from '../../models/sync-deadlock.ts';
import { expectTracesReplay, inProcess, randomSpecFile, summary, symmetricSpecFile } from './parallel-helpers.ts';
import { randomSpec, symmetricSpec, toProtocol } from './random-models.ts';

/** Random symmetric systems (see symmetricSpec): workers, their table, the hub's limit, lost messages. */
const symmetricArgs = fc.tuple(fc.integer({ min: 2, max: 3 }), fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), fc.nat(4), fc.nat(1));

/** Bundled models with partial-order reduction (the default) or symmetry reduction in force, or both. */
const bundled: readonly (readonly [string, string, Protocol, CheckOptions])[] = [
  ['ring N=3', 'bench/models/ring/ring.ts', ring, { params: { N: 3 } }],
  ['ring N=4', 'bench/models/ring/ring.ts', ring, { params: { N: 4 } }],
  ['ring N=5', 'bench/models/ring/ring.ts', ring, { params: { N: 5 } }],
  // the cycle proviso makes a difference here: ignoring it changes the counts
  ['abp', 'bench/models/abp/abp.ts', abp, {}],
  ['abp M=3 C=3 L=2 D=2', 'bench/models/abp/abp.ts', abp, { params: { M: 3, C: 3 }, faults: { lose: 2, duplicate: 2 } }],
  ['alternating-bit, deadlock and assertions', 'models/alternating-bit.ts', alternatingBit, { only: ['noDeadlock', 'assertions'] }],
  ['go-back-n, deadlock and assertions', 'models/go-back-n.ts', goBackN, { only: ['noDeadlock', 'assertions'] }],
  ['sync-deadlock', 'models/sync-deadlock.ts', syncDeadlock, {}],
  ['sync-deadlock ordered', 'models/sync-deadlock.ts', syncDeadlock, { params: { ordered: true } }],
  ['lock-server (symmetry)', 'models/lock-server.ts', lockServer, {}],
  ['lock-server broken (symmetry, a violation)', 'models/lock-server.ts', lockServer, { params: { broken: true } }],
  ['lock-server 4 clients 2 rounds, deadlock and assertions (symmetry and POR)', 'models/lock-server.ts', lockServer, { params: { clients: 4, rounds: 2 }, only: ['noDeadlock', 'assertions'] }],
  ['lock-server lossy, deadlock and assertions (symmetry and POR, a deadlock)', 'models/lock-server.ts', lockServer, { faults: { lose: 1 }, only: ['noDeadlock', 'assertions'] }],
];

describe('parallel search with partial-order and symmetry reduction, in-process lanes', () => {
  it('random protocols with partial-order reduction: the states, transitions, ample-only states, depth, verdicts and trace lengths of one thread, through table growth', async () => {
    let reduced = 0;
    await fc.assert(
      fc.asyncProperty(
        randomSpec,
        fc.integer({ min: 2, max: 3 }),
        fc.constantFrom(4, 16, 4096),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(undefined, 1, 4),
        fc.constantFrom(undefined, 1, 3, 8),
        async (spec, workers, tableSlots, turns, tiny, tableHeadroom) => {
          const model = compile(toProtocol(spec, 'local'));
          const one = search(model);
          expect(one.reductions.por).toBe(true);
          let t = 0;
          // tiny component tables: levels pause for them to grow, some states are expanded again
          const components = tiny === undefined ? undefined : { capacity: { slots: tiny, ids: tiny, arenaBytes: tiny } };
          // a small table headroom: levels pause often, some states after their ample steps (a
          // pause copies the table: only on small state spaces)
          const par = await inProcess(model, workers, { tableSlots, components, tableHeadroom: one.stats.states <= 2000 ? tableHeadroom : undefined, turn: () => turns[t++ % turns.length] });
          expect(summary(par)).toEqual(summary(one));
          if (par.complete) reduced += par.reductions.ampleStates;
          expectTracesReplay(model, par);
        },
      ),
      { numRuns: 60 },
    );
    expect(reduced).toBeGreaterThan(0);
  });

  it('random symmetric systems, with symmetry alone and with partial-order reduction too: the results of one thread', async () => {
    await fc.assert(
      fc.asyncProperty(symmetricArgs, fc.boolean(), fc.integer({ min: 2, max: 3 }), fc.constantFrom(4, 4096), async (args, local, workers, tableSlots) => {
        // partial-order reduction applies as well (the invariant reads only the workers' c), with or without it
        const model = compile(symmetricSpec(...args), local ? { only: ['noDeadlock'] } : {});
        const one = search(model);
        expect(one.reductions.symmetry).toBe(true);
        expect(one.reductions.por).toBe(true);
        const par = await inProcess(model, workers, { tableSlots, turn: () => 2 });
        expect(summary(par)).toEqual(summary(one));
        expectTracesReplay(model, par);
      }),
      { numRuns: 30 },
    );
  });

  it.each(bundled)('%s: same result as one thread', async (_name, _file, p, opts) => {
    const model = compile(p, opts);
    expect(model.por || model.symmetry.length > 0).toBe(true);
    const one = search(model);
    const par = await inProcess(model, 3, { tableSlots: 8, tableHeadroom: 2, components: { capacity: { slots: 2, ids: 1, arenaBytes: 1 } } });
    expect(summary(par)).toEqual(summary(one));
    // properties that hold were 'checked on the N states of the reduced state space (...)'
    const details = (r: typeof one) => r.properties.filter((x) => !x.trace).map((x) => x.detail);
    expect(details(par)).toEqual(details(one));
    expectTracesReplay(model, par);
  });
});

describe('parallel search with partial-order and symmetry reduction, on worker threads', () => {
  it.each(bundled)('%s: two workers give the counts, verdicts and trace lengths of one thread', async (_name, file, p, opts) => {
    const par = await check(p, { ...opts, file, workers: 2, waitForWorkers: true });
    expect(par.workers).toBe(2);
    expect(par.workersNote).toBeUndefined();
    const one = check(p, { ...opts, file });
    expect(one.reductions.por || one.reductions.symmetry).toBe(true);
    expect(summary(par)).toEqual(summary(one));
    expectTracesReplay(compile(p, { ...opts, file }), par);
  });

  it('random protocols with partial-order reduction, and random symmetric systems, written to spec files: same results as one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mpcheck-parallel-reductions-'));
    const cases: [string, Protocol, CheckOptions][] = [];
    for (const [i, spec] of fc.sample(randomSpec, { numRuns: 3, seed: 11 }).entries()) {
      const file = join(dir, `random${i}.mts`); // .mts: ESM outside a package
      writeFileSync(file, randomSpecFile(spec, 'local'));
      cases.push([file, toProtocol(spec, 'local'), {}]);
    }
    for (const [i, args] of fc.sample(symmetricArgs, { numRuns: 2, seed: 5 }).entries()) {
      const file = join(dir, `symmetric${i}.mts`);
      writeFileSync(file, symmetricSpecFile(args));
      cases.push([file, symmetricSpec(...args), {}], [file, symmetricSpec(...args), { only: ['noDeadlock'] }]);
    }
    for (const [file, p, opts] of cases) {
      const par = await check(p, { ...opts, file, workers: 2, waitForWorkers: true });
      expect(par.workersNote).toBeUndefined();
      const one = check(p, { ...opts, file });
      expect(one.reductions.por || one.reductions.symmetry).toBe(true);
      expect(summary(par)).toEqual(summary(one));
      expectTracesReplay(compile(p, { ...opts, file }), par);
    }
  });

  it('--no-por and --no-symmetry reach the worker threads', async () => {
    const par = await check(lockServer, { file: 'models/lock-server.ts', only: ['noDeadlock'], por: false, symmetry: false, workers: 2, waitForWorkers: true });
    expect(par.workers).toBe(2);
    expect(par.reductions).toEqual({ por: false, ampleStates: 0, symmetry: false });
    expect(summary(par)).toEqual(summary(check(lockServer, { file: 'models/lock-server.ts', only: ['noDeadlock'], por: false, symmetry: false })));
  });

  it('refuses worker threads whose model has other reductions in force than the search', async () => {
    const file = 'bench/models/ring/ring.ts';
    const model = compile(ring, { params: { N: 3 }, file });
    const lanes = threadLanes({ file, options: { params: { N: 3 }, file, por: false } });
    await expect(searchParallel(model, { workers: 2, waitForLanes: true, lanes })).rejects.toThrow(/partial-order reduction off, symmetry reduction on, the search partial-order reduction on, symmetry reduction on/);
    const noSymmetry = threadLanes({ file, options: { params: { N: 3 }, file, symmetry: false } });
    await expect(searchParallel(model, { workers: 2, waitForLanes: true, lanes: noSymmetry })).rejects.toThrow(/partial-order reduction on, symmetry reduction off, the search partial-order reduction on, symmetry reduction on/);
  });
});
