import { SpecError, compile } from '../engine/index.ts';
import type { Model, ModelOptions } from '../engine/index.ts';
import type { Protocol } from '../spec/index.ts';
import { Coverage } from './coverage.ts';
import { runSeed } from './sim-batch.ts';
import type { SeedResult, SeedSettings } from './sim-batch.ts';
import { DEFAULTS, planSeeds, randomSeed } from './sim-plan.ts';
import type { SeedPlan, SimulateOptions } from './sim-plan.ts';
import { summarize } from './sim-result.ts';
import type { SimulationResult } from './sim-result.ts';

export interface SimulateProtocolOptions extends Omit<ModelOptions, 'only'>, SimulateOptions {
  /** How the network was overridden, in words (recorded in traces). */
  readonly networkName?: string;
}

/**
 * Random simulation in this thread: seed after seed, `runsPerSeed` walks each, until a
 * walk violates a property (then it is shrunk and the search stops) or the runs are done.
 * Never concludes that a property holds: at best, "no violation found in N runs".
 */
export function simulate(protocol: Protocol, opts: SimulateProtocolOptions = {}): SimulationResult {
  const model = compile(protocol, opts);
  return simulateModel(model, { ...opts, overrides: opts.overrides ?? overridesOf(model, opts) });
}

export function simulateModel(model: Model, opts: SimulateOptions = {}): SimulationResult {
  const { plan, settings } = prepare(model, opts);
  const coverage = new Coverage();
  const t0 = performance.now();
  let timedOut = false;
  let lastProgress = t0;
  const every = opts.progressIntervalMs ?? 250;
  const plannedRuns = plan.reduce((n, p) => n + p.runs, 0);
  const done: SeedResult[] = [];
  const abort = (): boolean => {
    const now = performance.now();
    if (opts.timeoutMs !== undefined && now - t0 >= opts.timeoutMs) timedOut = true;
    if (opts.onProgress && now - lastProgress >= every) {
      lastProgress = now;
      const el = now - t0;
      opts.onProgress({ runs: coverage.runs, plannedRuns, steps: coverage.steps, states: coverage.states, maxDepth: coverage.maxDepth, elapsedMs: el, stepsPerSecond: (coverage.steps * 1000) / Math.max(el, 1) });
    }
    return timedOut;
  };
  for (const seed of plan) {
    if (abort()) break;
    const r = runSeed(model, seed, settings, coverage, abort);
    done.push(r);
    if (r.finding) break;
  }
  const totals = { steps: coverage.steps, states: coverage.states, maxDepth: coverage.maxDepth, elapsedMs: performance.now() - t0 };
  return summarize(model, plan, done, totals, { depth: settings.depth, uniform: settings.uniform, workers: 1, properties: settings.properties, timedOut });
}

/** The seeds to run and what every seed needs to know; shared with the swarm. */
export function prepare(model: Model, opts: SimulateOptions): { plan: SeedPlan[]; settings: SeedSettings } {
  const depth = opts.depth ?? DEFAULTS.depth;
  if (!(Number.isInteger(depth) && depth >= 0)) throw new RangeError(`depth must be a non-negative integer, got ${depth}`);
  let plan: SeedPlan[];
  if (opts.path !== undefined) {
    // a replay: one walk of one seed, found again by fast-check's path
    if (opts.seed === undefined || opts.seedRange) throw new RangeError('a replay path belongs to one seed: give it with --seed');
    plan = [{ index: 0, seed: opts.seed, runs: 1 }];
  } else plan = planSeeds(opts, opts.seed ?? randomSeed());
  const names = model.properties.map((p) => p.name);
  for (const n of opts.properties ?? []) {
    if (names.includes(n)) continue;
    const e = new SpecError(`unknown property '${n}' (properties: ${names.join(', ')})`);
    e.file = model.file;
    throw e;
  }
  const properties = names.flatMap((n, i) => (!opts.properties || opts.properties.includes(n) ? [i] : []));
  return { plan, settings: { depth, uniform: opts.uniform ?? false, properties, overrides: opts.overrides, ...(opts.path !== undefined ? { path: opts.path } : {}) } };
}

export function overridesOf(model: Model, opts: SimulateProtocolOptions): SimulateOptions['overrides'] {
  return {
    params: model.params,
    ...(opts.faults ? { faults: Object.fromEntries(Object.entries(opts.faults).map(([k, v]) => [k, v === Infinity ? 'inf' : (v as number)])) } : {}),
    ...(opts.networkName ? { network: opts.networkName } : {}),
  };
}
