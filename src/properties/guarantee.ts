import type { Value } from '../spec/index.ts';
import { channelEvents, channelSeqOf, serviceEvents } from './events.ts';
import type { GuaranteeEvent } from './events.ts';
import { isViolation } from './types.ts';
import type { EndFacts, Monitor, Notices, PlacedSend, Property, StepFacts, Violation } from './types.ts';

/**
 * Which events a guarantee reads (the same choice as `atLeastOnce`'s `on`).
 * - `'service'`: the spec's `ctx.submit` / `ctx.deliver` events only.
 * - `'transport'`: raw channel mode — every transport send counts as a submit and every
 *   receipt as a deliver (messages numbered per sender with tags; duplicates keep their number).
 * - `'auto'` (default): raw channel mode until the first step of the run with a service event
 *   (a submit or a deliver); from that step on, service events only. A spec that never calls
 *   submit/deliver is therefore judged on its transport, and a spec with a service layer on
 *   its service events — provided it does not send before its first service event (if it
 *   does, pick `'service'`).
 */
export type Layer = 'auto' | 'service' | 'transport';

/** Options every service guarantee takes. */
export interface GuaranteeOptions {
  /** Which events to read (default `'auto'`). */
  readonly on?: Layer;
  /** The property's name (default: the guarantee's), e.g. to check two variants side by side. */
  readonly name?: string;
}

/** One step as a guarantee sees it. */
export interface Observed {
  readonly level: 'service' | 'transport';
  readonly events: readonly GuaranteeEvent[];
  readonly facts: StepFacts;
  /** The guarantee's own tag on the transport message the step consumed (null if none). */
  readonly tag: Value;
}

/** A guarantee over submit/deliver events, independent of where the events come from. */
export interface Guarantee<G extends Value> {
  readonly init: G;
  step(g: G, o: Observed): G | Violation;
  /**
   * Data a transport message carries, computed from the ghost after the step. `seq` is the
   * number raw channel mode gave this send (its submit), null at the service level. It must
   * not be a record with a key `k` (raw channel mode wraps tags as `{ k, t }`).
   */
  tag?(g: G, send: PlacedSend, seq: number | null, facts: StepFacts): Value;
  /** Check at a state where no protocol step is enabled. */
  atEnd?(g: G, end: EndFacts): Violation | null;
  /**
   * At the service level, which steps `step` may notice (see Monitor.notices): `'events'` when
   * a step without service events leaves the ghost as it is and reads nothing else; a guarantee
   * with `tag` notices `'traffic'`. Without it, partial-order reduction is off. (In raw channel
   * mode every send and receipt is an event: the monitor notices traffic.)
   */
  readonly notices?: Notices;
}

/**
 * Ghost of the wrapped monitor: `[g]` at the service level, `[g, counters]` in raw channel
 * mode, where counters[i] = how many sends of the i-th process were numbered so far.
 */
type Wrapped = readonly [g: Value] | readonly [g: Value, counters: readonly number[]];

const isRecord = (v: Value): v is { readonly [k: string]: Value } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Turn a guarantee into an engine monitor reading events at `level`. */
export function monitorOf<G extends Value>(core: Guarantee<G>, level: Layer): Monitor {
  const serviceInit: Wrapped = [core.init];
  const channelInit: Wrapped = [core.init, []];
  const step = (ghost: Value, facts: StepFacts): Value | Violation => {
    let w = ghost as Wrapped;
    if (w.length === 2 && level === 'auto' && facts.events.length > 0) w = serviceInit;
    const rt = facts.received ? facts.received.tag : null;
    if (w.length === 1) {
      // a tag given in raw channel mode (before the switch) carries nothing for the service level
      const tag = isRecord(rt) && 'k' in rt ? null : rt;
      const r = core.step(w[0] as G, { level: 'service', events: serviceEvents(facts), facts, tag });
      return isViolation(r) ? r : r === w[0] ? w : [r];
    }
    const counters = w[1].slice();
    const seq = isRecord(rt) && typeof rt.k === 'number' ? rt.k : null;
    const tag = isRecord(rt) && 't' in rt ? rt.t : null;
    const r = core.step(w[0] as G, { level: 'transport', events: channelEvents(facts, seq, counters), facts, tag });
    return isViolation(r) ? r : [r, counters];
  };
  const tag = (ghost: Value, send: PlacedSend, facts: StepFacts): Value => {
    const w = ghost as Wrapped;
    if (w.length === 1) return core.tag ? core.tag(w[0] as G, send, null, facts) : null;
    const k = channelSeqOf(facts, send.index, w[1]);
    return core.tag ? { k, t: core.tag(w[0] as G, send, k, facts) } : { k };
  };
  const atEnd = core.atEnd;
  const serviceNotices = core.notices;
  // (raw channel mode gives way to the service level for good: a ghost of length 1 stays so)
  const notices = serviceNotices ? (ghost: Value): Notices => ((ghost as Wrapped).length === 2 ? 'traffic' : serviceNotices) : undefined;
  return {
    init: level === 'service' ? serviceInit : channelInit,
    step,
    ...(level !== 'service' || core.tag ? { tag } : {}),
    ...(notices ? { notices } : {}),
    ...(atEnd ? { atEnd: (ghost: Value, end: EndFacts) => atEnd((ghost as Wrapped)[0] as G, end) } : {}),
  };
}

/** The monitor property checking `core` on the events `opts.on` picks, named `opts.name`, else `name`. */
export function guaranteeProperty<G extends Value>(name: string, description: string, core: Guarantee<G>, opts: GuaranteeOptions): Property<unknown> {
  return { name: opts.name ?? name, kind: 'monitor', description, monitor: monitorOf(core, opts.on ?? 'auto') };
}

/** Two guarantees checked as one (ghost `[a, b]`): violated when either is. */
export function both<A extends Value, B extends Value>(a: Guarantee<A>, b: Guarantee<B>): Guarantee<readonly [A, B]> {
  return {
    init: [a.init, b.init],
    step: (g, o) => {
      const ra = a.step(g[0], o);
      if (isViolation(ra)) return ra;
      const rb = b.step(g[1], o);
      if (isViolation(rb)) return rb;
      return ra === g[0] && rb === g[1] ? g : [ra, rb];
    },
    atEnd: (g, end) => (a.atEnd ? a.atEnd(g[0], end) : null) ?? (b.atEnd ? b.atEnd(g[1], end) : null),
    ...(a.notices && b.notices ? { notices: a.notices === 'traffic' || b.notices === 'traffic' ? 'traffic' : 'events' } : {}),
  };
}
