import { compile } from '../engine/index.ts';
import type { Model, ModelOptions } from '../engine/index.ts';
import type { Protocol } from '../spec/index.ts';
import { mixedLanes, searchParallel } from './parallel/index.ts';
import type { CheckResult } from './result.ts';
import { search } from './search.ts';
import type { SearchOptions } from './search.ts';

export interface CheckOptions extends ModelOptions, SearchOptions {
  /** How the network was overridden, in words (recorded in traces). */
  readonly networkName?: string;
}

export interface ParallelCheckOptions extends CheckOptions {
  /**
   * Worker threads for a parallel BFS over a shared fingerprint table (same state counts,
   * verdicts and counterexample lengths as one thread). Each worker imports the spec from
   * `file`; without a file, with `strategy: 'dfs'`, or with options that cannot be sent to a
   * worker (a network spec holding functions), the search runs on one thread and the result
   * says why in `workersNote`.
   */
  readonly workers: number;
  /**
   * Start only once every worker thread has loaded the spec. By default this thread starts
   * the search at once as one of the `workers` and the worker threads join when loaded.
   */
  readonly waitForWorkers?: boolean;
}

/**
 * Compile a protocol with the given overrides and search its state space. With `workers`,
 * the search runs on worker threads and the result comes as a promise.
 */
export function check(protocol: Protocol, opts: ParallelCheckOptions): Promise<CheckResult>;
export function check(protocol: Protocol, opts?: CheckOptions): CheckResult;
export function check(protocol: Protocol, opts: CheckOptions & { workers?: number; waitForWorkers?: boolean } = {}): CheckResult | Promise<CheckResult> {
  const model = compile(protocol, opts);
  const searchOpts: SearchOptions = {
    ...opts,
    overrides: opts.overrides ?? {
      params: model.params,
      ...(opts.faults ? { faults: Object.fromEntries(Object.entries(opts.faults).map(([k, v]) => [k, v === Infinity ? 'inf' : (v as number)])) } : {}),
      ...(opts.networkName ? { network: opts.networkName } : {}),
    },
  };
  if (opts.workers === undefined) return search(model, searchOpts);
  return checkParallel(model, opts, searchOpts, opts.workers);
}

async function checkParallel(model: Model, opts: CheckOptions & { waitForWorkers?: boolean }, searchOpts: SearchOptions, workers: number): Promise<CheckResult> {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  const one = (note?: string): CheckResult => ({ ...search(model, searchOpts), workers: 1, ...(note ? { workersNote: note } : {}) });
  if (workers === 1) return one();
  if ((opts.strategy ?? 'bfs') !== 'bfs') return one('parallel search is BFS only');
  if (!opts.file) return one('parallel search needs the spec file (check(protocol, { file, workers })): workers load the protocol from it');
  const options = { params: opts.params, network: opts.network, faults: opts.faults, file: opts.file, only: opts.only };
  try {
    structuredClone(options);
  } catch {
    return one('the network spec holds functions (a priority order), which cannot be sent to worker threads');
  }
  return searchParallel(model, { ...searchOpts, workers, waitForLanes: opts.waitForWorkers, lanes: mixedLanes(model, { file: opts.file, options }) });
}
