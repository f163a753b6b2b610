export { searchParallel } from './coordinator.ts';
export type { ParallelOptions } from './coordinator.ts';
export { mixedLanes, threadLanes, inProcessLanes } from './lanes.ts';
export type { Lane, LaneFactory, ModelSource } from './lanes.ts';
export { SharedTable } from './table.ts';
