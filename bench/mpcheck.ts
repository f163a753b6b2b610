// mpcheck: `node bin/mpcheck.js check <model>.ts --param K=V ... [--faults kind=V,...] --json [--workers K]`,
// which prints one JSON object {"stats": {...}, ...} on stdout and exits
// 0 (holds), 1, 2 or 3.

import { access } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { firstLine } from './exec.js';
import type { Command, Config, ExecResult, Instance, Parsed } from './types.js';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(o: Json, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The whole of stdout as one JSON object, or else its last line that is one. */
export function findJson(stdout: string): Json | undefined {
  const candidates = [stdout.trim(), ...stdout.split('\n').reverse().map((l) => l.trim())];
  for (const c of candidates) {
    if (!c.startsWith('{')) continue;
    try {
      const v: unknown = JSON.parse(c);
      if (isObject(v)) return v;
    } catch {
      // not JSON, try the next candidate
    }
  }
  return undefined;
}

/** "holds" only for exit 0 with a complete search; otherwise the first failing property or the exit code. */
function verdictOf(doc: Json, exitCode: number | null): string {
  const direct = doc['verdict'];
  if (typeof direct === 'string' && direct !== 'holds') return direct;
  const props = doc['properties'];
  if (Array.isArray(props)) {
    for (const p of props) {
      if (isObject(p) && typeof p['verdict'] === 'string' && p['verdict'] !== 'holds') {
        return `${typeof p['name'] === 'string' ? p['name'] : 'property'}: ${p['verdict']}`;
      }
    }
  }
  if (doc['complete'] === false) {
    const by = doc['stoppedBy'];
    return `incomplete search${typeof by === 'string' ? ` (stopped by ${by})` : ''}`;
  }
  return exitCode === 0 ? 'holds' : `exit ${exitCode ?? '?'}`;
}

export function parseMpcheck(run: ExecResult): Parsed {
  if (run.timedOut) throw new Error('timed out');
  const failure = (): Error =>
    new Error(firstLine(run.stderr) || firstLine(run.stdout) || `exit ${run.exitCode ?? run.signal ?? '?'}`);
  if (run.exitCode === null || ![0, 1, 2, 3].includes(run.exitCode)) throw failure();
  const doc = findJson(run.stdout);
  if (doc === undefined) throw failure();
  const stats = doc['stats'];
  if (!isObject(stats)) throw new Error('no "stats" object in the JSON output');
  const states = num(stats, 'states');
  const transitions = num(stats, 'transitions');
  if (states === undefined || transitions === undefined) throw new Error('stats.states/stats.transitions missing');
  const depth = num(stats, 'depth');
  const elapsedMs = num(stats, 'elapsedMs');
  const peak = num(stats, 'peakRssBytes');
  const workers = num(doc, 'workers');
  const workersNote = doc['workersNote'];
  const reductions = doc['reductions'];
  const por = isObject(reductions) ? reductions['por'] : undefined;
  const symmetry = isObject(reductions) ? reductions['symmetry'] : undefined;
  return {
    states,
    transitions,
    ...(depth === undefined ? {} : { depth }),
    verdict: verdictOf(doc, run.exitCode),
    ...(elapsedMs === undefined ? {} : { reportedSeconds: elapsedMs / 1000 }),
    ...(peak === undefined ? {} : { reportedMemoryBytes: peak, reportedMemoryIsRss: true }),
    ...(workers === undefined ? {} : { workers }),
    ...(typeof workersNote === 'string' ? { workersNote } : {}),
    ...(typeof por === 'boolean' ? { porInForce: por } : {}),
    ...(typeof symmetry === 'boolean' ? { symmetryInForce: symmetry } : {}),
    notes: [],
  };
}

async function mustExist(path: string, what: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new Error(`${what} not found`);
  }
}

/**
 * The instance's parameters as mpcheck options: `--param K=V` each, except the fault budgets
 * (expected.json "faultParams"), which become one `--faults kind=V,...`.
 */
export function mpcheckParams(instance: Instance): string[] {
  const args: string[] = [];
  const faults: string[] = [];
  for (const [name, value] of instance.params) {
    const kind = instance.faultParams[name];
    if (kind === undefined) args.push('--param', `${name}=${value}`);
    else faults.push(`${kind}=${value}`);
  }
  return faults.length ? [...args, '--faults', faults.join(',')] : args;
}

/**
 * mpcheck with its default worker count (workers undefined: one thread) or with --workers K;
 * without reductions (`--no-por --no-symmetry`, counts compared with SPIN -DNOREDUCE and Rumur)
 * or with its default ones (partial-order reduction, and symmetry reduction where the spec
 * declares groups, as the ring declares its rotations; counts not compared, like SPIN's own
 * reduction). Where --workers K
 * falls back to one thread (monitors with end-state checks, liveness properties), the JSON's
 * `workers` and `workersNote` say so, and the row keeps them.
 */
export function mpcheckConfig(repoRoot: string, modelsDir: string, workers: number | undefined, por = false): Config {
  const label = (w: number | undefined): string => {
    const base = w === undefined ? 'mpcheck' : `mpcheck --workers ${w}`;
    return por ? `${base} (reduced)` : `${base} --no-por --no-symmetry`;
  };
  return {
    tool: 'mpcheck',
    label: label(workers),
    ...(workers !== undefined && workers > 1 ? { oneThreadLabel: label(undefined) } : {}),
    compared: !por,
    depthCompared: !por,
    async prepare(instance: Instance): Promise<Command> {
      const bin = join(repoRoot, 'bin', 'mpcheck.js');
      const model = join(modelsDir, instance.model, `${instance.model}.ts`);
      await mustExist(bin, 'bin/mpcheck.js');
      await mustExist(model, relative(repoRoot, model));
      const params = mpcheckParams(instance);
      return {
        file: process.execPath,
        args: [
          bin,
          'check',
          relative(repoRoot, model),
          ...params,
          '--json',
          ...(por ? [] : ['--no-por', '--no-symmetry']),
          ...(workers === undefined ? [] : ['--workers', String(workers)]),
        ],
        cwd: repoRoot,
      };
    },
    parse(run: ExecResult): Parsed {
      const parsed = parseMpcheck(run);
      if (!por || parsed.porInForce !== false || parsed.symmetryInForce === true) return parsed;
      return { ...parsed, notes: [...parsed.notes, 'no reduction in force: full state space'] };
    },
  };
}
