import type { Model } from '../engine/index.ts';
import type { CheckResult } from './result.ts';
import { search } from './search.ts';
import type { SearchOptions } from './search.ts';

/**
 * The safety search, with liveness properties reported as `unknown`: a search over states
 * cannot decide them (it would call them "holds" once the space is exhausted). `check()`
 * decides them with the liveness checker.
 */
export function safetySearch(model: Model, opts: SearchOptions = {}): CheckResult {
  const r = search(model, opts);
  if (!r.properties.some((p) => p.kind === 'liveness')) return r;
  return {
    ...r,
    properties: r.properties.map((p) =>
      p.kind === 'liveness' ? { name: p.name, kind: p.kind, description: p.description, verdict: 'unknown', detail: 'a liveness property: decided by check() (the liveness checker), not by a safety search' } : p,
    ),
  };
}
