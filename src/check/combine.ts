import type { Model } from '../engine/index.ts';
import type { FairnessSpec } from '../properties/index.ts';
import { checkLiveness } from './liveness.ts';
import type { CheckResult, PropertyResult } from './result.ts';
import { safetySearch } from './safety.ts';
import type { SearchOptions } from './search.ts';

/**
 * A check with liveness properties: the safety search decides the others (when there are
 * any), the liveness checker explores the graph again keeping its edges and decides the
 * liveness ones. Verdicts come back in the model's property order; `stats` are the safety
 * search's when it ran (the liveness exploration's otherwise), `liveness` the graph's.
 */
export function checkWithLiveness(model: Model, opts: SearchOptions & { readonly fairness: FairnessSpec }): CheckResult {
  const hasSafety = model.properties.some((p) => p.kind !== 'liveness');
  const safety = hasSafety ? safetySearch(model, opts) : null;
  const live = checkLiveness(model, opts);
  const properties: PropertyResult[] = model.properties.map((p, i) => live.results.get(i) ?? safety!.properties[i]);
  const l = live.stats;
  const base: CheckResult = safety ?? {
    model: model.name,
    file: model.file,
    params: model.params,
    strategy: 'bfs',
    complete: l.complete,
    stoppedBy: l.stoppedBy,
    properties,
    reductions: { por: false, ampleStates: 0, symmetry: false },
    stats: {
      states: l.states,
      transitions: l.edges,
      depth: l.depth,
      elapsedMs: l.elapsedMs,
      statesPerSecond: (l.states * 1000) / Math.max(l.elapsedMs, 1e-3),
      maxQueue: 0,
      bytesPerState: l.bytesPerState,
      peakRssBytes: l.peakRssBytes,
    },
  };
  return { ...base, properties, fairness: opts.fairness, liveness: l };
}
