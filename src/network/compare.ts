import type { Value } from '../spec/index.ts';

function rank(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
    default:
      return Array.isArray(v) ? 4 : 5;
  }
}

/** A total order on plain values, used to keep unordered channel contents canonical. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return (a ? 1 : 0) - (b ? 1 : 0);
    case 2:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 3:
      return (a as string) < (b as string) ? -1 : 1;
    case 4: {
      const x = a as readonly Value[];
      const y = b as readonly Value[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default: {
      const x = a as Readonly<Record<string, Value>>;
      const y = b as Readonly<Record<string, Value>>;
      const kx = Object.keys(x).sort();
      const ky = Object.keys(y).sort();
      const n = Math.min(kx.length, ky.length);
      for (let i = 0; i < n; i++) {
        if (kx[i] !== ky[i]) return kx[i] < ky[i] ? -1 : 1;
        const c = compareValues(x[kx[i]], y[ky[i]]);
        if (c !== 0) return c;
      }
      return kx.length - ky.length;
    }
  }
}
