import type { Model } from '../engine/index.ts';
import type { ParamValue } from '../spec/index.ts';
import type { PropertyResult } from './result.ts';
import type { Finding, SeedResult } from './sim-batch.ts';
import type { SeedPlan } from './sim-plan.ts';

/** A property's outcome in a simulation: `violated` (with a shrunk trace), `holds` only for a witnessed `sometimes`, else `unknown`. */
export interface SimulationPropertyResult extends PropertyResult {
  /** For the violated property: the seed, path and shrinking that produced the trace. */
  readonly found?: Omit<Finding, 'trace' | 'property' | 'message' | 'walk'> & { readonly bias: string };
}

export interface SimulationStats {
  /** Random walks run (not counting the shrinker's re-runs). */
  readonly runs: number;
  readonly plannedRuns: number;
  /** Steps taken by all walks, including the shrinker's. */
  readonly steps: number;
  /** Distinct states touched, by fingerprint. */
  readonly states: number;
  /** Deepest step reached. */
  readonly maxDepth: number;
  readonly seedsRun: number;
  readonly elapsedMs: number;
  readonly stepsPerSecond: number;
}

export interface SimulationResult {
  readonly model: string;
  readonly file?: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly strategy: 'simulate';
  /** The seeds planned, inclusive. */
  readonly seeds: readonly [number, number];
  readonly runsPerSeed: number;
  readonly depth: number;
  readonly uniform: boolean;
  readonly workers: number;
  /** `runs`: every planned walk ran; `violation`: stopped at the first finding; `timeout`: the time limit cut it short. */
  readonly stoppedBy: 'runs' | 'violation' | 'timeout';
  readonly properties: readonly SimulationPropertyResult[];
  readonly stats: SimulationStats;
}

export interface SimulationTotals {
  readonly steps: number;
  readonly states: number;
  readonly maxDepth: number;
  readonly elapsedMs: number;
}

/**
 * Put the seeds' results together. The finding reported is the one of the lowest seed index
 * that has one, so the answer does not depend on which worker finished first.
 */
export function summarize(
  model: Model,
  plan: readonly SeedPlan[],
  results: readonly SeedResult[],
  totals: SimulationTotals,
  settings: { readonly depth: number; readonly uniform: boolean; readonly workers: number; readonly properties: readonly number[]; readonly timedOut: boolean },
): SimulationResult {
  const sorted = [...results].sort((a, b) => a.index - b.index);
  const winner = sorted.find((r) => r.finding !== null) ?? null;
  const counted = winner ? sorted.filter((r) => r.index <= winner.index) : sorted;
  const runs = sorted.reduce((n, r) => n + r.runs, 0);
  const plannedRuns = plan.reduce((n, p) => n + p.runs, 0);
  const stoppedBy = winner ? 'violation' : settings.timedOut ? 'timeout' : 'runs';
  const qualifier = stoppedBy === 'violation' ? ' (the search stopped at the first violation)' : stoppedBy === 'timeout' ? ` (time limit reached; ${plannedRuns} planned)` : '';
  const witnessed = new Map<string, SeedResult['witnesses'][number]>();
  for (const r of counted) for (const w of r.witnesses) if (!witnessed.has(w.property)) witnessed.set(w.property, w);
  const properties: SimulationPropertyResult[] = settings.properties.map((i) => {
    const p = model.properties[i];
    const base = { name: p.name, kind: p.kind, description: p.description };
    const f = winner?.finding;
    if (f && f.property === p.name) {
      const { trace, property: _p, message, walk: _w, ...found } = f;
      return { ...base, verdict: 'violated', detail: message, trace, found: { ...found, bias: winner.bias } };
    }
    if (p.kind === 'reachability') {
      const w = witnessed.get(p.name);
      if (w) return { ...base, verdict: 'holds', detail: `witness of ${plural(w.trace.steps.length, 'step')} found by a random walk`, trace: w.trace };
      return { ...base, verdict: 'unknown', detail: `no witness found in ${plural(runs, 'run')}${qualifier}` };
    }
    return { ...base, verdict: 'unknown', detail: `no violation found in ${plural(runs, 'run')}${qualifier}` };
  });
  return {
    model: model.name,
    ...(model.file ? { file: model.file } : {}),
    params: model.params,
    strategy: 'simulate',
    seeds: [plan[0].seed, plan[plan.length - 1].seed],
    runsPerSeed: plan[0].runs,
    depth: settings.depth,
    uniform: settings.uniform,
    workers: settings.workers,
    stoppedBy,
    properties,
    stats: {
      runs,
      plannedRuns,
      steps: totals.steps,
      states: totals.states,
      maxDepth: totals.maxDepth,
      seedsRun: sorted.length,
      elapsedMs: totals.elapsedMs,
      stepsPerSecond: (totals.steps * 1000) / Math.max(totals.elapsedMs, 1e-3),
    },
  };
}

/** Exit code of a simulation: 1 when a property is violated, else 0 (nothing found is not a proof; the report says so). */
export function simulationExitCode(r: SimulationResult): 0 | 1 {
  return r.properties.some((p) => p.verdict === 'violated') ? 1 : 0;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
