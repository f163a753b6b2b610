import type { NetworkSpec } from '../network/index.ts';
import type { FairnessSpec, Property, PropsFor, StateView } from '../properties/index.ts';
import type { ProcessDef, ProcessSpec, StateOf, TimeoutMode } from './types.ts';
import type { Message, Params } from './value.ts';

/** How many faults of each kind the environment may inject on one path. */
/** A symmetry group: members permuted in every way (a list of names), or only rotated (`{ rotation: names }`). */
export type SymmetryGroup = readonly string[] | { readonly rotation: readonly string[] };

export interface FaultBudget {
  readonly lose?: number;
  readonly duplicate?: number;
  readonly reorder?: number;
  readonly crash?: number;
  readonly partition?: number;
}

export type ProcessMap<M extends Message, N extends string> = Readonly<Record<N, ProcessSpec<unknown, M, N>>>;

/** The state view typed by the spec's processes. */
export type ViewOf<R> = StateView<{ readonly [K in keyof R]: StateOf<R[K]> }>;

export interface ProtocolSpec<M extends Message, N extends string, P extends Params, R extends ProcessMap<M, N>> {
  readonly name: string;
  readonly description?: string;
  /** Parameters with their defaults; `--param k=v` overrides them. */
  readonly params?: P;
  /** Channel semantics: one spec for all channels, or `{ default, 'a->b': … }`. Default: unbounded per-pair FIFO. */
  readonly network?: NetworkSpec | ((params: P) => NetworkSpec);
  /**
   * The links messages may take, as 'from->to' ('*' for any process). Without it every
   * process may send to every process. With it a send on another pair is a spec error, the
   * network holds queues only for the links, and partial-order reduction knows who can write
   * where (like SPIN's xs/xr).
   */
  readonly topology?: readonly string[] | ((params: P) => readonly string[]);
  /**
   * Groups of interchangeable processes, for symmetry reduction: states that differ only by
   * which member of a group is which count once. A list of names is a group whose members
   * may be permuted in every way; `{ rotation: names }` is a ring, whose members may only be
   * rotated (the i-th member becomes the (i+k)-th, modulo the group's size), as for processes
   * that each talk to the next. Members must be built alike (same actions, handlers and
   * initial state up to their names, links that the permutations map onto links of the same
   * semantics) and refer to each other only by name; the properties must treat them alike.
   */
  readonly symmetry?: readonly SymmetryGroup[] | ((params: P) => readonly SymmetryGroup[]);
  /** Fault budgets (default: none). */
  readonly faults?: FaultBudget;
  /** Default mode of timeout actions (default `'quiescent'`). */
  readonly timeouts?: TimeoutMode;
  /** What to do with a crashed process's incoming messages: keep them queued (default) or drop them. */
  readonly crashMailbox?: 'keep' | 'drop';
  /**
   * Fairness assumed when liveness properties are checked (default: none), e.g.
   * `{ strong: ['deliver:sender->receiver'], weak: ['process:*'] }`. `--fairness` replaces it.
   */
  readonly fairness?: FairnessSpec | ((params: P) => FairnessSpec);
  readonly processes: (params: P) => R;
  /** The verdict each property is expected to get with the default parameters (checked by the test suite and shown by `mpcheck matrix`). */
  readonly expect?: Readonly<Record<string, 'holds' | 'violated'>>;
  /**
   * Expected verdicts in the guarantee matrix's standard environments (`reliable`, `lossy`,
   * `duplicating`, `reordering`, `crash`: the spec's channels with that fault budget instead
   * of its own), with the default parameters. `mpcheck matrix` marks every cell that differs.
   */
  readonly expectIn?: Readonly<Record<string, Readonly<Record<string, 'holds' | 'violated'>>>>;
  readonly properties?: readonly Property<ViewOf<R>>[] | ((params: P, props: PropsFor<ViewOf<R>>) => readonly Property<ViewOf<R>>[]);
}

/** A protocol with its types erased: what the engine and the CLI take. */
export interface Protocol {
  readonly kind: 'mpcheck.protocol';
  readonly name: string;
  readonly spec: ProtocolSpec<Message, string, Params, ProcessMap<Message, string>>;
}

export function isProtocol(x: unknown): x is Protocol {
  return typeof x === 'object' && x !== null && (x as Protocol).kind === 'mpcheck.protocol';
}

/**
 * The typed entry point. `M` is the union of message types, `N` the process names
 * (optional: with names given, a send to an unknown process is a compile error).
 *
 * ```ts
 * const { define, process } = protocol<Msg, 'sender' | 'receiver'>();
 * export default define({ name: 'x', processes: () => ({ sender: process({ init: …, actions: … }), … }) });
 * ```
 */
export function protocol<M extends Message, N extends string = string>() {
  return {
    process<S>(def: ProcessDef<S, M, N>): ProcessSpec<S, M, N> {
      return { def: def as unknown as ProcessDef<unknown, M, N> };
    },
    define<P extends Params, R extends ProcessMap<M, N>>(spec: ProtocolSpec<M, N, P, R>): Protocol {
      if (typeof spec.name !== 'string' || spec.name === '') throw new Error('defineProtocol: a protocol needs a non-empty name');
      if (typeof spec.processes !== 'function') throw new Error(`protocol '${spec.name}': processes must be a function of the parameters`);
      return { kind: 'mpcheck.protocol', name: spec.name, spec: spec as unknown as Protocol['spec'] };
    },
  };
}
