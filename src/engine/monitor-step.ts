import { compareValues } from '../network/index.ts';
import type { Entry } from '../network/index.ts';
import { isViolation } from '../properties/index.ts';
import type { InFlight, ServiceEvent, StepFacts, Violation } from '../properties/index.ts';
import type { Value } from '../spec/index.ts';
import type { Model } from './model.ts';
import type { GlobalState } from './state.ts';
import type { SendRecord, StepLabel, StepViolation } from './step.ts';
import { SpecError } from './errors.ts';
import { noticedBits, stepVisibility } from './unsafe.ts';
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
  // what a monitor may see of a protocol step (as partial-order reduction weighs it): one that
  // does not notice it must leave its ghost as it is
  const seen = label.kind === 'action' || label.kind === 'deliver' ? stepVisibility(events.length, sends.length > 0 || got !== null) : -1;
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
        if (monitor.notices && monitor.notices(g) === 'events') misdeclared(model, monitors[k].property, `read the messages in flight, but its notices() says 'events'${MUST_TRAFFIC}`);
        return (inFlight ??= inFlightOf(model, parent()));
      },
    };
    factsOf[k] = facts;
    const r = monitor.step(g, facts);
    if (seen >= 0 && monitor.notices && (seen & noticedBits(monitor.notices(g))) === 0) quietCheck(model, monitors[k].property, g, r);
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
      if (tag !== null && mon.notices && mon.notices(ghost[k]) === 'events') misdeclared(model, m.property, `tagged a message, but its notices() says 'events'${MUST_TRAFFIC}`);
      return tag;
    });
  });
  return { ghost: next, violations, tags, readInFlight: inFlight !== undefined };
}

const MUST_TRAFFIC = ": a monitor that reads the messages in flight or tags messages must notice 'traffic'";

/** A monitor stepped on a step it says it does not notice: its ghost must come back as it was, with no violation. */
function quietCheck(model: Model, property: number, g: Value, r: Value | Violation): void {
  if (isViolation(r)) misdeclared(model, property, `reported a violation on a step its notices() says it does not notice (a step with no service events${UNNOTICED}); partial-order reduction relies on it`);
  else if (r !== g && compareValues(r, g) !== 0) misdeclared(model, property, `changed its ghost on a step its notices() says it does not notice (a step with no service events${UNNOTICED}); partial-order reduction relies on it`);
}

const UNNOTICED = "; with 'traffic', one that also sends and takes no message";

/** A monitor broke its own Monitor.notices: partial-order reduction would be unsound with it. */
function misdeclared(model: Model, property: number, detail: string): never {
  const err = new SpecError(detail, { handler: `monitor of property ${model.properties[property].name}` });
  err.file = model.file;
  throw err;
}
