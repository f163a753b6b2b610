import type { Message, Value } from '../spec/index.ts';

/** Compact one-line rendering of a value: `{a:1,b:[2,3]}`; strings quoted only when needed. */
export function formatValue(v: Value | undefined): string {
  if (v === undefined) return '?';
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? JSON.stringify(v) : String(v);
  if (Array.isArray(v)) return '[' + (v as readonly Value[]).map(formatValue).join(',') + ']';
  const o = v as Readonly<Record<string, Value>>;
  return '{' + Object.keys(o).map((k) => `${k}:${formatValue(o[k])}`).join(',') + '}';
}

/** A message as `type{field:value,…}`. */
export function formatMessage(m: Message): string {
  const rest = Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'type')) as Record<string, Value>;
  return Object.keys(rest).length ? `${m.type}${formatValue(rest)}` : m.type;
}
