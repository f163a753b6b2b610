import type { Value } from '../spec/index.ts';
import type { Property } from './types.ts';

/**
 * A pending obligation read from a monitor's ghost state: something owed to `receiver`
 * (null: to no process in particular). The obligation is excused on a run where the
 * receiver is down (crashed, not restarted) in every state from some point on.
 */
export interface Obligation {
  /** Identifies the obligation across states (a message id, or a message on a channel). */
  readonly key: string;
  readonly receiver: string | null;
}

/** The obligations pending in one state, and whether they come from service events or transport messages. */
export interface PendingObligations {
  readonly layer: 'service' | 'transport';
  readonly obligations: readonly Obligation[];
}

/**
 * What a liveness property asks of every fair infinite run (a run that ends in a state
 * where no step at all is enabled stays in that state forever):
 *
 * - eventually: some state of the run satisfies `goal`;
 * - leadsTo: every state satisfying `trigger` is followed (or itself satisfied) by a state
 *   satisfying `goal`;
 * - obligations: no obligation stays pending forever, read from the property's monitor
 *   ghost by `pending`.
 */
export type Liveness<V> =
  | { readonly kind: 'eventually'; readonly goal: (view: V) => boolean }
  | { readonly kind: 'leadsTo'; readonly trigger: (view: V) => boolean; readonly goal: (view: V) => boolean }
  | {
      readonly kind: 'obligations';
      readonly pending: (ghost: Value) => PendingObligations;
      /**
       * True when the layer is decided on the whole graph: service obligations when some
       * reachable state has them, transport ones otherwise. A partial exploration that has
       * seen no service event then cannot decide.
       */
      readonly inferLayer?: boolean;
    };

/** Liveness: every fair run reaches a state where `goal` holds (◇goal). */
export function eventually<V>(name: string, goal: (view: V) => boolean): Property<V> {
  return {
    name,
    kind: 'liveness',
    description: `liveness: every fair run reaches a state where ${name} holds`,
    liveness: { kind: 'eventually', goal },
  };
}

/** Liveness: whenever `trigger` holds, `goal` holds then or later on every fair run (□(trigger ⇒ ◇goal)). */
export function leadsTo<V>(name: string, trigger: (view: V) => boolean, goal: (view: V) => boolean): Property<V> {
  return {
    name,
    kind: 'liveness',
    description: `liveness: on every fair run, each state where the trigger of ${name} holds is followed by one where its goal holds`,
    liveness: { kind: 'leadsTo', trigger, goal },
  };
}
