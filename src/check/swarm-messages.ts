import type { ModelOptions } from '../engine/index.ts';
import type { SeedResult, SeedSettings } from './sim-batch.ts';
import type { SeedPlan } from './sim-plan.ts';

/** What a swarm worker is started with (plain data: it crosses threads by structured clone). */
export interface WorkerInit {
  readonly file: string;
  /** The spec module as the main thread compiled it (when it did), so workers run the same code without compiling it again. */
  readonly specCode?: string;
  readonly model: Omit<ModelOptions, 'only'>;
  readonly settings: SeedSettings;
  /**
   * Shared control words: [0] the lowest seed index with a finding so far (seeds above it
   * are called off), [1] 1 when every seed is called off (time limit).
   */
  readonly control: SharedArrayBuffer;
  readonly progressIntervalMs: number;
}

/** Counters a worker reports, cumulative since it started. */
export interface WorkerCounters {
  readonly steps: number;
  /** Walks run, counting the shrinker's. */
  readonly runs: number;
  readonly maxDepth: number;
  /** Fingerprints first seen by this worker since its last report, as (hi, lo) pairs. */
  readonly fresh: Uint32Array;
}

export type ToWorker = { readonly type: 'seed'; readonly plan: SeedPlan };

export type FromWorker =
  | { readonly type: 'ready' }
  | ({ readonly type: 'progress' } & WorkerCounters)
  | ({ readonly type: 'done'; readonly result: SeedResult } & WorkerCounters)
  | { readonly type: 'error'; readonly error: SerializedError };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly spec?: { readonly detail: string; readonly where: { readonly process?: string; readonly handler?: string }; readonly file?: string; readonly trace?: readonly unknown[] };
}
