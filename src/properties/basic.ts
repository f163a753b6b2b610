import type { Property } from './types.ts';

/** An invariant: `predicate` holds in every reachable state. */
export function always<V>(name: string, predicate: (view: V) => boolean): Property<V> {
  return { name, kind: 'invariant', description: `invariant: ${name} holds in every reachable state`, predicate };
}

/** Reachability: some reachable state satisfies `predicate`; the witness is a trace to it. */
export function sometimes<V>(name: string, predicate: (view: V) => boolean): Property<V> {
  return { name, kind: 'reachability', description: `reachability: some reachable state satisfies ${name}`, predicate };
}

/** No reachable state where no protocol step is enabled and some process is not at a proper end. */
export function noDeadlock(): Property<unknown> {
  return {
    name: 'noDeadlock',
    kind: 'deadlock',
    description: 'no reachable state has no protocol step enabled while some process is not at a proper end',
  };
}

/** Every `ctx.assert` inside a step holds. Added to every spec. */
export function assertions(): Property<unknown> {
  return { name: 'assertions', kind: 'assertions', description: 'every ctx.assert inside a step holds' };
}
