import { resized } from '../engine/index.ts';
import { StateTree, homeSlot, writtenFirst } from './state-tree.ts';

/**
 * The visited set: 64-bit fingerprints in an open-addressing table of typed arrays.
 * Each state gets a dense index (discovery order); per index we keep its fingerprint
 * and its parent's index, so a trace is rebuilt by replay rather than stored.
 * Memory: 4 bytes per table slot (load ≤ 0.5: 8–16 bytes per state) + 12 bytes per state in
 * arrays grown by half (12–18 bytes per state): 20–34 bytes per state in all.
 *
 * A slot holds index+1 in its low `indexBits` bits and, above them, the same bits of the
 * fingerprint's high half (a tag): a probe passes over most slots of other states without
 * reading their fingerprints. Once the indexes outgrow those bits the table drops the tags.
 */
export class VisitedSet extends StateTree {
  private slots: Uint32Array; // tag | index+1, 0 = empty
  private mask: number;
  /** The bits of a slot that hold index+1 (all of them once the tags are dropped). */
  private indexMask: number;
  /** The bits of a slot, and of a fingerprint's high half, that are its tag (0: no tags). */
  private tagMask: number;
  size = 0;

  /** `indexBits` (for tests): how many bits of a slot hold index+1 while tags are kept. */
  constructor(initialCapacity = 1 << 10, indexBits = 26) {
    super(new Uint32Array(2 * initialCapacity), new Int32Array(initialCapacity));
    let cap = 1024;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Uint32Array(cap);
    this.mask = cap - 1;
    this.indexMask = 2 ** indexBits - 1;
    this.tagMask = ~this.indexMask >>> 0;
  }

  /** Index of the state found by the last {@link add} that returned -1. */
  lastFound = -1;

  /** Insert; returns the new state's index, or -1 if the fingerprint was already there (its index is then in {@link lastFound}). */
  add(hi: number, lo: number, parent: number): number {
    const mask = this.mask;
    const slots = this.slots;
    const fps = this.fps;
    const tag = (hi & this.tagMask) >>> 0;
    let h = homeSlot(hi, lo, mask);
    for (;;) {
      const s = slots[h];
      if (s === 0) break;
      if (((s & this.tagMask) >>> 0) === tag) {
        const i = ((s & this.indexMask) >>> 0) - 1;
        if (fps[2 * i + 1] === lo && fps[2 * i] === hi) {
          this.lastFound = i;
          return -1;
        }
      }
      h = (h + 1) & mask;
    }
    const index = this.size;
    if (index + 1 > this.indexMask) this.dropTags();
    if (index >= this.parents.length) this.growArrays();
    this.fps[2 * index] = hi;
    this.fps[2 * index + 1] = lo;
    this.parents[index] = parent;
    this.size++;
    if (this.size * 2 > this.slots.length) this.rehash();
    else this.place(this.slots, this.mask, index);
    return index;
  }

  /** Index of a fingerprint, or -1. */
  find(hi: number, lo: number): number {
    const mask = this.mask;
    const tag = (hi & this.tagMask) >>> 0;
    for (let h = homeSlot(hi, lo, mask); ; h = (h + 1) & mask) {
      const s = this.slots[h];
      if (s === 0) return -1;
      if (((s & this.tagMask) >>> 0) !== tag) continue;
      const i = ((s & this.indexMask) >>> 0) - 1;
      if (this.fps[2 * i + 1] === lo && this.fps[2 * i] === hi) return i;
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
    const slots = writtenFirst(new Uint32Array(cap));
    this.placeAll(slots, this.tagMask, 0, this.size);
    this.slots = slots;
    this.mask = cap - 1;
  }

  /** Put state i (stored) in the first free slot of its probe sequence. */
  private place(slots: Uint32Array, mask: number, i: number): void {
    const hi = this.fps[2 * i];
    let h = homeSlot(hi, this.fps[2 * i + 1], mask);
    while (slots[h] !== 0) h = (h + 1) & mask;
    slots[h] = (hi & this.tagMask) | (i + 1);
  }

  /** The next index does not fit below the tags: slots hold index+1 alone from now on. */
  private dropTags(): void {
    this.indexMask = 0xffffffff;
    this.tagMask = 0;
    this.slots.fill(0);
    this.placeAll(this.slots, this.tagMask, 0, this.size);
  }
}
