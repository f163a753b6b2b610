// Running child processes: build steps (must succeed) and timed runs
// (wall clock via performance.now(), peak RSS via GNU time's %M).

import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command, ExecResult } from './types.js';

export const GNU_TIME = '/usr/bin/time';
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

/** Run the timed command under GNU time; never throws for a non-zero exit. */
export async function runTimed(cmd: Command, scratchDir: string, timeoutMs: number): Promise<ExecResult> {
  const rssFile = join(scratchDir, 'maxrss.txt');
  await rm(rssFile, { force: true });
  const r = await spawnCapture(GNU_TIME, ['-f', '%M', '-o', rssFile, cmd.file, ...cmd.args], cmd.cwd, timeoutMs);
  let maxRssBytes: number | undefined;
  try {
    maxRssBytes = parseMaxRss(await readFile(rssFile, 'utf8'));
  } catch {
    maxRssBytes = undefined;
  }
  return { ...r, maxRssBytes };
}
