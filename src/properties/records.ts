/**
 * Small helpers for ghost state kept as plain records keyed by process name. The codec
 * writes object keys sorted, so records are canonical; empty entries are removed so that
 * "nothing recorded" has exactly one representation.
 */

export type Rec<T> = { readonly [key: string]: T };

/** `r` with `key` set to `value`, or removed when `value` is empty (an empty array or record). */
export function setKey<T>(r: Rec<T>, key: string, value: T): Rec<T> {
  if (isEmpty(value)) {
    if (!(key in r)) return r;
    const out: { [key: string]: T } = { ...r };
    delete out[key];
    return out;
  }
  return { ...r, [key]: value };
}

function isEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

/** The processes a submit is addressed to: `to`, or every process for a broadcast (`to: null`). */
export function addressees(to: string | null, processes: readonly string[]): readonly string[] {
  return to === null ? processes : [to];
}
