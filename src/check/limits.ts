import type { StopReason } from './result.ts';

/** The limits a search may stop at. */
export interface Limits {
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeoutMs?: number;
  readonly maxMemoryBytes?: number;
}

/** Which limit ended a run, in words ("state limit 500 reached"). */
export function describeStop(r: StopReason, o: Limits, otherwise = 'search stopped early'): string {
  switch (r) {
    case 'max-states':
      return `state limit ${o.maxStates} reached`;
    case 'max-depth':
      return `depth limit ${o.maxDepth} reached`;
    case 'timeout':
      return `time limit ${(o.timeoutMs ?? 0) / 1000}s reached`;
    case 'max-memory':
      return `memory limit ${Math.round((o.maxMemoryBytes ?? 0) / 2 ** 20)} MiB reached`;
    default:
      return otherwise;
  }
}
