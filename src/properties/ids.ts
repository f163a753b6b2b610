/**
 * Message ids of the service layer: `<process>#<k>`, the k-th message that process
 * submitted (0-based). Raw channel mode numbers transport sends the same way.
 */

export function makeId(process: string, seq: number): string {
  return `${process}#${seq}`;
}

/** The submitter and number of an id, or null when it is not of the form `<known process>#<k>`. */
export function parseId(id: string, processes: readonly string[]): { sender: string; seq: number } | null {
  const at = id.lastIndexOf('#');
  if (at < 0) return null;
  const sender = id.slice(0, at);
  const digits = id.slice(at + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(digits) || !processes.includes(sender)) return null;
  return { sender, seq: Number(digits) };
}

/** A total order on ids: by submitter, then by number (so `a#2` comes before `a#10`). */
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

/** `xs` with `id` inserted in id order (unchanged if present). */
export function insertId(xs: readonly string[], id: string): readonly string[] {
  let i = 0;
  while (i < xs.length && compareIds(xs[i], id) < 0) i++;
  if (xs[i] === id) return xs;
  return [...xs.slice(0, i), id, ...xs.slice(i)];
}
