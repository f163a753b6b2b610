import type { Message, Value } from '../spec/index.ts';
import type { Liveness } from './liveness.ts';

/** A message in flight, as predicates see it. */
export interface InFlight {
  readonly from: string;
  readonly to: string;
  readonly msg: Message;
}

/** Faults used so far on the path to a state. */
export interface FaultsUsed {
  readonly lose: number;
  readonly duplicate: number;
  readonly reorder: number;
  readonly crash: number;
  readonly partition: number;
}

/** What a state predicate sees: local states by process name, the network, faults used. */
export interface StateView<L> {
  /** Local state of each process (a crashed process shows the state it will restart from). */
  readonly procs: L;
  /** Names of processes that are crashed and not yet restarted. */
  readonly down: readonly string[];
  /** Every message in flight, in queue order. */
  readonly inFlight: readonly InFlight[];
  readonly faults: FaultsUsed;
}

/** A service event, as monitors see them. */
export type ServiceEvent =
  | { readonly kind: 'submit'; readonly process: string; readonly id: string; readonly payload: Value; readonly to: string | null }
  | {
      readonly kind: 'deliver';
      readonly process: string;
      readonly id: string;
      /** What was handed to the application, when the spec says (`ctx.deliver(id, payload)`); integrity compares it with the submitted payload. */
      readonly payload?: Value;
    };

/** The facts of one step that a monitor may need. */
export interface StepFacts {
  readonly label: { readonly kind: string; readonly process?: string };
  readonly events: readonly ServiceEvent[];
  /** Transport sends made in this step (placed, dropped by a full buffer, or refused). */
  readonly sends: readonly { readonly from: string; readonly to: string; readonly msg: Message; readonly outcome: SendOutcome }[];
  /** The transport message consumed by this step, if it is a delivery, with the tag this monitor gave it when it was sent. */
  readonly received: { readonly from: string; readonly to: string; readonly msg: Message; readonly tag: Value } | null;
  /** Every process of the model, in declaration order (the addressees of a broadcast submit, `to: null`). */
  readonly processes: readonly string[];
  /** Every message in flight in the state before this step, in queue order (may be computed lazily). */
  readonly inFlight: readonly InFlight[];
}

/** A message a step placed in a queue, as `Monitor.tag` sees it. */
export interface PlacedSend {
  readonly from: string;
  readonly to: string;
  readonly msg: Message;
  /** Its position in the step's `StepFacts.sends` (two identical sends in one step differ by it). */
  readonly index: number;
}

/** The facts of a state in which no protocol step is enabled: the run may end here. */
export interface EndFacts {
  readonly processes: readonly string[];
  /** Processes that are crashed (not restarted). */
  readonly down: readonly string[];
  /** Every process is up and at a proper end (its `end` predicate holds). */
  readonly properEnd: boolean;
}

export type SendOutcome = 'queued' | 'rendezvous' | 'dropped-full' | 'failed-full' | 'dropped-partition' | 'dropped-down';

/** A violation reported by a monitor. */
export interface Violation {
  readonly violation: string;
}

/** A safety monitor: ghost state in the global state, updated on every step. */
export interface Monitor {
  readonly init: Value;
  step(ghost: Value, step: StepFacts): Value | Violation;
  /**
   * Optional: ghost data to attach to each message a step places in a queue (a sequence
   * number, a vector clock). Called after `step`, with the new ghost state and the step's
   * facts; the tag comes back in `received.tag` when the message is delivered. Tags are
   * part of the state.
   */
  tag?(ghost: Value, send: PlacedSend, facts: StepFacts): Value;
  /**
   * Optional: called (by the search, not the engine) in every state where no protocol step
   * is enabled — where a run may end — with the monitor's ghost there. A violation found
   * here is reported with a trace to that state.
   */
  atEnd?(ghost: Value, end: EndFacts): Violation | null;
  /**
   * Optional, and what lets partial-order reduction work with this monitor: which steps it may
   * notice from `ghost` on (at it and at every ghost it reaches), as {@link Notices}. A step
   * it does not notice must leave its ghost as it is, and neither read the ghost nor the
   * messages in flight (no tag either); the engine stops a monitor that breaks this with a
   * spec error. Without it, partial-order reduction is off.
   */
  notices?(ghost: Value): Notices;
}

/**
 * The steps a monitor may notice: `'events'`, only steps with service events (`ctx.submit`,
 * `ctx.deliver`); `'traffic'`, those and every step that sends or takes a transport message
 * (a monitor that tags messages, or reads the messages in flight: it must say `'traffic'`,
 * since a send or a receipt elsewhere changes what it reads).
 */
export type Notices = 'events' | 'traffic';

export type PropertyKind = 'invariant' | 'reachability' | 'deadlock' | 'assertions' | 'monitor' | 'liveness';

export interface Property<V = StateView<Record<string, unknown>>> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string;
  /** invariant: must hold in every reachable state; reachability: some reachable state satisfies it. */
  readonly predicate?: (view: V) => boolean;
  readonly monitor?: Monitor;
  /** liveness: what every fair infinite run must satisfy (decided on the state graph's SCCs). */
  readonly liveness?: Liveness<V>;
}

export function isViolation(x: Value | Violation): x is Violation {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as Violation).violation === 'string' && Object.keys(x).length === 1;
}
