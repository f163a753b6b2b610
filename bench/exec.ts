// Running child processes: build steps (must succeed) and timed runs
// (wall clock via performance.now(), peak RSS via GNU time's %M, and the
// hypervisor's steal share of the machine's CPU time from /proc/stat).

import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command, ExecResult } from './types.js';

export const GNU_TIME = '/usr/bin/time';
/** Linux's CPU time counters; its first line, `cpu `, sums them over all CPUs. */
export const PROC_STAT = '/proc/stat';
const MAX_CAPTURE = 64 * 1024 * 1024;

/** Children alive right now, each the leader of its own process group. */
const live = new Set<ChildProcess>();

/** Kill the process groups of the children this harness started. */
export function killLiveChildren(): void {
  for (const child of live) {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** First non-empty line of a text, trimmed and shortened. */
export function firstLine(text: string, max = 160): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

interface RawResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallSeconds: number;
  readonly timedOut: boolean;
}

function spawnCapture(file: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // detached: own process group, so a timeout can kill the tool and GNU time together.
    const child = spawn(file, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    child.stdout.on('data', (b: Buffer) => {
      if (outLen < MAX_CAPTURE) out.push(b);
      outLen += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errLen < MAX_CAPTURE) err.push(b);
      errLen += b.length;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      live.delete(child);
      reject(new Error(`cannot run ${file}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({
        exitCode: code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallSeconds: (performance.now() - started) / 1000,
        timedOut,
      });
    });
  });
}

/** Run a build step; throw an Error naming the first line of its error output on failure. */
export async function runStep(file: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<string> {
  const r = await spawnCapture(file, args, cwd, timeoutMs);
  if (r.timedOut) throw new Error(`${file} timed out after ${timeoutMs / 1000} s`);
  if (r.exitCode !== 0) {
    const why = firstLine(r.stderr) || firstLine(r.stdout) || `exit ${r.exitCode ?? r.signal ?? '?'}`;
    throw new Error(`${file} failed: ${why}`);
  }
  return r.stdout;
}

/** Parse GNU time's -o file: its last line is %M (KiB); earlier lines may say how the command ended. */
function parseMaxRss(text: string): number | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const last = lines[lines.length - 1];
  if (last === undefined || !/^\d+$/.test(last)) return undefined;
  return Number(last) * 1024;
}

/** The machine's CPU time so far (jiffies, all CPUs together), from the `cpu ` line of /proc/stat. */
export interface CpuTimes {
  /** Time the hypervisor ran something else while a virtual CPU wanted to run (8th field). */
  readonly steal: number;
  /** user + nice + system + idle + iowait + irq + softirq + steal (guest time is inside user and nice). */
  readonly total: number;
}

/**
 * The aggregate CPU times of /proc/stat: `text` is the whole file or its `cpu ` line
 * (`cpu  user nice system idle iowait irq softirq steal [guest guest_nice]`). The guest
 * fields are left out of the total: the kernel already counts guest time in user and nice.
 * Undefined when there is no `cpu ` line, it has fewer than the 8 fields up to steal (kernels
 * before 2.6.11), or a field is not a whole number.
 */
export function parseProcStatCpu(text: string): CpuTimes | undefined {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) return undefined;
  const fields = line.trim().split(/\s+/).slice(1);
  if (fields.length < 8 || !fields.every((f) => /^\d+$/.test(f))) return undefined;
  const counts = fields.slice(0, 8).map(Number);
  if (!counts.every(Number.isSafeInteger)) return undefined;
  return { steal: counts[7], total: counts.reduce((a, b) => a + b, 0) };
}

/**
 * The hypervisor's steal share of the machine's CPU time between two readings: Δsteal / Δtotal,
 * a fraction 0..1. Undefined when a reading is missing, no time passed (a span under one clock
 * tick), or the counters went backwards.
 */
export function stealShare(before: CpuTimes | undefined, after: CpuTimes | undefined): number | undefined {
  if (before === undefined || after === undefined) return undefined;
  const steal = after.steal - before.steal;
  const total = after.total - before.total;
  if (!(total > 0) || steal < 0 || steal > total) return undefined;
  return steal / total;
}

/** The CPU times now, or undefined where /proc/stat is missing or unreadable (not Linux). */
export async function readCpuTimes(file = PROC_STAT): Promise<CpuTimes | undefined> {
  try {
    return parseProcStatCpu(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Run the timed command under GNU time; never throws for a non-zero exit. /proc/stat is read
 * just before and just after it, for its steal share (ExecResult.stealShare).
 */
export async function runTimed(cmd: Command, scratchDir: string, timeoutMs: number): Promise<ExecResult> {
  const rssFile = join(scratchDir, 'maxrss.txt');
  await rm(rssFile, { force: true });
  const cpuBefore = await readCpuTimes();
  const r = await spawnCapture(GNU_TIME, ['-f', '%M', '-o', rssFile, cmd.file, ...cmd.args], cmd.cwd, timeoutMs);
  const cpuAfter = await readCpuTimes();
  let maxRssBytes: number | undefined;
  try {
    maxRssBytes = parseMaxRss(await readFile(rssFile, 'utf8'));
  } catch {
    maxRssBytes = undefined;
  }
  return { ...r, maxRssBytes, stealShare: stealShare(cpuBefore, cpuAfter) };
}
