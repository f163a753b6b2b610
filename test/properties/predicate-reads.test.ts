import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predicateReads } from '../../src/properties/index.ts';
import { readsCacheFile } from '../../src/properties/reads-cache.ts';
import type { PredicateReads } from '../../src/properties/index.ts';

type V = { procs: Record<string, any>; inFlight: readonly { msg: { type: string } }[]; down: readonly string[]; faults: { lose: number } };

/** The reads as plain data: procs by name with their fields sorted (or 'all'). */
function plain(r: PredicateReads): unknown {
  const procs = r.procs === 'all' ? 'all' : Object.fromEntries([...r.procs].map(([k, f]) => [k, f === 'all' ? 'all' : [...f].sort()]));
  return { procs, inFlight: r.inFlight, down: r.down, faults: r.faults };
}
const none = { inFlight: false, down: false, faults: false };
const ALL = { procs: 'all', inFlight: true, down: true, faults: true };

describe('what a state predicate reads (for partial-order reduction)', () => {
  it('follows property accesses on the view, its procs and their local states', () => {
    expect(plain(predicateReads((v: V) => v.procs.server.holder === null || v.procs.c1.inCs))).toEqual({ procs: { server: ['holder'], c1: ['inCs'] }, ...none });
    expect(plain(predicateReads((v: V) => v.procs['server'].log.length < 3))).toEqual({ procs: { server: ['log'] }, ...none });
    expect(plain(predicateReads((v: V) => v.inFlight.length === 0 && v.down.length === 0))).toEqual({ procs: {}, inFlight: true, down: true, faults: false });
    expect(plain(predicateReads((v: V) => v.faults.lose < 2))).toEqual({ procs: {}, inFlight: false, down: false, faults: true });
    expect(plain(predicateReads(() => true))).toEqual({ procs: {}, ...none });
  });

  it('follows destructuring and const aliases', () => {
    expect(plain(predicateReads(({ procs, inFlight }: V) => procs.a.x + inFlight.length > 0))).toEqual({ procs: { a: ['x'] }, ...none, inFlight: true });
    const block = (v: V) => {
      const s = v.procs.server;
      const { x, y } = v.procs.b;
      return s.q.includes(x) && y;
    };
    expect(plain(predicateReads(block))).toEqual({ procs: { server: ['q'], b: ['x', 'y'] }, ...none });
    expect(plain(predicateReads(function named(v: V) { return v.procs.z.k; }))).toEqual({ procs: { z: ['k'] }, ...none });
    expect(plain(predicateReads({ pred(v: V) { return v.procs.z.k; } }.pred))).toEqual({ procs: { z: ['k'] }, ...none });
  });

  it('reads a field of every process through a computed name or Object.values', () => {
    expect(plain(predicateReads((v: V) => ['a', 'b'].every((n) => v.procs[n].done)))).toEqual({ procs: { '*': ['done'] }, ...none });
    expect(plain(predicateReads((v: V) => Object.values(v.procs).filter((s) => s.phase === 'holding').length <= 1))).toEqual({ procs: { '*': ['phase'] }, ...none });
    expect(plain(predicateReads((v: V) => Object.values(v.procs).find((s) => s.x).y))).toEqual({ procs: { '*': ['x', 'y'] }, ...none });
    const loop = (v: V) => {
      let holders = 0;
      for (const s of Object.values(v.procs)) if (s.phase === 'holding') holders++;
      return holders <= 1;
    };
    expect(plain(predicateReads(loop))).toEqual({ procs: { '*': ['phase'] }, ...none });
    expect(plain(predicateReads((v: V) => Object.entries(v.procs).every(([name, s]) => name !== 'x' || s.done)))).toEqual({ procs: { '*': ['done'] }, ...none });
    const entries = (v: V) => {
      for (const [, s] of Object.entries(v.procs)) if (s.n > 2) return false;
      return true;
    };
    expect(plain(predicateReads(entries))).toEqual({ procs: { '*': ['n'] }, ...none });
  });

  it('counts a local state used whole (compared, passed on, a method called on it) as read whole', () => {
    expect(plain(predicateReads((v: V) => v.procs.a.includes(3)))).toEqual({ procs: { a: 'all' }, ...none });
    expect(plain(predicateReads((v: V) => v.procs.a === v.procs.b))).toEqual({ procs: { a: 'all', b: 'all' }, ...none });
    expect(plain(predicateReads((v: V) => Object.values(v.procs).map((s) => s).length > 0))).toEqual({ procs: { '*': 'all' }, ...none });
    expect(plain(predicateReads((v: V) => JSON.stringify(v.procs.a).length > 2))).toEqual({ procs: { a: 'all' }, ...none });
  });

  it('reads everything where it cannot follow the view', () => {
    const helper = (v: V) => v.procs.a.x > 0;
    expect(plain(predicateReads((v: V) => helper(v)))).toEqual(ALL);
    expect(plain(predicateReads((v: V) => Object.keys(v.procs).length > 0))).toEqual(ALL);
    expect(plain(predicateReads((v: V) => Object.values(v.procs).reduce((a, s) => a + s.c, 0) > 2))).toEqual(ALL);
    // the same name bound twice (an inner parameter shadows the view)
    expect(plain(predicateReads((v: V) => [v].some((v) => v.procs.a.x)))).toEqual(ALL);
    expect(plain(predicateReads((...args: V[]) => args[0].procs.a.x > 0))).toEqual(ALL);
    // a loop variable that is not const, a pair not destructured
    const letLoop = (v: V) => {
      for (let s of Object.values(v.procs)) if (s.x) return true;
      return false;
    };
    expect(plain(predicateReads(letLoop))).toEqual(ALL);
    expect(plain(predicateReads((v: V) => Object.entries(v.procs).some((e) => e[1].x)))).toEqual(ALL);
    // not an array method that hands out elements (a name Object.prototype has, too)
    expect(plain(predicateReads((v: V) => Object.values(v.procs).constructor((s: { x: number }) => s.x) !== null))).toEqual(ALL);
    // a built-in or bound function shows no source
    expect(plain(predicateReads(Math.max as unknown as (v: V) => boolean))).toEqual(ALL);
    const bound = ((k: number, v: V) => v.procs.a.x > k).bind(null, 1);
    expect(plain(predicateReads(bound))).toEqual(ALL);
  });
});

describe('the cache of predicate reads', () => {
  it('keeps each answer on disk by source text, and ignores a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reads-'));
    const was = process.env.MPCHECK_CACHE;
    process.env.MPCHECK_CACHE = dir;
    try {
      const f = (v: V) => v.procs.cacheTestA.x === 1 && v.inFlight.length === 0;
      const file = readsCacheFile(Function.prototype.toString.call(f));
      expect(file.startsWith(dir)).toBe(true);
      expect(existsSync(file)).toBe(false);
      const answer = plain(predicateReads(f));
      expect(answer).toEqual({ procs: { cacheTestA: ['x'] }, ...none, inFlight: true });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ procs: [['cacheTestA', ['x']]], inFlight: true, down: false, faults: false });
      // a file that is not JSON, or not of the shape written, is passed over: the answer is worked out again and rewritten
      const g = (v: V) => v.procs.cacheTestB.y === 2;
      const fileG = readsCacheFile(Function.prototype.toString.call(g));
      writeFileSync(fileG, 'not json');
      const g2 = (v: V) => v.procs.cacheTestB.y === 3;
      writeFileSync(readsCacheFile(Function.prototype.toString.call(g2)), JSON.stringify({ procs: [['cacheTestB']] }));
      expect(plain(predicateReads(g2))).toEqual({ procs: { cacheTestB: ['y'] }, ...none });
      expect(plain(predicateReads(g))).toEqual({ procs: { cacheTestB: ['y'] }, ...none });
      expect(JSON.parse(readFileSync(fileG, 'utf8')).procs).toEqual([['cacheTestB', ['y']]]);
      // an answer on disk is taken as it is (a fresh source, its answer written beforehand)
      const h = (v: V) => v.procs.cacheTestC.z === 3;
      writeFileSync(readsCacheFile(Function.prototype.toString.call(h)), JSON.stringify({ procs: 'all', inFlight: true, down: true, faults: true }));
      expect(plain(predicateReads(h))).toEqual(ALL);
    } finally {
      if (was === undefined) delete process.env.MPCHECK_CACHE;
      else process.env.MPCHECK_CACHE = was;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
