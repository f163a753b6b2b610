import { compile } from '../engine/index.ts';
import type { Model, ModelOptions } from '../engine/index.ts';
import type { FairnessSpec } from '../properties/index.ts';
import type { Protocol } from '../spec/index.ts';
import { checkWithLiveness } from './combine.ts';
import { measureGhost } from './ghost.ts';
import { mixedLanes, searchParallel } from './parallel/index.ts';
import type { CheckResult } from './result.ts';
import { safetySearch } from './safety.ts';
import { shortenTraces } from './shorten.ts';
import type { SearchOptions } from './search.ts';

export interface CheckOptions extends ModelOptions, SearchOptions {
  /** How the network was overridden, in words (recorded in traces): the CLI's `--network` option, or the list of them. */
  readonly networkName?: string | readonly string[];
  /** Fairness for the liveness properties; replaces the spec's `fairness`. */
  readonly fairness?: FairnessSpec;
  /** Also search without the monitors and report both state counts in `result.ghost`. */
  readonly measureGhost?: boolean;
}

export interface ParallelCheckOptions extends CheckOptions {
  /**
   * Worker threads for a parallel BFS over a shared fingerprint table (same state counts,
   * verdicts and counterexample lengths as one thread, with partial-order and symmetry
   * reduction as one thread does them). Each worker imports the spec from `file`. The search
   * runs on one thread, and the result says why in `workersNote`, without a file, with
   * `strategy: 'dfs'`, with options that cannot be sent to a worker (a network spec holding
   * functions), and where the parallel search does not apply yet: liveness properties.
   */
  readonly workers: number;
  /**
   * Start only once every worker thread has loaded the spec. By default this thread starts
   * the search at once as one of the `workers` and the worker threads join when loaded.
   */
  readonly waitForWorkers?: boolean;
  /**
   * How long the search runs on this thread before the worker threads are started (default
   * {@link WORKERS_AFTER_MS}; ignored with `waitForWorkers`), and then only once a BFS level
   * has {@link WORKERS_MIN_LEVEL} states, or after {@link WORKERS_ANYWAY_MS}: a search over by
   * then, or one of small levels, does not pay for starting them, and the result then says it
   * ran on one thread (`workersNote`).
   */
  readonly workersAfterMs?: number;
}

/** See ParallelCheckOptions.workersAfterMs: about what loading a worker thread costs this thread. */
export const WORKERS_AFTER_MS = 300;
/**
 * A level of fewer states takes this thread under about 50 ms: searches whose levels stay
 * below it (the reduced searches of the bench, up to ring N=7's 8,779 states a level) were
 * 0.6–0.8× as fast with a worker that started after 0.3 s, which joins late and cold.
 */
export const WORKERS_MIN_LEVEL = 10_000;
/** A search that has run this long starts its worker threads whatever its levels. */
export const WORKERS_ANYWAY_MS = 3_000;

/**
 * Compile a protocol with the given overrides and check every property: the safety search,
 * the liveness checker where there are liveness properties, and with `workers` a parallel
 * search (the result then comes as a promise).
 */
export function check(protocol: Protocol, opts: ParallelCheckOptions): Promise<CheckResult>;
export function check(protocol: Protocol, opts?: CheckOptions): CheckResult;
export function check(protocol: Protocol, opts: CheckOptions & { workers?: number; waitForWorkers?: boolean; workersAfterMs?: number } = {}): CheckResult | Promise<CheckResult> {
  const model = compile(protocol, opts);
  const full: SearchOptions = {
    ...opts,
    overrides: opts.overrides ?? {
      params: model.params,
      ...(opts.faults ? { faults: Object.fromEntries(Object.entries(opts.faults).map(([k, v]) => [k, v === Infinity ? 'inf' : (v as number)])) } : {}),
      ...(opts.networkName ? { network: opts.networkName } : {}),
      ...(opts.only ? { only: [...opts.only] } : {}),
    },
  };
  const finish = (reduced: CheckResult): CheckResult => {
    const result = shortenTraces(protocol, { ...opts, overrides: full.overrides }, reduced);
    return opts.measureGhost ? { ...result, ghost: measureGhost(protocol, opts, model, result) } : result;
  };
  if (model.properties.some((p) => p.kind === 'liveness')) {
    const f = protocol.spec.fairness;
    const result = finish(checkWithLiveness(model, { ...full, fairness: opts.fairness ?? (typeof f === 'function' ? f(model.params) : f) ?? {} }));
    return opts.workers === undefined ? result : Promise.resolve({ ...result, workers: 1, workersNote: 'liveness properties are checked on one thread' });
  }
  if (opts.workers === undefined) return finish(safetySearch(model, full));
  return checkParallel(model, opts, full, opts.workers).then(finish);
}

async function checkParallel(model: Model, opts: CheckOptions & { waitForWorkers?: boolean; workersAfterMs?: number }, searchOpts: SearchOptions, workers: number): Promise<CheckResult> {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  const one = (note?: string): CheckResult => ({ ...safetySearch(model, searchOpts), workers: 1, ...(note ? { workersNote: note } : {}) });
  if (workers === 1) return one();
  if ((opts.strategy ?? 'bfs') !== 'bfs') return one('parallel search is BFS only');
  if (!opts.file) return one('parallel search needs the spec file (check(protocol, { file, workers })): workers load the protocol from it');
  const options = { params: opts.params, network: opts.network, faults: opts.faults, file: opts.file, only: opts.only, por: opts.por, symmetry: opts.symmetry };
  try {
    structuredClone(options);
  } catch {
    return one('the network spec holds functions (a priority order), which cannot be sent to worker threads');
  }
  const startLanes = opts.waitForWorkers ? undefined : { afterMs: opts.workersAfterMs ?? WORKERS_AFTER_MS, minLevel: WORKERS_MIN_LEVEL, anywayMs: WORKERS_ANYWAY_MS };
  return searchParallel(model, { ...searchOpts, workers, waitForLanes: opts.waitForWorkers, ...(startLanes ? { startLanes } : {}), lanes: mixedLanes(model, { file: opts.file, options }, startLanes !== undefined) });
}
