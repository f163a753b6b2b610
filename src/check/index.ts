export { check } from './check.ts';
export type { CheckOptions } from './check.ts';
export { search } from './search.ts';
export type { SearchOptions } from './search.ts';
export { exitCodeOf } from './result.ts';
export type { CheckResult, GhostReport, PropertyResult, Stats, StopReason, Verdict } from './result.ts';
export type { Progress } from './progress.ts';
export { VisitedSet } from './visited.ts';
export { Frontier } from './frontier.ts';
