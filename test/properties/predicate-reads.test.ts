import { describe, expect, it } from 'vitest';
import { predicateReads } from '../../src/properties/index.ts';
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
    // a built-in or bound function shows no source
    expect(plain(predicateReads(Math.max as unknown as (v: V) => boolean))).toEqual(ALL);
    const bound = ((k: number, v: V) => v.procs.a.x > k).bind(null, 1);
    expect(plain(predicateReads(bound))).toEqual(ALL);
  });
});
