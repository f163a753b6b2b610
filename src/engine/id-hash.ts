/**
 * The fingerprint of a collapsed vector (IdVector) is a sum over its slots: two 32-bit lanes,
 * each adding up a hash of (slot, id) for every slot. A sum changes by a difference when one
 * slot does, so a successor that changes a few ids of its parent's gets its fingerprint from
 * the parent's without the vector being written or read (StepDeltas keeps those differences).
 *
 * Each lane hashes id + a per-slot seed with its own bijective 32-bit finaliser (MurmurHash3's
 * fmix32 and "lowbias32"), so equal ids in different slots, and the two lanes, are unrelated.
 */

/** Per slot, the seed of each lane (grown on demand). */
let seedsHi = new Int32Array(0);
let seedsLo = new Int32Array(0);

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function lowbias32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return h ^ (h >>> 16);
}

/** Make sure slots [0, count) have seeds. */
export function seedSlots(count: number): void {
  if (count <= seedsHi.length) return;
  const hi = new Int32Array(count);
  const lo = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    hi[s] = fmix32(Math.imul(s + 1, 0x9e3779b9) ^ 0x2545f491);
    lo[s] = lowbias32(Math.imul(s + 1, 0x632be5ab) ^ 0x5bd1e995);
  }
  seedsHi = hi;
  seedsLo = lo;
}

/** The high lane's term for `id` in `slot` (seeded by {@link seedSlots}). */
export function termHi(slot: number, id: number): number {
  return fmix32((id + seedsHi[slot]) | 0);
}

/** The low lane's term for `id` in `slot`. */
export function termLo(slot: number, id: number): number {
  return lowbias32((id + seedsLo[slot]) | 0);
}
