import { always, sometimes, noDeadlock, assertions } from './basic.ts';
import { eventually, leadsTo } from './liveness.ts';
import { atLeastOnce } from './at-least-once.ts';
import type { AtLeastOnceOptions } from './at-least-once.ts';
import { atMostOnce } from './at-most-once.ts';
import { causal } from './causal.ts';
import { deliveredAtEnd } from './delivered-at-end.ts';
import { exactlyOnce } from './exactly-once.ts';
import { fifo } from './fifo.ts';
import type { FifoOptions } from './fifo.ts';
import type { GuaranteeOptions } from './guarantee.ts';
import { integrity } from './integrity.ts';
import { priority } from './priority.ts';
import { totalOrder } from './total-order.ts';
import type { Message } from '../spec/index.ts';
import type { Property } from './types.ts';

export type { Property, PropertyKind, StateView, InFlight, FaultsUsed, Monitor, Notices, StepFacts, ServiceEvent, Violation, SendOutcome } from './types.ts';
export { predicateReads, READS_ALL } from './predicate-reads.ts';
export type { PredicateReads } from './predicate-reads.ts';
export { isViolation } from './types.ts';
export { always, sometimes, noDeadlock, assertions, eventually, leadsTo, atLeastOnce };
export type { Liveness, Obligation, PendingObligations } from './liveness.ts';
export type { AtLeastOnceLayer, AtLeastOnceOptions } from './at-least-once.ts';
export { Fairness, FairnessError, describeFairness } from './fairness.ts';
export type { FairnessSpec, FairnessScope, GroupRef, LabelLike, Strength } from './fairness.ts';
export type { EndFacts, PlacedSend } from './types.ts';
export { endViolations, hasEndChecks } from './end.ts';
export { fifo, causal, totalOrder, priority, atMostOnce, deliveredAtEnd, exactlyOnce, integrity };
export type { FifoOptions, GuaranteeOptions };
export type { Layer, Guarantee, Observed } from './guarantee.ts';
export { monitorOf } from './guarantee.ts';
export type { GuaranteeEvent, SubmitEvent, DeliverEvent } from './events.ts';

/** Property constructors, for `properties: [props.noDeadlock(), props.always('x', v => …)]`. */
export const props = { always, sometimes, noDeadlock, eventually, leadsTo, atLeastOnce, fifo, causal, totalOrder, priority, atMostOnce, deliveredAtEnd, exactlyOnce, integrity };

/** The property constructors with the state view fixed: the second argument of a spec's `properties(params, props)`. */
export interface PropsFor<V> {
  always(name: string, predicate: (view: V) => boolean): Property<V>;
  sometimes(name: string, predicate: (view: V) => boolean): Property<V>;
  noDeadlock(): Property<unknown>;
  /** Liveness: every fair run reaches a state where `goal` holds. */
  eventually(name: string, goal: (view: V) => boolean): Property<V>;
  /** Liveness: on every fair run, a state where `trigger` holds is followed (or itself satisfied) by one where `goal` holds. */
  leadsTo(name: string, trigger: (view: V) => boolean, goal: (view: V) => boolean): Property<V>;
  /** Liveness: every submitted message is eventually delivered to its receiver, unless the receiver stays down forever. */
  atLeastOnce(opts?: AtLeastOnceOptions): Property<unknown>;
  /** Per sender→receiver pair, delivery order equals submit order (`gaps: true`: lost messages may be skipped). */
  fifo(opts?: FifoOptions): Property<unknown>;
  /** If submit(a) happened before submit(b), both addressed to q, q delivers a before b. */
  causal(opts?: GuaranteeOptions): Property<unknown>;
  /** Every two processes deliver their common messages in the same relative order. */
  totalOrder(opts?: GuaranteeOptions): Property<unknown>;
  /** No process receives a transport message while a higher-ranked one is waiting for it. */
  priority<M extends Message = Message>(rank: (msg: M) => number, opts?: { readonly name?: string }): Property<unknown>;
  /** No process delivers the same message twice. */
  atMostOnce(opts?: GuaranteeOptions): Property<unknown>;
  /** Wherever no protocol step is enabled, every message submitted to a live process was delivered by it. */
  deliveredAtEnd(opts?: GuaranteeOptions): Property<unknown>;
  /** atMostOnce and deliveredAtEnd, as one property (both safety). */
  exactlyOnce(opts?: GuaranteeOptions): Property<unknown>;
  /** Only submitted messages are delivered, to their addressees, with the submitted payload. */
  integrity(opts?: GuaranteeOptions): Property<unknown>;
}
