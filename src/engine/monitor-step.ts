import type { Entry } from '../network/index.ts';
import { isViolation } from '../properties/index.ts';
import type { InFlight, ServiceEvent, StepFacts } from '../properties/index.ts';
import type { Value } from '../spec/index.ts';
import type { Model } from './model.ts';
import type { GlobalState } from './state.ts';
import type { SendRecord, StepLabel, StepViolation } from './step.ts';
import { SpecError } from './errors.ts';
import { inFlightOf } from './view.ts';

/** Ghost value a monitor keeps once it has been violated (so the state space does not grow past it). */
export const VIOLATED = '⊥violated';

/**
 * What the monitors see of one step besides the ghost: everything of StepFacts but the
 * messages in flight (a fact of the whole state, given on demand).
 */
export interface MonitorInput {
  readonly label: StepLabel;
  readonly events: readonly ServiceEvent[];
  readonly sends: readonly SendRecord[];
  /** The entry a delivery took from its queue (its tags are the monitors' tags on it). */
  readonly got: Entry | null;
  /** The entries the step put into queues, with their index in `sends` (untagged; only when some monitor tags). */
  readonly placed: readonly { readonly q: number; readonly entry: Entry; readonly send: number }[];
}

/** What the monitors make of a step: their ghosts after it, their violations, and the tags of each placed entry. */
export interface MonitorOutcome {
  readonly ghost: Value[];
  readonly violations: StepViolation[];
  /** Per entry of MonitorInput.placed, one tag per monitor (null where a monitor has no tag or is violated). */
  readonly tags: (readonly Value[])[];
  /** Some monitor read the messages in flight: the outcome depends on more than the ghost and the input. */
  readonly readInFlight: boolean;
}

/**
 * Run every monitor of the model on one step out of the state `parent` gives (asked for only
 * when a monitor reads the messages in flight), from the ghosts `ghost`.
 */
export function stepMonitors(model: Model, ghost: readonly Value[], input: MonitorInput, parent: () => GlobalState): MonitorOutcome {
  const monitors = model.monitors;
  const names = model.names;
  const { label, events, sends, got, placed } = input;
  const next: Value[] = ghost.slice();
  const violations: StepViolation[] = [];
  let inFlight: InFlight[] | undefined;
  const factsOf: StepFacts[] = [];
  for (let k = 0; k < monitors.length; k++) {
    const g = ghost[k];
    if (g === VIOLATED) continue;
    const monitor = model.properties[monitors[k].property].monitor!;
    const rtag = got && Array.isArray(got[2]) ? ((got[2] as readonly Value[])[k] ?? null) : null;
    const received = got && label.kind === 'deliver' ? { from: names[got[0]], to: label.process, msg: got[1], tag: rtag } : null;
    const facts: StepFacts = {
      label,
      events,
      sends,
      received,
      processes: names,
      get inFlight(): readonly InFlight[] {
        if (monitor.notices && monitor.notices(g) === 'events') misdeclared(model, monitors[k].property, 'read the messages in flight');
        return (inFlight ??= inFlightOf(model, parent()));
      },
    };
    factsOf[k] = facts;
    const r = monitor.step(g, facts);
    if (isViolation(r)) {
      violations.push({ property: monitors[k].property, message: r.violation });
      next[k] = VIOLATED;
    } else next[k] = r;
  }
  const tags = placed.map(({ q, entry, send }) => {
    const placedSend = { from: names[entry[0]], to: names[model.network.queues[q].receiver], msg: entry[1], index: send };
    return monitors.map((m, k) => {
      const mon = model.properties[m.property].monitor!;
      const g = next[k];
      const tag = mon.tag && g !== VIOLATED ? mon.tag(g, placedSend, factsOf[k]) : null;
      if (tag !== null && mon.notices && mon.notices(ghost[k]) === 'events') misdeclared(model, m.property, 'tagged a message');
      return tag;
    });
  });
  return { ghost: next, violations, tags, readInFlight: inFlight !== undefined };
}

/**
 * A monitor that says it notices only steps with service events (Monitor.notices) read what
 * every send or receipt changes: partial-order reduction would be unsound with it.
 */
function misdeclared(model: Model, property: number, did: string): never {
  const err = new SpecError(`${did}, but its notices() says 'events': a monitor that reads the messages in flight or tags messages must notice 'traffic'`, {
    handler: `monitor of property ${model.properties[property].name}`,
  });
  err.file = model.file;
  throw err;
}
