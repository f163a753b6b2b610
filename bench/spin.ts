// SPIN: spin -a generates pan.c, gcc -O2 compiles it, `pan -E` runs the
// search with deadlock (invalid end state) detection off.

import { totalmem } from 'node:os';
import { join } from 'node:path';
import { runStep } from './exec.js';
import type { Command, Config, ExecResult, Instance, Parsed } from './types.js';

/** DFS stack depth limit; the ring model's deepest path is N·M·(N+1) ≤ 60. */
const MAX_DEPTH = 100_000;

/** -w: hash table of 2^w slots, about twice the expected state count (pan's default is 24). */
export function hashBits(expectedStates: number): number {
  const w = Math.ceil(Math.log2(Math.max(1, expectedStates) * 2));
  return Math.min(30, Math.max(18, w));
}

/** -DMEMLIM in MiB: 80% of physical memory, so pan stops cleanly instead of being OOM-killed. */
function memLimitMiB(): number {
  return Math.floor((totalmem() * 0.8) / (1024 * 1024));
}

function matchNumber(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  const g = m?.[1];
  return g === undefined ? undefined : Number(g);
}

/** Read pan's report. transitions = "transitions (= stored+matched)" − 1 (the initial state counts as stored). */
export function parsePan(run: ExecResult): Parsed {
  const out = run.stdout;
  if (run.timedOut) throw new Error('timed out');
  const stored = matchNumber(out, /^\s*(\d+) states, stored/m);
  const trans = matchNumber(out, /^\s*(\d+) transitions \(= stored\+matched\)/m);
  if (stored === undefined || trans === undefined) {
    const why = out.split('\n').find((l) => /error|pan:/i.test(l))?.trim();
    throw new Error(why ?? `no statistics in pan output (exit ${run.exitCode ?? run.signal ?? '?'})`);
  }
  const errors = matchNumber(out, /errors: (\d+)/);
  const depth = matchNumber(out, /depth reached (\d+)/);
  const seconds = matchNumber(out, /pan: elapsed time ([\d.e+-]+) seconds/);
  const memMiB = matchNumber(out, /^\s*([\d.]+)\s+total actual memory usage/m);
  const notes: string[] = [];
  if (/max search depth too small/.test(out)) notes.push('pan: max search depth too small (counts incomplete)');
  if (/out of memory/i.test(out) || /out of memory/i.test(run.stderr)) notes.push('pan: out of memory');
  const assertion = out.split('\n').find((l) => /assertion violated/.test(l))?.trim();
  const verdict = errors === 0 ? 'holds' : (assertion ?? `errors: ${errors ?? '?'}`);
  return {
    states: stored,
    transitions: trans - 1,
    ...(depth === undefined ? {} : { depth }),
    verdict,
    ...(seconds === undefined ? {} : { reportedSeconds: seconds }),
    ...(memMiB === undefined ? {} : { reportedMemoryBytes: Math.round(memMiB * 1024 * 1024) }),
    reportedMemoryIsRss: false,
    notes,
  };
}

function defines(instance: Instance): string[] {
  return instance.params.map(([name, value]) => `-D${name}=${value}`);
}

/** SPIN with -DNOREDUCE (full state space: must match the expected counts) or with partial-order reduction. */
export function spinConfig(modelsDir: string, reduce: boolean, stepTimeoutMs: number): Config {
  return {
    tool: 'spin',
    label: reduce ? 'spin (POR)' : 'spin -DNOREDUCE',
    compared: !reduce,
    depthCompared: !reduce,
    depthIsDfs: true,
    async prepare(instance: Instance, dir: string): Promise<Command> {
      const pml = join(modelsDir, instance.model, `${instance.model}.pml`);
      await runStep('spin', [...defines(instance), '-a', pml], dir, stepTimeoutMs);
      const cflags = ['-O2', '-DSAFETY', `-DMEMLIM=${memLimitMiB()}`, ...(reduce ? [] : ['-DNOREDUCE'])];
      await runStep('gcc', [...cflags, '-o', 'pan', 'pan.c'], dir, stepTimeoutMs);
      const w = hashBits(instance.expected.states);
      return { file: join(dir, 'pan'), args: ['-E', `-m${MAX_DEPTH}`, `-w${w}`], cwd: dir };
    },
    parse: parsePan,
  };
}
