import type { Message } from '../spec/index.ts';

/** How messages on a channel are ordered for delivery. */
export type Ordering = 'fifo' | 'mailbox' | 'unordered' | 'priority' | 'sync';

/** What a send into a full bounded buffer does. */
export type OnFull = 'block' | 'drop' | 'fail';

/** Which faults of the global budget may strike a channel. */
export interface ChannelFaults {
  readonly lose: boolean;
  readonly duplicate: boolean;
  readonly reorder: boolean;
}

/** The semantics of one channel (or of every channel, as a default). */
export interface ChannelSpec {
  readonly ordering: Ordering;
  /** Buffer size; `Infinity` for unbounded, 0 for a synchronous rendezvous. */
  readonly capacity: number;
  readonly onFull: OnFull;
  /** Priority mailbox: larger numbers are delivered first, FIFO among equals. */
  readonly priority?: (msg: Message) => number;
  readonly faults: ChannelFaults;
}

export interface ChannelOptions {
  readonly capacity?: number;
  readonly onFull?: OnFull;
  /** Restrict the faults that may strike this channel (default: every fault in the budget). */
  readonly lose?: boolean;
  readonly duplicate?: boolean;
  readonly reorder?: boolean;
}

function make(ordering: Ordering, o: ChannelOptions = {}, priority?: (m: Message) => number): ChannelSpec {
  const capacity = o.capacity ?? Infinity;
  if (!(capacity >= 1)) throw new Error(`channel capacity must be at least 1 (use network.sync() for a rendezvous), got ${capacity}`);
  return {
    ordering,
    capacity,
    onFull: o.onFull ?? 'block',
    priority,
    faults: { lose: o.lose ?? true, duplicate: o.duplicate ?? true, reorder: o.reorder ?? true },
  };
}

/** Constructors for channel semantics. */
export const network = {
  /** One FIFO queue per sender→receiver pair. */
  fifo: (o?: ChannelOptions): ChannelSpec => make('fifo', o),
  /** One FIFO mailbox per receiver, shared by all its senders. */
  mailbox: (o?: ChannelOptions): ChannelSpec => make('mailbox', o),
  /** Any pending message may be delivered next; contents kept as a canonical multiset. */
  unordered: (o?: ChannelOptions): ChannelSpec => make('unordered', o),
  /** One mailbox per receiver, highest priority first, FIFO among equal priorities. */
  priority: <M extends Message>(priority: (msg: M) => number, o?: ChannelOptions): ChannelSpec =>
    make('priority', o, priority as (m: Message) => number),
  /** Synchronous rendezvous (capacity 0): sender and receiver take one joint step. */
  sync: (): ChannelSpec => ({
    ordering: 'sync',
    capacity: 0,
    onFull: 'block',
    faults: { lose: false, duplicate: false, reorder: false },
  }),
};

/** A channel spec for every channel, or a default plus per-link overrides keyed `'from->to'`. */
export type NetworkSpec = ChannelSpec | { readonly default: ChannelSpec; readonly [link: string]: ChannelSpec };

export function isChannelSpec(n: NetworkSpec): n is ChannelSpec {
  return typeof (n as ChannelSpec).ordering === 'string';
}
