// The bench models (bench/models/<name>/<name>.ts) on their small instances: mpcheck must
// find exactly the state and transition counts (and BFS depth) that SPIN -DNOREDUCE and
// Rumur agree on, as recorded in bench/models/<name>/expected.json. The large instances are
// left to `npm run bench`; SPIN and Rumur are not run here.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FaultBudget, Protocol } from 'mpcheck';
import abp from '../../bench/models/abp/abp.ts';
import causal from '../../bench/models/causal/causal.ts';
import exactlyOnce from '../../bench/models/exactly-once/exactly-once.ts';
import { loadInstances } from '../../bench/instances.ts';
import type { Instance } from '../../bench/types.ts';
import { run } from '../helpers.ts';

const modelsDir = fileURLToPath(new URL('../../bench/models/', import.meta.url));

/** Instances up to this many states are checked here (a few seconds in all). */
const SMALL = 10_000;

const MODELS: ReadonlyArray<readonly [string, Protocol]> = [
  ['abp', abp],
  ['exactly-once', exactlyOnce],
  ['causal', causal],
];

/** The instance's parameters as check options: fault budgets (expected.json "faultParams") apart. */
function options(inst: Instance): { params: Record<string, number>; faults: FaultBudget } {
  const params: Record<string, number> = {};
  const faults: Record<string, number> = {};
  for (const [name, value] of inst.params) {
    const kind = inst.faultParams[name];
    if (kind === undefined) params[name] = value;
    else faults[kind] = value;
  }
  return { params, faults };
}

const loaded = await Promise.all(MODELS.map(async ([name, p]) => [name, p, await loadInstances(modelsDir, name)] as const));

describe.each(loaded)('bench model %s', (_name, protocol, instances) => {
  const small = instances.filter((i) => i.expected.states <= SMALL);

  it('has small instances to check here', () => {
    expect(small.length).toBeGreaterThan(0);
  });

  it.each(small.map((i) => [i.id, i] as const))('%s: the counts SPIN and Rumur agree on', (_id, inst) => {
    const r = run(protocol, options(inst));
    expect(r.complete).toBe(true);
    expect(r.stats).toMatchObject(inst.expected);
    for (const p of r.properties) expect(p.verdict, p.name).toBe('holds');
  });
});
