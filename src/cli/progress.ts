import type { Progress } from '../check/index.ts';

type LogUpdate = typeof import('log-update').createLogUpdate;
let createLogUpdate: LogUpdate | undefined;

/** Load the terminal line writer, on a terminal only (loading it costs ~0.1 s of start-up). */
export async function loadTerminalProgress(): Promise<void> {
  if (process.stderr.isTTY && !createLogUpdate) createLogUpdate = (await import('log-update')).createLogUpdate;
}

const fmt = new Intl.NumberFormat('en-US');

export function progressLine(p: Progress): string {
  return `states ${fmt.format(p.states)} · ${fmt.format(Math.round(p.statesPerSecond))} states/s · depth ${p.depth} · queue ${fmt.format(p.queue)} · ${(p.elapsedMs / 1000).toFixed(1)} s`;
}

/**
 * A progress line on stderr, shown only on a terminal and only once a run has lasted a
 * second; cleared when the run ends.
 */
export function terminalProgress(label = ''): { onProgress: (p: Progress) => void; done: () => void } {
  return terminalLine(progressLine, label);
}

/** The same, for any snapshot with an elapsed time and a way to print it. */
export function terminalLine<T extends { readonly elapsedMs: number }>(format: (p: T) => string, label = ''): { onProgress: (p: T) => void; done: () => void } {
  if (!process.stderr.isTTY || !createLogUpdate) return { onProgress: () => {}, done: () => {} };
  const log = createLogUpdate(process.stderr);
  let shown = false;
  return {
    onProgress: (p) => {
      if (p.elapsedMs < 1000) return;
      shown = true;
      log(`${label}${format(p)}`);
    },
    done: () => {
      if (shown) log.clear();
      log.done();
    },
  };
}
