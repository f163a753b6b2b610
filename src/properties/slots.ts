/**
 * Ghost data per process kept in arrays indexed by the process's position in the model,
 * with trailing empty slots trimmed so that every value has exactly one representation.
 */

/** `xs[i]`, or `empty` past the end. */
export function at<T>(xs: readonly T[], i: number, empty: T): T {
  return i < xs.length ? xs[i] : empty;
}

/** `xs` with slot i set to `v` (padding with `empty`), trailing empty slots removed. */
export function setAt<T>(xs: readonly T[], i: number, v: T, empty: T, isEmpty: (x: T) => boolean): readonly T[] {
  if (isEmpty(v)) {
    if (i >= xs.length) return xs;
    if (i < xs.length - 1) {
      const out = xs.slice();
      out[i] = v;
      return out;
    }
    let n = i;
    while (n > 0 && isEmpty(xs[n - 1])) n--;
    return xs.slice(0, n);
  }
  const out = xs.slice();
  while (out.length < i) out.push(empty);
  out[i] = v;
  return out;
}

export const isEmptyList = (x: readonly unknown[]): boolean => x.length === 0;
export const isZero = (x: number): boolean => x === 0;
