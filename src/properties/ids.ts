/**
 * Message ids of the service layer: `<process>#<k>`, the k-th message that process
 * submitted (0-based). Raw channel mode numbers transport sends the same way.
 *
 * Inside ghost state a message is kept as a number, its key: `k * n + i` for the k-th
 * message of the i-th of the model's n processes (cheap to encode and compare). An id that
 * names no submit of a known process (a spec may deliver any string) is kept as itself.
 */

export type Key = number | string;

export function makeId(process: string, seq: number): string {
  return `${process}#${seq}`;
}

/** The submitter and number of an id, or null when it is not of the form `<known process>#<k>`. */
export function parseId(id: string, processes: readonly string[]): { sender: string; index: number; seq: number } | null {
  const at = id.lastIndexOf('#');
  if (at < 0 || at === id.length - 1) return null;
  let seq = 0;
  for (let i = at + 1; i < id.length; i++) {
    const c = id.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (c === 0 && i === at + 1 && id.length > at + 2)) return null;
    seq = seq * 10 + c;
  }
  const index = processes.indexOf(id.slice(0, at));
  return index < 0 ? null : { sender: processes[index], index, seq };
}

export function keyOf(id: string, processes: readonly string[]): Key {
  const p = parseId(id, processes);
  return p ? p.seq * processes.length + p.index : id;
}

export function idOfKey(key: Key, processes: readonly string[]): string {
  if (typeof key === 'string') return key;
  const n = processes.length;
  return makeId(processes[key % n], Math.floor(key / n));
}

/** The order of keys in ghost sets: numbers ascending, then ids. */
export function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `xs` (sorted) with `key` inserted (unchanged if present). */
export function insertKey(xs: readonly Key[], key: Key): readonly Key[] {
  let i = 0;
  while (i < xs.length && compareKeys(xs[i], key) < 0) i++;
  if (xs[i] === key) return xs;
  return [...xs.slice(0, i), key, ...xs.slice(i)];
}

/** The order of ids in messages: by submitter, then by number (so `a#2` comes before `a#10`). */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a.lastIndexOf('#');
  const ib = b.lastIndexOf('#');
  const pa = a.slice(0, ia);
  const pb = b.slice(0, ib);
  if (pa !== pb) return pa < pb ? -1 : 1;
  const na = Number(a.slice(ia + 1));
  const nb = Number(b.slice(ib + 1));
  if (na !== nb && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : 1;
}

/** Ids of keys, in message order. */
export function idsOf(keys: readonly Key[], processes: readonly string[]): string[] {
  return keys.map((k) => idOfKey(k, processes)).sort(compareIds);
}
