import fc from 'fast-check';
import type { Model } from '../engine/index.ts';
import type { Trace, TraceOverrides } from '../trace/index.ts';
import { describeBias, randomBias, uniformBias } from './bias.ts';
import type { Coverage } from './coverage.ts';
import type { SeedPlan } from './sim-plan.ts';
import { Walker } from './walk.ts';
import type { Walk } from './walk.ts';
import { WalkArbitrary } from './walk-arbitrary.ts';
import { walkTrace } from './walk-trace.ts';

/** A violation found by one seed, shrunk, with what replays it. */
export interface Finding {
  readonly property: string;
  readonly message: string;
  /** The shrunk counterexample. */
  readonly trace: Trace;
  readonly seed: number;
  /** fast-check's counterexample path: `--seed <seed> --path <path>` replays this walk. */
  readonly path: string;
  /** Which walk of the seed found it (0-based). */
  readonly run: number;
  /** Steps of the walk as first found, before shrinking. */
  readonly foundSteps: number;
  /** Fault steps of the walk as first found. */
  readonly foundFaults: number;
  readonly shrinks: number;
  /** The walk's choices after shrinking. */
  readonly walk: Walk;
}

export interface SeedResult {
  readonly index: number;
  readonly seed: number;
  /** Walks run (not counting the shrinker's). */
  readonly runs: number;
  /** The search was called off (a finding elsewhere, or the time limit) before its runs were done. */
  readonly aborted: boolean;
  readonly bias: string;
  readonly finding: Finding | null;
  readonly witnesses: readonly { readonly property: string; readonly trace: Trace }[];
}

export interface SeedSettings {
  readonly depth: number;
  readonly uniform: boolean;
  /** Indexes of the checked properties. */
  readonly properties: readonly number[];
  readonly overrides: TraceOverrides | undefined;
  readonly path?: string;
}

/**
 * Run one seed: `plan.runs` random walks under the seed's bias with fast-check; the first
 * walk that violates a property is shrunk. `abort` is polled during walks (it is also the
 * place where callers hang their progress reports).
 */
export function runSeed(model: Model, plan: SeedPlan, settings: SeedSettings, coverage: Coverage, abort: () => boolean): SeedResult {
  const bias = settings.uniform ? uniformBias(model) : randomBias(model, plan.seed);
  const witnesses: { property: string; trace: Trace }[] = [];
  let aborted = false;
  const stop = (): boolean => (aborted ||= abort());
  const walker = new Walker(model, bias, {
    depth: settings.depth,
    properties: settings.properties,
    coverage,
    abort: stop,
    onWitness: (w) => {
      const p = model.properties[w.property];
      witnesses.push({ property: p.name, trace: walkTrace(model, w.steps, p, w.message, settings.overrides) });
    },
  });
  let specError: unknown;
  let foundSteps = -1;
  let foundFaults = -1;
  let foundRun = -1;
  let runs = 0;
  const property = fc.property(new WalkArbitrary(walker, settings.depth), (walk) => {
    if (specError !== undefined || stop()) return true;
    try {
      const out = walker.run(walk);
      if (foundRun < 0) runs++;
      if (out.violation && foundRun < 0) {
        foundRun = runs - 1;
        foundSteps = out.steps.length;
        foundFaults = out.steps.filter((st) => st.fault).length;
      }
      return out.violation === null;
    } catch (e) {
      specError = e;
      return true;
    }
  });
  const details = fc.check(property, {
    seed: plan.seed,
    numRuns: plan.runs,
    // everything that shapes the walks is fixed here, whatever fc.configureGlobal says
    randomType: 'xorshift128plus',
    endOnFailure: false,
    verbose: 0,
    examples: [],
    unbiased: false,
    interruptAfterTimeLimit: undefined,
    skipAllAfterTimeLimit: undefined,
    ...(settings.path ? { path: settings.path } : {}),
  });
  if (specError !== undefined) throw specError;
  let finding: Finding | null = null;
  if (details.failed && details.counterexample) {
    const [walk] = details.counterexample;
    const out = walker.run(walk);
    if (out.violation) {
      const p = model.properties[out.violation.property];
      finding = {
        property: p.name,
        message: out.violation.message,
        trace: walkTrace(model, out.steps, p, out.violation.message, settings.overrides),
        seed: plan.seed,
        path: details.counterexamplePath ?? '',
        run: settings.path ? Number(settings.path.split(':')[0]) : foundRun,
        foundSteps: settings.path ? out.steps.length : foundSteps,
        foundFaults: settings.path ? out.steps.filter((st) => st.fault).length : foundFaults,
        shrinks: details.numShrinks,
        walk: { choices: [...walk.choices], target: walk.target },
      };
    }
  }
  return { index: plan.index, seed: plan.seed, runs, aborted, bias: describeBias(model, bias), finding, witnesses };
}
