import type { Progress } from './progress.ts';
import type { StopReason } from './result.ts';

/** The options a {@link RunMeter} reads. */
export interface MeterOptions {
  readonly timeoutMs?: number;
  readonly maxMemoryBytes?: number;
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
}

/** What a search reports of itself; the meter adds the time and the rate. */
export type Snapshot = Omit<Progress, 'elapsedMs' | 'statesPerSecond'>;

/**
 * The clock, the memory watch and the progress reports of one run: the one-thread search,
 * the liveness exploration and the parallel coordinator share it, so that a limit means the
 * same thing in each.
 *
 * Resident memory costs a system call to read (about 12 µs here): {@link check} reads it
 * every time under a memory bound and every 16th time otherwise (for the peak it reports).
 */
export class RunMeter {
  readonly t0 = performance.now();
  private peak = process.memoryUsage.rss();
  private lastProgress = this.t0;
  private checks = 0;

  constructor(private readonly opts: MeterOptions) {}

  /** Milliseconds since the run began. */
  elapsedMs(now = performance.now()): number {
    return now - this.t0;
  }

  /** Read resident memory (kept for the peak); 'max-memory' when it is past the bound. */
  memory(): StopReason | null {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    return this.opts.maxMemoryBytes !== undefined && rss > this.opts.maxMemoryBytes ? 'max-memory' : null;
  }

  /**
   * The periodic checks of a search loop (call it every few hundred states): the time limit,
   * the memory bound, and a progress report when one is due. Returns the limit reached, or
   * null to go on.
   */
  check(snapshot: () => Snapshot): StopReason | null {
    const now = performance.now();
    if (this.opts.timeoutMs !== undefined && now - this.t0 >= this.opts.timeoutMs) return 'timeout';
    if (this.opts.maxMemoryBytes !== undefined || (this.checks++ & 15) === 0) {
      const limit = this.memory();
      if (limit !== null) return limit;
    }
    this.report(snapshot, now);
    return null;
  }

  /** Hand the reporter a snapshot if one is due. */
  report(snapshot: () => Snapshot, now = performance.now()): void {
    const onProgress = this.opts.onProgress;
    if (!onProgress || now - this.lastProgress < (this.opts.progressIntervalMs ?? 250)) return;
    this.lastProgress = now;
    const s = snapshot();
    const el = now - this.t0;
    onProgress({ ...s, elapsedMs: el, statesPerSecond: (s.states * 1000) / Math.max(el, 1) });
  }

  /** The highest resident memory seen, now included. */
  peakRss(): number {
    this.memory();
    return this.peak;
  }
}
