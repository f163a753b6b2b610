/** A copy of `a` with room for `length` elements, zero past the old end: how the growable per-state arrays grow. */
export function resized(a: Int32Array, length: number): Int32Array<ArrayBuffer>;
export function resized(a: Uint32Array, length: number): Uint32Array<ArrayBuffer>;
export function resized(a: Int32Array | Uint32Array, length: number): Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> {
  const b = a instanceof Int32Array ? new Int32Array(length) : new Uint32Array(length);
  b.set(a);
  return b;
}

/** A copy of `a` twice as long. */
export function doubled(a: Int32Array): Int32Array<ArrayBuffer>;
export function doubled(a: Uint32Array): Uint32Array<ArrayBuffer>;
export function doubled(a: Int32Array | Uint32Array): Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> {
  return a instanceof Int32Array ? resized(a, a.length * 2) : resized(a, a.length * 2);
}

/** `a`, or a copy doubled as often as needed to hold at least `need` elements. */
export function grownTo(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let size = Math.max(1, a.length) * 2;
  while (size < need) size *= 2;
  return resized(a, size);
}
