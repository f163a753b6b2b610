/** A snapshot of a running search, handed to progress reporters. */
export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly queue: number;
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
}
