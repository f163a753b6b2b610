import type { Value } from '../spec/index.ts';

/** Compact one-line rendering of a value for violation messages, keys sorted: `{seq:1,type:"data"}`. */
export function show(v: Value): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + (v as readonly Value[]).map(show).join(',') + ']';
  const o = v as Readonly<Record<string, Value>>;
  return '{' + Object.keys(o).sort().map((k) => `${k}:${show(o[k])}`).join(',') + '}';
}
