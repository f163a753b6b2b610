import type { FaultsUsed, InFlight, StateView } from '../properties/index.ts';
import type { Value } from '../spec/index.ts';
import type { Model } from './model.ts';
import type { GlobalState } from './state.ts';

/** The view of a global state that predicates and reports see: everything by name. */
export function viewOf(model: Model, s: GlobalState): StateView<Record<string, Value>> {
  const procs: Record<string, Value> = {};
  for (let i = 0; i < model.names.length; i++) procs[model.names[i]] = s.locals[i];
  let inFlight: InFlight[] | undefined;
  return {
    procs,
    down: model.names.filter((_, i) => s.down[i]),
    get inFlight(): readonly InFlight[] {
      inFlight ??= inFlightOf(model, s);
      return inFlight;
    },
    faults: faultsOf(s),
  };
}

export function inFlightOf(model: Model, s: GlobalState): InFlight[] {
  const out: InFlight[] = [];
  for (let q = 0; q < s.queues.length; q++) {
    const to = model.names[model.network.queues[q].receiver];
    for (const [from, msg] of s.queues[q]) out.push({ from: model.names[from], to, msg });
  }
  return out;
}

export function faultsOf(s: GlobalState): FaultsUsed {
  const [lose, duplicate, reorder, crash, partition] = s.faults;
  return { lose, duplicate, reorder, crash, partition };
}
