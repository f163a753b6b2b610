// The two-copies reference for two workers (bench --pair): two copies of the one-thread
// unreduced mpcheck search of the same instance, run at the same time as two processes. They
// share nothing but the machine: no lanes, no shared table, no level barriers, only two cores
// running the same work side by side (their caches, the memory, the hypervisor). The rate they
// reach together says how this host, in that round, scales this work to two cores. It is a
// reference, not a bound: the two copies hold two tables, so they press the caches and the
// memory harder than two lanes sharing one (in one round of ring N=5 M=2 two workers beat it).

import { join } from 'node:path';
import { findJson, isObject, mpcheckConfig, parseMpcheck } from './mpcheck.js';
import type { Json } from './mpcheck.js';
import type { Command, Config, Instance } from './types.js';

/** What one copy of the search left behind. */
export interface CopyOutput {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Two copies' outputs as one mpcheck JSON document, with the exit code to give; or why they cannot be. */
export type PairOutcome = { readonly doc: Json; readonly exitCode: number } | { readonly error: string };

function statsOf(doc: Json | undefined): Json | undefined {
  const stats = doc?.['stats'];
  return isObject(stats) ? stats : undefined;
}

/**
 * The first copy's JSON document with, in `stats`:
 * - `elapsedMs`: how long one search takes at the two copies' rate together,
 *   1 / (1/e1 + 1/e2) (so that states / elapsed is their combined states/s, and the one-thread
 *   time over it is the speedup two perfectly balanced workers would get, each as fast as a
 *   one-thread search next to another: e1 = e2 = e gives e / 2);
 * - `copiesElapsedMs`: each copy's own elapsedMs;
 * - `peakRssBytes`: the larger copy's (each search's own memory, as in the other rows).
 * An error when a copy failed or printed no stats, or the copies disagree on the counts or
 * the exit code (the search is deterministic).
 */
export function pairDocument(copies: readonly CopyOutput[]): PairOutcome {
  if (copies.length !== 2) return { error: `expected 2 copies, got ${copies.length}` };
  const docs = copies.map((c) => findJson(c.stdout));
  const stats = docs.map(statsOf);
  for (const [k, c] of copies.entries()) {
    if (c.exitCode === null || ![0, 1, 2, 3].includes(c.exitCode) || stats[k] === undefined) {
      const why = c.stderr.trim().split('\n')[0] || c.stdout.trim().split('\n')[0] || `exit ${c.exitCode ?? '?'}`;
      return { error: `copy ${k + 1}: ${why}` };
    }
  }
  const [a, b] = stats as [Json, Json];
  for (const key of ['states', 'transitions']) {
    if (a[key] !== b[key]) return { error: `the copies disagree: ${key} ${String(a[key])} and ${String(b[key])}` };
  }
  if (copies[0].exitCode !== copies[1].exitCode) return { error: `the copies disagree: exit ${copies[0].exitCode} and ${copies[1].exitCode}` };
  const elapsed = [a['elapsedMs'], b['elapsedMs']];
  if (!elapsed.every((e): e is number => typeof e === 'number' && e > 0)) return { error: 'a copy reported no positive stats.elapsedMs' };
  const peaks = [a['peakRssBytes'], b['peakRssBytes']].filter((p): p is number => typeof p === 'number');
  const doc: Json = {
    ...(docs[0] as Json),
    stats: {
      ...a,
      elapsedMs: 1 / (1 / elapsed[0] + 1 / elapsed[1]),
      copiesElapsedMs: elapsed,
      ...(peaks.length === 2 ? { peakRssBytes: Math.max(...peaks) } : {}),
    },
  };
  return { doc, exitCode: copies[0].exitCode ?? 2 };
}

export const PAIR_LABEL = 'mpcheck, 2 one-thread runs at once --no-por --no-symmetry';

/**
 * The pair as a bench config: bench/run-pair.ts runs the one-thread unreduced command twice at
 * once and prints pairDocument's result. Counts are compared like the one-thread row's, and
 * the speedup column (against that row) is the two-copies reference for two workers, round by round.
 */
export function pairConfig(repoRoot: string, modelsDir: string): Config {
  // the one-thread unreduced row's config, whose command the pair runs twice
  const one = mpcheckConfig(repoRoot, modelsDir, undefined);
  return {
    tool: 'mpcheck',
    label: PAIR_LABEL,
    oneThreadLabel: one.label,
    compared: true,
    depthCompared: true,
    async prepare(instance: Instance, dir: string): Promise<Command> {
      const cmd = await one.prepare(instance, dir);
      return { file: process.execPath, args: [join(repoRoot, 'bin', 'run-ts.js'), join(repoRoot, 'bench', 'run-pair.ts'), '--', cmd.file, ...cmd.args], cwd: cmd.cwd };
    },
    parse: parseMpcheck,
  };
}
