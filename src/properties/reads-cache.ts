import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PredicateReads } from './predicate-reads.ts';

/**
 * The answers of predicate-reads.ts, by predicate source text: in memory, and as one small
 * JSON file per source under `$MPCHECK_CACHE` (default: `<tmpdir>/mpcheck-cache`). The key
 * hashes the analysis version with the text, so a change to the analysis (bump
 * ANALYSIS_VERSION) never reads an old answer. A cache that cannot be read or written is
 * simply not used.
 */
const ANALYSIS_VERSION = 3;

type Stored = { procs: 'all' | [string, string[] | 'all'][]; inFlight: boolean; down: boolean; faults: boolean };

const memory = new Map<string, PredicateReads>();

/** The file that keeps the answer for this source. */
export function readsCacheFile(text: string): string {
  const hash = createHash('sha256').update(`${ANALYSIS_VERSION}\n${text}`).digest('hex').slice(0, 40);
  return join(process.env.MPCHECK_CACHE ?? join(tmpdir(), 'mpcheck-cache'), `reads-${hash}.json`);
}

/** The answer kept for this source, if any. */
export function cachedReads(text: string): PredicateReads | undefined {
  const hit = memory.get(text);
  if (hit !== undefined) return hit;
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(readsCacheFile(text), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isStored(stored)) return undefined;
  const reads: PredicateReads = {
    procs: stored.procs === 'all' ? 'all' : new Map(stored.procs.map(([name, f]) => [name, f === 'all' ? 'all' : new Set(f)])),
    inFlight: stored.inFlight,
    down: stored.down,
    faults: stored.faults,
  };
  memory.set(text, reads);
  return reads;
}

/** Keep the answer for this source. */
export function storeReads(text: string, reads: PredicateReads): void {
  memory.set(text, reads);
  const file = readsCacheFile(text);
  const stored: Stored = {
    procs: reads.procs === 'all' ? 'all' : [...reads.procs].map(([name, f]) => [name, f === 'all' ? 'all' : [...f]]),
    inFlight: reads.inFlight,
    down: reads.down,
    faults: reads.faults,
  };
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temp, JSON.stringify(stored));
    renameSync(temp, file);
  } catch {
    // (no cache on disk: the answer is worked out again next time)
  }
}

const isNames = (f: unknown): boolean => f === 'all' || (Array.isArray(f) && f.every((x) => typeof x === 'string'));

/** A file's JSON has the shape storeReads writes. */
function isStored(x: unknown): x is Stored {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  if (typeof o.inFlight !== 'boolean' || typeof o.down !== 'boolean' || typeof o.faults !== 'boolean') return false;
  return o.procs === 'all' || (Array.isArray(o.procs) && o.procs.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && isNames(e[1])));
}
