import { compile } from '../engine/index.ts';
import type { Model, ModelOptions } from '../engine/index.ts';
import type { Protocol } from '../spec/index.ts';
import type { CheckResult, GhostReport } from './result.ts';
import { search } from './search.ts';
import type { SearchOptions } from './search.ts';

/**
 * How much state the monitors add: search the same model again with every monitor left out
 * (the other properties kept, so invariants still see the same states; the same symmetry
 * reduction in force) and compare counts. Partial-order reduction is off on both sides: the
 * monitors change which steps it may take alone, not only the state, so the run with them is
 * made again without it when it had it.
 */
export function measureGhost(protocol: Protocol, opts: ModelOptions & SearchOptions, model: Model, withMonitors: CheckResult): GhostReport {
  const monitors = model.properties.filter((p) => p.kind === 'monitor').map((p) => p.name);
  if (monitors.length === 0) return { monitors, statesWith: withMonitors.stats.states, statesWithout: withMonitors.stats.states, complete: withMonitors.complete };
  const others = model.properties.filter((p) => p.kind !== 'monitor').map((p) => p.name);
  // (monitors switch symmetry reduction off)
  const same = { por: false, symmetry: withMonitors.reductions.symmetry };
  const withThem = withMonitors.reductions.por ? search(compile(protocol, { ...opts, ...same }), opts) : withMonitors;
  const without = search(compile(protocol, { ...opts, ...same, only: others }), opts);
  return {
    monitors,
    statesWith: withThem.stats.states,
    statesWithout: without.stats.states,
    complete: withThem.complete && without.complete,
  };
}
