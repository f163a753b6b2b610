import type { Message, Params, Value } from './value.ts';

/** Read-only view of the world a guard may consult. */
export interface GuardCtx<N extends string> {
  /** This process's name. */
  readonly self: N;
  /** True when a send from this process to `to` would be placed now (room in a bounded buffer). */
  canSend(to: N): boolean;
  /** Number of messages waiting for this process (all its incoming queues). */
  pending(): number;
  /** True when no message is waiting for this process: the "nothing there" branch of a non-blocking receive. */
  mailboxEmpty(): boolean;
}

/** What a handler or action body can do besides computing its next state. */
export interface Ctx<M extends Message, N extends string> extends GuardCtx<N> {
  /**
   * Send `msg` to `to`. Returns false only when the channel is bounded with `onFull: 'fail'`
   * and is full; a `block` channel makes the whole step disabled instead.
   */
  send(to: N, msg: M): boolean;
  /** Send `msg` to every other process, in declaration order, in this one step. */
  broadcast(msg: M): void;
  /** Service event: a message handed to the IPC layer. Returns its id (`<process>#<k>`). */
  submit(payload?: Value, to?: N): string;
  /**
   * Service event: message `id` handed to this process's application. Give `payload` (what
   * the application receives) to let `integrity()` check it equals the submitted one.
   */
  deliver(id: string, payload?: Value): void;
  /** Nondeterministic choice: the checker explores every option (∃ v ∈ options). An empty list disables the step. */
  choose<T extends Value>(options: readonly T[]): T;
  /** A safety assertion inside a step; a failure is a violation of the `assertions` property. */
  assert(condition: boolean, message: string): void;
}

export type Handler<S, Mi, M extends Message, N extends string> = (state: S, msg: Mi, ctx: Ctx<M, N>) => S;

/** A receive handler with a guard: a message its guard rejects stays queued (selective receive). */
export interface GuardedHandler<S, Mi, M extends Message, N extends string> {
  readonly when: (state: S, msg: Mi, ctx: GuardCtx<N>) => boolean;
  readonly then: Handler<S, Mi, M, N>;
}

export type ReceiveDef<S, M extends Message, N extends string> = {
  readonly [K in M['type']]?:
    | Handler<S, Extract<M, { type: K }>, M, N>
    | GuardedHandler<S, Extract<M, { type: K }>, M, N>;
};

/** When a timeout action may fire. */
export type TimeoutMode = 'quiescent' | 'anytime';

export interface ActionDef<S, M extends Message, N extends string> {
  readonly when?: (state: S, ctx: GuardCtx<N>) => boolean;
  readonly then: (state: S, ctx: Ctx<M, N>) => S;
  /**
   * A timeout: `'quiescent'` fires only when no other protocol step is enabled, like SPIN's
   * `timeout`; `'anytime'` models an arbitrary delay; `true` takes the spec's `timeouts`
   * mode (quiescent unless the spec says otherwise).
   */
  readonly timeout?: boolean | TimeoutMode;
}

export interface ProcessDef<S, M extends Message, N extends string> {
  readonly init: S;
  readonly actions?: Readonly<Record<string, ActionDef<S, M, N>>>;
  readonly receive?: ReceiveDef<S, M, N>;
  /** A proper end state of this process; a state with no protocol step enabled where some process is not at a proper end is a deadlock. */
  readonly end?: (state: S) => boolean;
  /** Keys of the state kept across a crash; everything else is reset to `init`. */
  readonly persistent?: readonly (keyof S & string)[];
  /** Restart after a crash from the persistent part (default: `{ ...init, ...persistentPart }`). */
  readonly recover?: (persisted: Partial<S>, init: S) => S;
}

declare const stateBrand: unique symbol;

/** A process definition with its state type erased (kept as a phantom for views). */
export interface ProcessSpec<S, M extends Message, N extends string> {
  readonly def: ProcessDef<unknown, M, N>;
  readonly [stateBrand]?: S;
}

export type StateOf<P> = P extends ProcessSpec<infer S, infer _M, infer _N> ? S : never;
