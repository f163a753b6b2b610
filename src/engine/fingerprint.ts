/**
 * 64-bit fingerprint of an encoded state: two independent 32-bit MurmurHash3-style lanes
 * over the canonical bytes. Returned through a shared two-slot array to avoid allocation.
 */
export const fp = new Uint32Array(2);

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixLane(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalLane(h: number, len: number): number {
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fingerprint `bytes[0..len)` into {@link fp} (fp[0] = high lane, fp[1] = low lane). */
export function fingerprint(bytes: Uint8Array, len: number): void {
  let h1 = 0x9747b28c;
  let h2 = 0x5bd1e995;
  const whole = len & ~3;
  let i = 0;
  for (; i < whole; i += 4) {
    const k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    h1 = mixLane(h1, k);
    h2 = mixLane(h2, k ^ 0x5f3759df);
  }
  const rest = len & 3;
  if (rest) {
    let k = bytes[i];
    if (rest > 1) k |= bytes[i + 1] << 8;
    if (rest > 2) k |= bytes[i + 2] << 16;
    h1 = mixLane(h1, k);
    h2 = mixLane(h2, k ^ 0x5f3759df);
  }
  fp[0] = finalLane(h1, len);
  fp[1] = finalLane(h2 ^ 0x27d4eb2f, len);
}

/** Fingerprint as a 16-hex-digit string (for traces and reports). */
export function fingerprintHex(bytes: Uint8Array): string {
  fingerprint(bytes, bytes.length);
  return fp[0].toString(16).padStart(8, '0') + fp[1].toString(16).padStart(8, '0');
}
