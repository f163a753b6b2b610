export { network, isChannelSpec } from './channel.ts';
export type { ChannelSpec, ChannelOptions, ChannelFaults, NetworkSpec, Ordering, OnFull } from './channel.ts';
export { NetworkLayout } from './layout.ts';
export type { QueueInfo } from './layout.ts';
export { EMPTY, enqueue, removeAt, distinctIndexes, duplicateAt, overtakeAt } from './queue.ts';
export type { Entry } from './queue.ts';
export { compareValues } from './compare.ts';
