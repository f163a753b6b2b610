import { readFileSync } from 'node:fs';

let available = process.platform === 'linux';

/**
 * Time the calling thread has spent on a CPU and waiting for one (runnable but not
 * running), in milliseconds, from /proc/thread-self/schedstat; undefined where that does
 * not exist. Used for the parallel-search statistics (MPCHECK_PARALLEL_STATS=1): on a busy
 * machine wall time says little, time on CPU per lane says how the work was shared.
 */
export function threadTimes(): { cpuMs: number; waitMs: number } | undefined {
  if (!available) return undefined;
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return { cpuMs: Number(run) / 1e6, waitMs: Number(wait) / 1e6 };
  } catch {
    available = false;
    return undefined;
  }
}
