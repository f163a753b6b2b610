/**
 * A map from pairs of non-negative int32s (a, b) to non-negative int32 values, in one
 * Int32Array: open addressing, linear probing, load at most ½, three ints per slot
 * (a + 1, b, value; a + 1 = 0 marks an empty slot).
 *
 * What the successor cache looks up for every queue append it writes: the queue contents an
 * entry makes when appended to given contents. A JavaScript Map keyed by one number made of
 * both, (a + 1) · 2²² + b, was slower: past 2³⁰ such keys are not small integers but heap
 * numbers, and a microbench of 20 million lookups among 24,000 pairs took 1.17–1.32 s with
 * the Map and 0.52–0.85 s with this table.
 */
export class PairTable {
  private slots: Int32Array;
  private mask: number;
  /** Pairs held. */
  size = 0;

  constructor(capacity = 64) {
    let cap = 16;
    while (cap < 2 * capacity) cap *= 2;
    this.slots = new Int32Array(3 * cap);
    this.mask = cap - 1;
  }

  /** The value of (a, b), or -1 when there is none. */
  get(a: number, b: number): number {
    const at = this.find(a, b);
    return this.slots[at] === 0 ? -1 : this.slots[at + 2];
  }

  /** Set the value of (a, b). */
  set(a: number, b: number, value: number): void {
    if (2 * (this.size + 1) > this.mask + 1) this.grow();
    const at = this.find(a, b);
    if (this.slots[at] === 0) {
      this.slots[at] = a + 1;
      this.slots[at + 1] = b;
      this.size++;
    }
    this.slots[at + 2] = value;
  }

  /** Where (a, b) is in the slots, or the empty slot where it would go. */
  private find(a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const tag = a + 1;
    for (let h = home(a, b, mask); ; h = (h + 1) & mask) {
      const at = 3 * h;
      const x = slots[at];
      if (x === 0 || (x === tag && slots[at + 1] === b)) return at;
    }
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const old = this.slots;
    const cap = 2 * (this.mask + 1);
    this.slots = new Int32Array(3 * cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let at = 0; at < old.length; at += 3) if (old[at] !== 0) this.set(old[at] - 1, old[at + 1], old[at + 2]);
  }
}

function home(a: number, b: number, mask: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}
