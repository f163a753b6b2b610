import type { Engine, GlobalState } from '../engine/index.ts';
import type { EndFacts } from '../properties/index.ts';

/** What a monitor's end check sees of a state in which no protocol step is enabled. */
export function endFactsOf(engine: Engine, s: GlobalState): EndFacts {
  const names = engine.model.names;
  return { processes: names, down: names.filter((_, i) => s.down[i]), properEnd: engine.isProperEnd(s) };
}
