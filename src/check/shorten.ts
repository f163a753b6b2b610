import { compile } from '../engine/index.ts';
import type { ModelOptions } from '../engine/index.ts';
import type { Protocol } from '../spec/index.ts';
import type { CheckResult, PropertyResult, Shortening } from './result.ts';
import { search } from './search.ts';
import type { SearchOptions } from './search.ts';

/** States the full search may explore at least (more when the reduced search explored more). */
export const SHORTEN_MIN_STATES = 100_000;

/**
 * With partial-order reduction, BFS gives for each violated property (and reachability
 * witness) the shortest trace in the reduced state space, which may skip a shorter
 * interleaving. Search again without the reduction, for those properties (and the monitors,
 * whose ghosts the states hold), breadth first
 * up to the longest such trace: a trace it finds is a shortest one of the full state space
 * and replaces the reduced search's when shorter. The search is bounded by
 * max(SHORTEN_MIN_STATES, the reduced search's states) and by the caller's limits; when a
 * bound ends it first, the traces it did not reach may not be shortest
 * (`shortening.complete` false). Returns the result unchanged when there is nothing to do.
 */
export function shortenTraces(protocol: Protocol, opts: ModelOptions & SearchOptions, result: CheckResult): CheckResult {
  if (result.strategy !== 'bfs' || !result.reductions.por || result.reductions.ampleStates === 0) return result;
  const targets = result.properties.filter((p) => p.trace !== undefined && p.trace.loopStart === undefined && p.kind !== 'liveness');
  if (targets.length === 0) return result;
  const longest = Math.max(...targets.map((p) => p.trace!.steps.length));
  const budget = Math.max(SHORTEN_MIN_STATES, result.stats.states);
  const { onProgress: _quiet, ...searchOpts } = opts;
  // (every monitor stays: their ghosts are part of the states a trace records)
  const only = result.properties.filter((p) => p.kind === 'monitor' || targets.includes(p)).map((p) => p.name);
  const full = search(compile(protocol, { ...opts, por: false, only }), {
    ...searchOpts,
    strategy: 'bfs',
    // (states at this depth are found, not expanded: a deadlock there would not be seen, and
    // needs no shortening, being as long as the longest trace)
    maxDepth: longest,
    maxStates: opts.maxStates === undefined ? budget : Math.min(opts.maxStates, budget),
  });
  const found = new Map(full.properties.filter((p) => p.trace !== undefined).map((p) => [p.name, p] as const));
  const shortened: string[] = [];
  const properties = result.properties.map((p): PropertyResult => {
    const shorter = found.get(p.name);
    if (!p.trace || !shorter || shorter.trace!.steps.length >= p.trace.steps.length) return p;
    shortened.push(p.name);
    return { ...p, detail: shorter.detail, trace: shorter.trace };
  });
  const complete = full.stoppedBy === 'exhausted' || full.stoppedBy === 'all-decided' || full.stoppedBy === 'max-depth';
  const shortening: Shortening = { depth: longest, states: full.stats.states, complete, shortened };
  return { ...result, properties, shortening };
}
