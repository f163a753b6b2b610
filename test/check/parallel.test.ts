import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, inProcessLanes, mixedLanes, search, searchParallel, threadLanes } from '../../src/check/index.ts';
import type { LaneFactory } from '../../src/check/parallel/lanes.ts';
import type { CheckResult } from '../../src/check/index.ts';
import { SpecError, StepDeltas, compile } from '../../src/engine/index.ts';
import type { Model } from '../../src/engine/index.ts';
import { protocol } from '../../src/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import ring from '../../bench/models/ring/ring.ts';
import fireAndForget from '../../models/fire-and-forget.ts';
import retransmit from '../../models/retransmit.ts';
import alternatingBit from '../../models/alternating-bit.ts';
import syncDeadlock from '../../models/sync-deadlock.ts';
import { CURSOR_STRIDE, ChunkWriter, Claims, segmentedWork, unclaimed, workItems } from '../../src/check/parallel/chunks.ts';
import { HOLE, PROGRESS_STRIDE, SharedTable, controlBuffer, limitOf } from '../../src/check/parallel/table.ts';
import { randomSpec, toProtocol } from './random-models.ts';
import { expectTracesReplay, inProcess, randomSpecFile, summary, watched } from './parallel-helpers.ts';

describe('SharedTable and level chunks', () => {
  it('the table behaves like a Map from fingerprint to first index (told on a later insert), across growth of its slots and of its arrays and released room (holes), with parents and paths', () => {
    // high halves with tag bits set, and both signed and unsigned forms of the same halves
    const half = fc.oneof(fc.nat(40), fc.constantFrom(0x80000000, 0xffffffff, 0x7fffffff, 0x40000000, 0xfff00001));
    fc.assert(
      fc.property(fc.array(fc.tuple(half, fc.nat(40), fc.boolean(), fc.nat(9)), { maxLength: 2000 }), (fps) => {
        const control = controlBuffer(0);
        let t = SharedTable.withSlots(4, control, 1);
        const ref = new Map<string, number>();
        /** The new states' indexes in order: each is the parent of the next. */
        const chain: number[] = [];
        let arrayGrowths = 0;
        for (const [hi, lo, signed, releaseAfter] of fps) {
          if (!t.reserve(1)) {
            // room in the slots: grow the arrays alone (the slots are kept); else the slots too.
            // The arrays grow in place, by one state, or now and then past the room they were
            // made with (then into new ones)
            t.release();
            const more = arrayGrowths % 5 === 4 ? 20_000 : 1;
            if (t.capacity < limitOf(t.slotCount)) arrayGrowths++;
            t = t.capacity < limitOf(t.slotCount) ? t.grown(t.slotCount, t.capacity + more) : t.grown(2 * t.slotCount, t.capacity + more);
            expect(t.reserve(1)).toBe(true);
          }
          const last = chain.length > 0 ? chain[chain.length - 1] : -1;
          const got = t.insert(signed ? hi | 0 : hi, lo, last);
          const key = `${hi}:${lo}`;
          if (ref.has(key)) {
            expect(got).toBe(-1);
            expect(t.lastFound).toBe(ref.get(key));
          } else {
            // indexes only go up: those of a later level are above the earlier ones
            expect(got).toBeGreaterThan(last);
            ref.set(key, got);
            chain.push(got);
          }
          // the end of a level run: the room not used becomes holes
          if (releaseAfter === 0) t.release();
        }
        t.release();
        expect(t.size).toBe(ref.size);
        expect(t.end).toBeLessThanOrEqual(t.limit);
        if (ref.size > 3) expect(arrayGrowths).toBeGreaterThan(0);
        const stored = new Set(chain);
        for (let i = 0; i < t.end; i++) expect(t.parent(i) === HOLE, `index ${i}`).toBe(!stored.has(i));
        chain.forEach((i, k) => {
          expect(t.pathTo(i)).toEqual(chain.slice(0, k + 1));
        });
        for (const [key, i] of ref) expect(t.fingerprintOf(i).join(':')).toBe(key);
      }),
    );
  });

  it('per-state arrays of a large table that outgrow their room are replaced once, by ones with room for tens of millions of states', () => {
    const control = controlBuffer(0);
    const t = SharedTable.withSlots(1 << 10, control, 20_000); // room for 16 × 20,000
    const t2 = t.grown(t.slotCount, 330_000); // past it: new arrays (a copy)
    expect(t2.buffers.fps).not.toBe(t.buffers.fps);
    // 16 × 330,000 would be past at 6 million, and the arrays copied again
    const t3 = t2.grown(t2.slotCount, 6_000_000);
    expect(t3.buffers.fps).toBe(t2.buffers.fps);
    expect(t3.buffers.parents).toBe(t2.buffers.parents);
    expect(t3.capacity).toBe(6_000_000);
  });

  it('a level is cut into work items that cover every record once, shrinking towards its end', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(300), { maxLength: 3000 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 4 }), (lens, per, lanes) => {
        const w = new ChunkWriter();
        lens.forEach((len, i) => w.push(i, new Uint8Array(len).fill(i & 255)));
        const chunks = w.take();
        expect(chunks.reduce((a, c) => a + c.records, 0)).toBe(lens.length);
        const items = workItems(chunks, per, lanes);
        const seen: number[] = [];
        for (let k = 0; k < items.length; k += 3) {
          const left = lens.length - seen.length;
          const view = new DataView(chunks[items[k]].buf);
          let n = 0;
          for (let pos = items[k + 1]; pos < items[k + 2]; n++) {
            const index = view.getUint32(pos, true);
            const len = view.getUint32(pos + 4, true);
            expect(len).toBe(lens[index]);
            seen.push(index);
            pos += 8 + len;
          }
          expect(n).toBeLessThanOrEqual(per);
          // about 1/(8·lanes) of the records left (so the last item is a single record)
          expect(n).toBeLessThanOrEqual(Math.max(1, Math.ceil(left / (8 * lanes))));
        }
        expect(seen).toEqual(lens.map((_, i) => i));
      }),
    );
  });
  it("lanes claim the items of their own segment first, in order, then the rest of the others' segments; every item once, and what was left unclaimed is told by segment", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(12), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(4), { maxLength: 80 }),
        (sizes, lanes, picks) => {
          // item k of segment s is the triple (s, k, 0): its segment and its place there
          const work = segmentedWork(sizes.map((n, s) => Array.from({ length: n }, (_, k) => [s, k, 0]).flat()));
          expect(work.segments).toEqual(sizes.reduce((b, n) => [...b, b[b.length - 1] + n], [0]));
          const cursors = new Int32Array(work.cursors);
          const claims = Array.from({ length: lanes }, (_, l) => new Claims(work.segments, cursors, l));
          const taken: number[][] = claims.map(() => []);
          const seen = new Set<number>();
          for (const p of picks) {
            const l = p % lanes;
            const i = claims[l].next();
            if (i < 0) continue;
            expect(seen.has(i)).toBe(false);
            seen.add(i);
            const home = l % sizes.length;
            const s = work.items[3 * i];
            // another lane's segment only once its own is empty, and then it says so
            expect(claims[l].stolen).toBe(s !== home);
            if (s !== home) expect(Atomics.load(cursors, CURSOR_STRIDE * home)).toBeGreaterThanOrEqual(work.segments[home + 1]);
            taken[l].push(i);
          }
          // a lane's claims in its own segment come in order
          taken.forEach((t, l) => {
            const own = t.filter((i) => work.items[3 * i] === l % sizes.length);
            expect(own).toEqual([...own].sort((a, b) => a - b));
          });
          const left = unclaimed(work);
          expect(left.length).toBe(sizes.length);
          left.forEach((items, s) => {
            for (let k = 0; k < items.length; k += 3) {
              expect(items[k]).toBe(s);
              expect(seen.has(work.segments[s] + items[k + 1])).toBe(false);
            }
          });
          expect(seen.size + left.reduce((a, l) => a + l.length / 3, 0)).toBe(work.items.length / 3);
          // claimed to the end, every item is taken once
          for (let l = 0; l < lanes; l++) for (let i = claims[l].next(); i >= 0; i = claims[l].next()) seen.add(i);
          expect(seen.size).toBe(work.items.length / 3);
          expect(unclaimed(work).every((l) => l.length === 0)).toBe(true);
        },
      ),
    );
  });
});

describe('parallel search, in-process lanes (shared table and level logic)', () => {
  it("a lane in the coordinator's thread expands nothing before its run returns, so that the lanes after it get their orders first", async () => {
    const model = compile(ring, { symmetry: false, params: { N: 4 }, por: false });
    const inner = inProcessLanes(model, () => 1000);
    /** Per level run and lane, the states the lane expanded before its run returned. */
    const early: number[] = [];
    const r = await searchParallel(model, {
      workers: 2,
      lanes: (count, setup) => {
        const expanded = new Float64Array(setup.progress);
        return inner(count, setup).map((lane, i) => ({
          ...lane,
          run: (order) => {
            const before = expanded[PROGRESS_STRIDE * i + 1];
            const running = lane.run(order);
            early.push(expanded[PROGRESS_STRIDE * i + 1] - before);
            return running;
          },
        }));
      },
    });
    expect(r.stats.states).toBe(1_848);
    expect(early.length).toBeGreaterThan(20);
    expect(early.every((n) => n === 0)).toBe(true);
  });

  it('each lane expands mostly the states it wrote itself (its own segment of the next level)', async () => {
    const model = compile(ring, { symmetry: false, params: { N: 5 }, por: false });
    const inner = inProcessLanes(model, () => 1);
    let expanded = 0;
    let fromOthers = 0;
    const r = await searchParallel(model, {
      workers: 2,
      lanes: watched(inner, (report) => {
        expanded += report.expanded;
        fromOthers += report.fromOthers;
      }),
    });
    expect([r.stats.states, r.stats.transitions]).toEqual([26_952, 76_680]);
    expect(expanded).toBe(26_952);
    // (lanes taking turns item by item over one cursor would each expand half the other's states)
    expect(fromOthers).toBeGreaterThan(0);
    expect(fromOthers).toBeLessThan(0.05 * expanded);
  });

  it('finds the states, transitions, depth, verdicts and shortest traces of one thread, through table growth', async () => {
    await fc.assert(
      fc.asyncProperty(
        randomSpec,
        fc.integer({ min: 2, max: 3 }),
        fc.constantFrom(4, 16, 64, 4096),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(undefined, 1, 4),
        async (spec, workers, tableSlots, turns, tiny) => {
          const model = compile(toProtocol(spec));
          // against the engine's own expansion: the lanes use the successor cache (step-deltas.ts)
          const one = search(model, { deltas: false });
          let t = 0;
          // tiny component tables: levels pause for them to grow, some states are expanded again after a full table
          const components = tiny === undefined ? undefined : { capacity: { slots: tiny, ids: tiny, arenaBytes: tiny } };
          const par = await inProcess(model, workers, { tableSlots, components, turn: () => turns[t++ % turns.length] });
          expect(summary(par)).toEqual(summary(one));
          expect(par.complete).toBe(true);
          for (const p of par.properties) {
            if (!p.trace) continue;
            const rep = replayTrace(model, JSON.parse(JSON.stringify(p.trace)));
            expect(rep.ok && rep.confirmed).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("lanes share the views their successor caches learn: lanes that take turns, some joining late, learn each view once in all, as one lane does, with one thread's results", async () => {
    // lanes 1.. become ready once lane 0 has run `after` level runs: they join at a later depth
    // and take in what lane 0 has learned by then at their first view they do not know
    const late = (model: Model, after: number): LaneFactory => {
      const inner = inProcessLanes(model, () => 2);
      return (count, setup) => {
        let runs = 0;
        let go = (): void => {};
        const ready = new Promise<void>((r) => (go = r));
        return inner(count, setup).map((lane, i) => ({
          ...lane,
          ready: i === 0 ? lane.ready : ready,
          run: async (order) => {
            if (i === 0 && ++runs === after) go();
            return lane.run(order);
          },
        }));
      };
    };
    const views = async (model: Model, workers: number, lanes: LaneFactory): Promise<{ result: CheckResult; learned: number; received: number; lateReceived: number }> => {
      const counts = { learned: 0, received: 0, lateReceived: 0 };
      const result = await searchParallel(model, {
        workers,
        lanes: watched(lanes, (report) => {
          counts.learned += report.views?.learned ?? 0;
          counts.received += report.views?.received ?? 0;
          if (report.lane > 0) counts.lateReceived += report.views?.received ?? 0;
        }),
      });
      return { result, ...counts };
    };
    let shared = 0;
    let exact = 0;
    await fc.assert(
      fc.asyncProperty(randomSpec, fc.constantFrom<'invariants' | 'local'>('invariants', 'local'), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 6 }), async (spec, mode, workers, after) => {
        const model = compile(toProtocol(spec, mode));
        const one = search(model, { deltas: false });
        const alone = await views(model, 1, inProcessLanes(model));
        const par = await views(model, workers, late(model, after));
        expect(summary(par.result)).toEqual(summary(one));
        expectTracesReplay(model, par.result);
        expect(alone.received).toBe(0);
        // each view is learned by one lane and taken in by the others that meet it; save, in
        // `local`, those whose steps fail an assertion (their violations are not shared). (A
        // search that ends once every property is decided expands states that depend on the order.)
        if (par.result.complete && alone.result.complete) {
          if (mode === 'invariants') {
            expect(par.learned).toBe(alone.learned);
            exact++;
          } else expect(par.learned).toBeGreaterThanOrEqual(alone.learned);
        }
        if (par.lateReceived > 0) shared++;
      }),
      { numRuns: 60 },
    );
    // (most random protocols are deep enough for the late lanes to join and meet views lane 0
    // learned; a good part of those in `invariants` never reach their target, so the search is complete)
    expect(shared).toBeGreaterThan(15);
    expect(exact).toBeGreaterThan(10);
  });

  it("lanes whose caches forget what they recorded over and over (tiny bounds) while they share it still give one thread's results", async () => {
    const saved = StepDeltas.bounds;
    StepDeltas.bounds = { outcomes: 7, entryKeys: 5 };
    try {
      for (const [k, spec] of fc.sample(randomSpec, { numRuns: 20, seed: 11 }).entries()) {
        const model = compile(toProtocol(spec, k % 2 === 0 ? 'invariants' : 'local'));
        const par = await inProcess(model, 2 + (k % 2), { turn: () => 1 + (k % 3) });
        expect(summary(par)).toEqual(summary(search(model, { deltas: false })));
        expectTracesReplay(model, par);
      }
      const ringModel = compile(ring, { params: { N: 4 }, por: false, symmetry: false });
      expect(summary(await inProcess(ringModel, 2))).toEqual(summary(search(ringModel, { deltas: false })));
    } finally {
      StepDeltas.bounds = saved;
    }
  });

  it.each([
    ['fire-and-forget', fireAndForget, {}],
    ['retransmit', retransmit, {}],
    ['sync-deadlock', syncDeadlock, {}],
    ['sync-deadlock ordered', syncDeadlock, { ordered: true }],
    ['ring N=4', ring, { N: 4 }],
  ] as const)('%s: same result as one thread', async (_name, p, params) => {
    const model = compile(p, { params, por: false });
    expect(summary(await inProcess(model, 2, { tableSlots: 8 }))).toEqual(summary(search(model, { deltas: false })));
  });

  it('monitors (tags, messages in flight, checks at end states) with every fault: the results of one thread', async () => {
    let compared = 0;
    const violations: string[] = [];
    for (const spec of fc.sample(randomSpec, { numRuns: 10, seed: 11 })) {
      const model = compile(toProtocol(spec, 'monitors'), { por: false });
      const one = search(model, { maxStates: 20_000 });
      if (!one.complete) continue;
      const par = await inProcess(model, 2, { turn: () => 3 });
      expect(summary(par)).toEqual(summary(one));
      expectTracesReplay(model, par);
      compared++;
      for (const p of par.properties) if (p.verdict === 'violated') violations.push(`${p.name}: ${p.detail}`);
    }
    expect(compared).toBeGreaterThanOrEqual(5);
    // among them, exactlyOnce violated where a run ends with a message never delivered
    expect(violations.some((v) => /^exactlyOnce: no protocol step is enabled .* never delivered/.test(v))).toBe(true);
  });

  it('component tables grown from tiny capacities give the same result; a table that may not grow further ends the search with an error', async () => {
    const model = compile(ring, { symmetry: false, params: { N: 4 }, por: false });
    const tiny = { capacity: { slots: 2, ids: 1, arenaBytes: 1 } };
    expect(summary(await inProcess(model, 3, { components: tiny, turn: () => 2 }))).toEqual(summary(search(model)));
    await expect(inProcess(model, 2, { components: { ...tiny, limits: { maxIds: 8 } } })).rejects.toThrow(/shared table of .* is full: \d+ distinct .*check this model on one thread/);
  });

  describe('limits end the run with unknown and the statistics so far', () => {
    const model = compile(ring, { symmetry: false, por: false, params: { N: 4 } });
    it('max states', async () => {
      const r = await inProcess(model, 2, { maxStates: 500 });
      expect(r.stoppedBy).toBe('max-states');
      expect(r.stats.states).toBeGreaterThanOrEqual(500);
      expect(r.stats.states).toBeLessThan(1848);
      expect(r.properties[0].detail).toMatch(/^state limit 500 reached; \d+ states explored/);
    });
    it('max states above the state count: complete', async () => {
      const r = await inProcess(model, 2, { maxStates: 1849 });
      expect(r.stoppedBy).toBe('exhausted');
      expect(r.stats.states).toBe(1848);
    });
    it('max depth', async () => {
      const r = await inProcess(model, 2, { maxDepth: 5 });
      expect(r.stoppedBy).toBe('max-depth');
      expect(r.stats.depth).toBe(5);
      expect(r.stats.states).toBe(search(model, { maxDepth: 5 }).stats.states);
      expect(r.properties[0].verdict).toBe('unknown');
    });
    it('timeout', async () => {
      const r = await inProcess(compile(ring, { symmetry: false, por: false, params: { N: 6 } }), 2, { timeoutMs: 100 });
      expect(r.stoppedBy).toBe('timeout');
      expect(r.properties[0].verdict).toBe('unknown');
      expect(r.stats.states).toBeLessThan(471856);
    });
    it('max memory', async () => {
      const r = await inProcess(compile(ring, { symmetry: false, por: false, params: { N: 6 } }), 2, { maxMemoryBytes: 2 ** 20 });
      expect(r.stoppedBy).toBe('max-memory');
      expect(r.complete).toBe(false);
      expect(r.stats.states).toBeLessThan(471856);
      expect(r.properties[0].verdict).toBe('unknown');
      expect(r.properties[0].detail).toMatch(/^memory limit 1 MiB reached; \d+ states explored, none decided it$/);
    });
    it('all decided', async () => {
      const m = compile(fireAndForget, { only: ['allDelivered'] });
      const r = await inProcess(m, 2);
      expect(r.properties[0].verdict).toBe('violated');
      expect(r.properties[0].trace!.steps).toHaveLength(4);
    });
    it('progress is reported while the search runs', async () => {
      const seen: number[] = [];
      await inProcess(compile(ring, { symmetry: false, por: false, params: { N: 4 } }), 2, { onProgress: (p) => seen.push(p.states), progressIntervalMs: 1 });
      expect(seen.length).toBeGreaterThan(3);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    });
  });

  it('a spec error in a worker is reported as one thread reports it, with its path', async () => {
    type Msg = { type: 'tick' };
    const { define, process } = protocol<Msg>();
    const bad = define({
      name: 'throws',
      processes: () => ({
        a: process({ init: { n: 0 }, actions: { inc: { when: (s) => s.n < 5, then: (s) => ({ n: s.n + 1 }) } } }),
        b: process({
          init: { n: 0 },
          actions: {
            inc: {
              when: (s) => s.n < 5,
              then: (s) => {
                if (s.n === 3) throw new Error('boom');
                return { n: s.n + 1 };
              },
            },
          },
        }),
      }),
    });
    const model = compile(bad);
    const err = (p: () => unknown) => Promise.resolve().then(p).then(() => undefined, (e: unknown) => e);
    const one = (await err(() => search(model))) as SpecError;
    const par = (await err(() => inProcess(model, 2))) as SpecError;
    expect(one).toBeInstanceOf(SpecError);
    expect(par).toBeInstanceOf(SpecError);
    expect(par.describe()).toBe(one.describe());
    expect(par.trace).toEqual(one.trace);
  });

  it('a successor that cannot be encoded is explained as one thread explains it', async () => {
    type Msg = { type: 'tick' };
    const { define, process } = protocol<Msg>();
    const bad = define({
      name: 'unencodable',
      processes: () => ({
        a: process<{ n: number; f?: unknown }>({ init: { n: 0 }, actions: { inc: { when: (s) => s.n < 3, then: (s) => (s.n === 2 ? { n: 3, f: () => 1 } : { n: s.n + 1 }) } } }),
        b: process({ init: { n: 0 }, actions: { inc: { when: (s) => s.n < 3, then: (s) => ({ n: s.n + 1 }) } } }),
      }),
    });
    const model = compile(bad);
    const err = (p: () => unknown) => Promise.resolve().then(p).then(() => undefined, (e: unknown) => e);
    const one = (await err(() => search(model))) as SpecError;
    const par = (await err(() => inProcess(model, 2))) as SpecError;
    expect(one).toBeInstanceOf(SpecError);
    expect(one.describe()).toMatch(/cannot be encoded/);
    expect(par).toBeInstanceOf(SpecError);
    expect(par.describe()).toBe(one.describe());
  });
});

describe('parallel search on worker threads', () => {
  it.each([
    ['models/fire-and-forget.ts', {}, fireAndForget],
    // (exactlyOnce checks end states)
    ['models/alternating-bit.ts', { messages: 4 }, alternatingBit],
    ['models/retransmit.ts', {}, retransmit],
    ['models/sync-deadlock.ts', {}, syncDeadlock],
    ['bench/models/ring/ring.ts', { N: 3 }, ring],
    ['bench/models/ring/ring.ts', { N: 4 }, ring],
    ['bench/models/ring/ring.ts', { N: 5 }, ring],
  ] as const)('%s %j: two workers give the counts, verdicts and trace lengths of one thread', async (file, params, p) => {
    const par = await check(p, { por: false, file, params, workers: 2, waitForWorkers: true });
    expect(par.workers).toBe(2);
    expect(par.workersNote).toBeUndefined();
    expect(summary(par)).toEqual(summary(check(p, { por: false, file, params })));
  });

  it('random protocols written to a spec file: same results as one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mpcheck-parallel-'));
    const specs = fc.sample(randomSpec, { numRuns: 3, seed: 7 });
    for (const [i, spec] of specs.entries()) {
      const file = join(dir, `random${i}.mts`); // .mts: ESM outside a package
      writeFileSync(file, randomSpecFile(spec));
      const p = toProtocol(spec);
      expect(summary(await check(p, { por: false, file, workers: 2, waitForWorkers: true }))).toEqual(summary(check(p, { por: false, file })));
    }
  });

  it('starts lanes made to wait once the search has run afterMs at a level of minLevel states, or has run anywayMs', async () => {
    // lanes 1.. wait for start(), as worker threads made by mixedLanes(…, true) do; `log` says what happened
    const waiting = (model: Model, log: string[]): LaneFactory => {
      const inner = inProcessLanes(model);
      return (count, setup) =>
        inner(count, setup).map((lane, i) => {
          if (i === 0) return lane;
          let go = (): void => {};
          const ready = new Promise<void>((r) => (go = r));
          return {
            ready,
            start: () => {
              log.push(`start ${i}`);
              go();
            },
            run: (order) => {
              log.push(`run ${i}`);
              return lane.run(order);
            },
            close: () => lane.close(),
          };
        });
    };
    const model = compile(ring, { symmetry: false, params: { N: 5 }, por: false });
    const run = async (startLanes: { afterMs: number; minLevel: number; anywayMs: number }): Promise<[number, string[]]> => {
      const log: string[] = [];
      const r = await searchParallel(model, { workers: 2, lanes: waiting(model, log), startLanes });
      expect(r.stats.states).toBe(26_952);
      return [r.workers ?? 0, log];
    };
    // levels that stay small: never started, whatever the time
    const [small, smallLog] = await run({ afterMs: 0, minLevel: 1e9, anywayMs: 1e9 });
    expect(small).toBe(1);
    expect(smallLog).toEqual([]);
    // a level large enough once the time has come: started, and then runs levels
    const [large, largeLog] = await run({ afterMs: 0, minLevel: 1, anywayMs: 1e9 });
    expect(large).toBe(2);
    expect(largeLog[0]).toBe('start 1');
    expect(largeLog).toContain('run 1');
    // small levels but a long search
    const [long, longLog] = await run({ afterMs: 1e9, minLevel: 1e9, anywayMs: 0 });
    expect(long).toBe(2);
    expect(longLog[0]).toBe('start 1');
    // not before afterMs, however large the levels
    const [early, earlyLog] = await run({ afterMs: 1e9, minLevel: 1, anywayMs: 1e9 });
    expect(early).toBe(1);
    expect(earlyLog).toEqual([]);
  });

  it("a worker thread shares the views its successor cache learns with the coordinator's lane: the two learn few views twice, with the counts of one thread", async () => {
    const file = 'bench/models/ring/ring.ts';
    const options = { params: { N: 6 }, file, por: false, symmetry: false };
    const model = compile(ring, options);
    const learned = [0, 0];
    const received = [0, 0];
    const firstReceived: number[] = [];
    const r = await searchParallel(model, {
      workers: 2,
      lanes: watched(mixedLanes(model, { file, options }), (report) => {
        if (report.lane === 1 && learned[1] + received[1] === 0) firstReceived.push(report.views?.received ?? 0);
        learned[report.lane] += report.views?.learned ?? 0;
        received[report.lane] += report.views?.received ?? 0;
      }),
    });
    expect([r.stats.states, r.stats.transitions, r.stats.depth]).toEqual([471_856, 1_567_104, 42]);
    expect(r.workers).toBe(2);
    // one lane alone learns each view once
    let alone = 0;
    await searchParallel(model, { workers: 1, lanes: watched(inProcessLanes(model), (report) => (alone += report.views?.learned ?? 0)) });
    expect(alone).toBeGreaterThan(10_000);
    // the worker (lane 1), loaded after the first levels, took in what lane 0 had learned by then
    expect(firstReceived[0]).toBeGreaterThan(100);
    // each lane took in views the other learned; without the logs the two learned 1.8 times as many as one lane
    expect(Math.min(...received)).toBeGreaterThan(100);
    expect(learned[0] + learned[1]).toBeGreaterThanOrEqual(alone);
    expect(learned[0] + learned[1]).toBeLessThan(1.25 * alone);
  });

  it('starts worker threads only after workersAfterMs of search: a search over by then runs on one thread and says so', async () => {
    const file = 'bench/models/ring/ring.ts';
    const quick = await check(ring, { symmetry: false, por: false, file, params: { N: 3 }, workers: 2 });
    expect(quick.stats.states).toBe(158);
    expect(quick.workers).toBe(1);
    expect(quick.workersNote).toMatch(/^the search was over in 0\.\d\d s, before the worker thread was started \(worker threads start once a BFS level has 10,000 states after 0\.3 s, or after 3 s\)$/);
    // the same search, made to wait for its workers, runs on both threads
    const waited = await check(ring, { symmetry: false, por: false, file, params: { N: 3 }, workers: 2, waitForWorkers: true });
    expect(waited.workers).toBe(2);
    expect(waited.workersNote).toBeUndefined();
    expect(summary(waited)).toEqual(summary(quick));
    // started at once, the worker is still loading when the search ends
    const model = compile(ring, { symmetry: false, params: { N: 3 }, por: false });
    const loading = await searchParallel(model, { workers: 2, lanes: mixedLanes(model, { file, options: { params: { N: 3 }, file, por: false } }) });
    expect(loading.workers).toBe(1);
    expect(loading.workersNote).toMatch(/^the search was over in 0\.\d\d s, before the worker thread had loaded the spec and joined it$/);
  });

  it('falls back to one thread, and says why, without a spec file or with DFS', async () => {
    const noFile = await check(ring, { symmetry: false, por: false, params: { N: 3 }, workers: 2 });
    expect(noFile.workers).toBe(1);
    expect(noFile.workersNote).toMatch(/needs the spec file/);
    expect(noFile.stats.states).toBe(158);
    const dfs = await check(ring, { symmetry: false, por: false, file: 'bench/models/ring/ring.ts', params: { N: 3 }, strategy: 'dfs', workers: 2 });
    expect(dfs.workersNote).toBe('parallel search is BFS only');
  });

  it('worker threads adopt the component tables grown while they run (also while they take symmetry representatives)', async () => {
    const file = 'bench/models/ring/ring.ts';
    // (the ring's rotations: representatives intern renamed local states and queues)
    const model = compile(ring, { params: { N: 4 }, por: false, file });
    expect(model.symmetry).toHaveLength(1);
    const par = await searchParallel(model, {
      workers: 2,
      waitForLanes: true,
      lanes: threadLanes({ file, options: { params: { N: 4 }, file, por: false } }),
      components: { capacity: { slots: 2, ids: 1, arenaBytes: 1 } },
    });
    expect(summary(par)).toEqual(summary(search(model)));
  });

  it('refuses a spec file that does not define the protocol being checked', async () => {
    await expect(check(ring, { symmetry: false, por: false, file: 'models/retransmit.ts', workers: 2, waitForWorkers: true })).rejects.toThrow(/does not define the protocol being checked/);
  });
});
