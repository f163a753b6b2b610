import { resized } from '../engine/index.ts';
import { StateTree } from './state-tree.ts';

/**
 * The visited set: 64-bit fingerprints in an open-addressing table of typed arrays.
 * Each state gets a dense index (discovery order); per index we keep its fingerprint
 * and its parent's index, so a trace is rebuilt by replay rather than stored.
 * Memory: 4 bytes per table slot (load ≤ 0.5: 8–16 bytes per state) + 12 bytes per state in
 * arrays grown by half (12–18 bytes per state): 20–34 bytes per state in all.
 */
export class VisitedSet extends StateTree {
  private slots: Uint32Array; // index+1, 0 = empty
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 10) {
    super(new Uint32Array(2 * initialCapacity), new Int32Array(initialCapacity));
    let cap = 1024;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  /** Index of the state found by the last {@link add} that returned -1. */
  lastFound = -1;

  /** Insert; returns the new state's index, or -1 if the fingerprint was already there (its index is then in {@link lastFound}). */
  add(hi: number, lo: number, parent: number): number {
    const mask = this.mask;
    const slots = this.slots;
    let h = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const s = slots[h];
      if (s === 0) break;
      const i = s - 1;
      if (this.fps[2 * i + 1] === lo && this.fps[2 * i] === hi) {
        this.lastFound = i;
        return -1;
      }
      h = (h + 1) & mask;
    }
    const index = this.size;
    if (index >= this.parents.length) this.growArrays();
    this.fps[2 * index] = hi;
    this.fps[2 * index + 1] = lo;
    this.parents[index] = parent;
    slots[h] = index + 1;
    this.size++;
    if (this.size * 2 > slots.length) this.rehash();
    return index;
  }

  /** Index of a fingerprint, or -1. */
  find(hi: number, lo: number): number {
    const mask = this.mask;
    let h = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const s = this.slots[h];
      if (s === 0) return -1;
      const i = s - 1;
      if (this.fps[2 * i + 1] === lo && this.fps[2 * i] === hi) return i;
      h = (h + 1) & mask;
    }
  }

  /** Bytes held by the table and the per-state arrays. */
  bytes(): number {
    return this.slots.byteLength + this.fps.byteLength + this.parents.byteLength;
  }

  private growArrays(): void {
    // by half, not double: the arrays are most of the memory per state
    const length = Math.max(16, Math.ceil(this.parents.length * 1.5));
    this.fps = resized(this.fps, 2 * length);
    this.parents = resized(this.parents, length);
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = new Uint32Array(cap);
    const mask = cap - 1;
    for (let i = 0; i < this.size; i++) {
      let h = (this.fps[2 * i + 1] ^ Math.imul(this.fps[2 * i], 0x9e3779b1)) & mask;
      while (slots[h] !== 0) h = (h + 1) & mask;
      slots[h] = i + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
