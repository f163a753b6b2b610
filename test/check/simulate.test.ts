import { describe, expect, it } from 'vitest';
import { check, protocol, simulate } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { planSeeds } from '../../src/check/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import retransmit from '../../models/retransmit.ts';
import fireAndForget from '../../models/fire-and-forget.ts';
import syncDeadlock from '../../models/sync-deadlock.ts';
import majority from '../fixtures/majority.ts';

const violated = (r: ReturnType<typeof simulate>) => r.properties.find((p) => p.verdict === 'violated');

describe('simulate', () => {
  it('finds the duplicate delivery of retransmit and shrinks it to the shortest counterexample', () => {
    // 6 messages and 3 losses: walks wander far before a lost ack; the shrinker removes the detour
    const opts = { params: { messages: 6 }, faults: { lose: 3 }, seed: 1, runs: 400, runsPerSeed: 50, depth: 80 };
    const r = simulate(retransmit, opts);
    const v = violated(r)!;
    // the duplicate delivery breaks the atMostOnce monitor in the step that makes it (noDuplicates, an invariant, in the state after)
    expect(v.name).toBe('atMostOnce');
    const shortest = check(retransmit, opts).properties.find((p) => p.name === 'atMostOnce')!.trace!;
    expect(v.trace!.steps.length).toBe(shortest.steps.length);
    expect(v.found!.foundSteps).toBeGreaterThan(v.trace!.steps.length);
    expect(v.found!.shrinks).toBeGreaterThan(0);
    expect(r.stoppedBy).toBe('violation');
  });

  it('shrinking removes faults too: a lost message is delivered instead when that still breaks the property', () => {
    // majority: a 3-replica write needs 2 lost messages to miss its majority; this walk lost 3
    const r = simulate(majority, { seed: 5, runs: 200, uniform: true });
    const v = violated(r)!;
    expect(v.found!.foundFaults).toBe(3);
    expect(v.trace!.steps.filter((s) => s.fault)).toHaveLength(2);
  });

  it('its counterexample is a normal trace that replay confirms', () => {
    const r = simulate(fireAndForget, { seed: 3, runs: 200 });
    const v = violated(r)!;
    expect(v.name).toBe('allDelivered');
    const rep = replayTrace(compile(fireAndForget), v.trace!);
    expect(rep.ok).toBe(true);
    expect(rep.conclusion).toMatch(/^confirmed/);
  });

  it('the same seed gives the same walk, the same shrinking and the same counterexample', () => {
    const opts = { params: { messages: 4 }, faults: { lose: 2 }, seed: 11, runs: 300, depth: 60 };
    const a = violated(simulate(retransmit, opts))!;
    const b = violated(simulate(retransmit, opts))!;
    expect(b.found).toEqual(a.found);
    expect(b.trace).toEqual(a.trace);
  });

  it('a finding is replayed alone from its seed and path, or from its seed as a one-seed range', () => {
    const opts = { params: { messages: 4 }, faults: { lose: 2 }, runs: 300, depth: 60 };
    const a = violated(simulate(retransmit, { ...opts, seed: 11 }))!;
    const byPath = violated(simulate(retransmit, { ...opts, seed: a.found!.seed, path: a.found!.path }))!;
    expect(byPath.trace).toEqual(a.trace);
    const bySeed = violated(simulate(retransmit, { ...opts, seedRange: [a.found!.seed, a.found!.seed] }))!;
    expect(bySeed.trace).toEqual(a.trace);
    expect(bySeed.found!.path).toBe(a.found!.path);
  });

  it('never says holds: nothing found is "no violation found in N runs"', () => {
    const r = simulate(retransmit, { faults: { lose: 0 }, seed: 1, runs: 50, runsPerSeed: 25, depth: 30 });
    expect(r.stoppedBy).toBe('runs');
    expect(r.stats.runs).toBe(50);
    for (const p of r.properties) {
      expect(p.verdict).toBe('unknown');
      expect(p.detail).toBe('no violation found in 50 runs');
    }
    expect(r.stats.states).toBeGreaterThan(1);
    expect(r.stats.states).toBeLessThanOrEqual(check(retransmit, { faults: { lose: 0 } }).stats.states);
  });

  it('finds deadlocks, and checks only the properties asked for', () => {
    const r = simulate(syncDeadlock, { seed: 1, runs: 20 });
    expect(violated(r)!.name).toBe('noDeadlock');
    const none = simulate(retransmit, { seed: 1, runs: 100, properties: ['allDelivered'] });
    expect(none.properties.map((p) => [p.name, p.verdict])).toEqual([['allDelivered', 'unknown']]);
  });

  it('a reachability property is witnessed by a walk (a witness proves reachability: holds)', () => {
    const { define, process } = protocol<{ type: 'tick' }, 'counter'>();
    const counter = define({
      name: 'counter',
      processes: () => ({ counter: process({ init: { n: 0 }, actions: { inc: { when: (s) => s.n < 5, then: (s) => ({ n: s.n + 1 }) } }, end: () => true }) }),
      properties: (_params, p) => [p.sometimes('reachesFive', (v) => v.procs.counter.n === 5), p.sometimes('reachesSix', (v) => v.procs.counter.n === 6)],
    });
    const r = simulate(counter, { seed: 1, runs: 10 });
    const five = r.properties.find((p) => p.name === 'reachesFive')!;
    expect(five.verdict).toBe('holds');
    expect(five.trace!.kind).toBe('witness');
    expect(five.trace!.steps).toHaveLength(5);
    expect(r.properties.find((p) => p.name === 'reachesSix')!.detail).toBe('no witness found in 10 runs');
  });

  it('seeds: runs split into seeds of runsPerSeed walks; a seed range runs exactly those seeds', () => {
    expect(planSeeds({ runs: 250, runsPerSeed: 100 }, 40)).toEqual([
      { index: 0, seed: 40, runs: 100 },
      { index: 1, seed: 41, runs: 100 },
      { index: 2, seed: 42, runs: 50 },
    ]);
    expect(planSeeds({ seedRange: [7, 9], runsPerSeed: 10 }, 0).map((p) => p.seed)).toEqual([7, 8, 9]);
    expect(() => planSeeds({ seedRange: [9, 7] }, 0)).toThrow(/bad seed range/);
  });
});
