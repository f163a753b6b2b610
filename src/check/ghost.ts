import { compile } from '../engine/index.ts';
import type { Model, ModelOptions } from '../engine/index.ts';
import type { Protocol } from '../spec/index.ts';
import type { CheckResult, GhostReport } from './result.ts';
import { search } from './search.ts';
import type { SearchOptions } from './search.ts';

/**
 * How much state the monitors add: search the same model again with every monitor left out
 * (the other properties kept, so invariants still see the same states; the same reductions
 * in force) and compare counts.
 */
export function measureGhost(protocol: Protocol, opts: ModelOptions & SearchOptions, model: Model, withMonitors: CheckResult): GhostReport {
  const monitors = model.properties.filter((p) => p.kind === 'monitor').map((p) => p.name);
  const others = model.properties.filter((p) => p.kind !== 'monitor').map((p) => p.name);
  // the same reductions as the run with monitors (monitors switch partial-order and symmetry reduction off)
  const same = { por: withMonitors.reductions.por, symmetry: withMonitors.reductions.symmetry };
  const without = monitors.length ? search(compile(protocol, { ...opts, ...same, only: others }), opts) : withMonitors;
  return {
    monitors,
    statesWith: withMonitors.stats.states,
    statesWithout: without.stats.states,
    complete: withMonitors.complete && without.complete,
  };
}
