import type { TraceOverrides } from '../trace/index.ts';

/** How a simulation (or a swarm) is run. Every field is plain data, so it can cross to a worker. */
export interface SimulateOptions {
  /** Total random walks (default 1000), split into seeds of `runsPerSeed` walks. */
  readonly runs?: number;
  /** Steps per walk at most (default 100). */
  readonly depth?: number;
  /** First seed (default: drawn at random, and reported). Seed k+1 follows seed k. */
  readonly seed?: number;
  /** Walks per seed (default 100). Each seed is one independent search with its own bias. */
  readonly runsPerSeed?: number;
  /** Run exactly these seeds, inclusive (instead of `runs` and `seed`): how a swarm is spread over machines. */
  readonly seedRange?: readonly [number, number];
  /** Every enabled step equally likely in every search (no swarm bias). */
  readonly uniform?: boolean;
  /** Check only these properties (by name; default all). */
  readonly properties?: readonly string[];
  /** Replay one walk: fast-check's counterexample path within the (single) seed. */
  readonly path?: string;
  /** Stop after this long (walks under way are cut short; the result says so). */
  readonly timeoutMs?: number;
  readonly onProgress?: (p: SimulationProgress) => void;
  readonly progressIntervalMs?: number;
  /** Recorded in traces so that a replay builds the same model. */
  readonly overrides?: TraceOverrides;
}

/** A snapshot of a running simulation. */
export interface SimulationProgress {
  readonly runs: number;
  readonly plannedRuns: number;
  readonly steps: number;
  /** Distinct states seen, by fingerprint. */
  readonly states: number;
  readonly maxDepth: number;
  readonly elapsedMs: number;
  readonly stepsPerSecond: number;
}

/** One independent search: a seed and how many walks it makes. */
export interface SeedPlan {
  /** Position in the plan: a finding at a lower index wins, whatever finished first. */
  readonly index: number;
  readonly seed: number;
  readonly runs: number;
}

export const DEFAULTS = { runs: 1000, depth: 100, runsPerSeed: 100 } as const;

/** Seeds are kept in [0, 2³¹) so that they print and parse as plain integers. */
export const MAX_SEED = 2 ** 31 - 1;

/** A seed for a run that was given none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 30);
}

/** Split a simulation into seeds. */
export function planSeeds(opts: SimulateOptions, firstSeed: number): SeedPlan[] {
  const per = opts.runsPerSeed ?? DEFAULTS.runsPerSeed;
  if (!(Number.isInteger(per) && per > 0)) throw new RangeError(`runs per seed must be a positive integer, got ${per}`);
  if (opts.seedRange) {
    const [a, b] = opts.seedRange;
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= a && b <= MAX_SEED)) throw new RangeError(`bad seed range ${a}..${b}`);
    return Array.from({ length: b - a + 1 }, (_, i) => ({ index: i, seed: a + i, runs: per }));
  }
  const runs = opts.runs ?? DEFAULTS.runs;
  if (!(Number.isInteger(runs) && runs > 0)) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  const n = Math.ceil(runs / per);
  if (firstSeed + n - 1 > MAX_SEED) throw new RangeError(`seeds ${firstSeed}..${firstSeed + n - 1} pass ${MAX_SEED}`);
  return Array.from({ length: n }, (_, i) => ({ index: i, seed: firstSeed + i, runs: Math.min(per, runs - i * per) }));
}
