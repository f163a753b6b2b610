/**
 * The home slot of a fingerprint in an open-addressing table of `mask` + 1 slots: where its
 * probe starts, in the one-thread visited set and the parallel table alike.
 */
export function homeSlot(hi: number, lo: number, mask: number): number {
  return (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
}

/**
 * `slots`, freshly allocated, with every page written once (zeros) before a probe reads it.
 * Linux maps a fresh page at its first access; when that is a read, as a probe's is, it maps
 * the shared zero page, and the first write then copies it: two faults per page, and while
 * another thread of the process runs (two workers), a TLB flush on that core too, an
 * inter-processor interrupt. Placing ring N=7's states on two workers (`perf stat -a -e
 * page-faults,ipi:ipi_send_cpu`) took 208,535 page faults and 66,674 interrupts; with the
 * slots written first 147,466 and 1,517, and the growths 0.74 s instead of 0.88 s. On one
 * thread, 263,406 faults and 7,121 interrupts became 197,182 and 1,798.
 */
export function writtenFirst<T extends Int32Array | Uint32Array>(slots: T): T {
  slots.fill(0);
  return slots;
}

/** States whose home slots placeAll reads before placing them. */
const PLACE_BATCH = 16;
const PLACE_HOMES = new Int32Array(PLACE_BATCH);

/**
 * What a visited set keeps per state, by state index (dense with one thread; the parallel
 * table leaves holes, see parallel/table.ts): the fingerprint's two halves and
 * the parent's index (-1 for an initial state). Together they form a tree rooted at the
 * initial states, so a trace is rebuilt by walking parents back and replaying, not stored.
 *
 * The halves lie side by side (`fps[2i]` high, `fps[2i+1]` low): a probe that compares a
 * fingerprint reads one cache line, not two.
 *
 * A base for the one-thread `VisitedSet` (visited.ts) and the parallel `SharedTable` (parallel/table.ts): the
 * subclasses insert into the arrays directly (their probe loops read `this.fps` as an own
 * field, with no indirection) and may replace them when they grow.
 */
export abstract class StateTree {
  protected fps: Uint32Array;
  protected parents: Int32Array;

  protected constructor(fps: Uint32Array, parents: Int32Array) {
    this.fps = fps;
    this.parents = parents;
  }

  parent(index: number): number {
    return this.parents[index];
  }

  /** The fingerprint's high half, of state `index`. */
  hiOf(index: number): number {
    return this.fps[2 * index];
  }

  /** The fingerprint's low half. */
  loOf(index: number): number {
    return this.fps[2 * index + 1];
  }

  fingerprintOf(index: number): [number, number] {
    return [this.fps[2 * index], this.fps[2 * index + 1]];
  }

  /**
   * Put the states with indexes in [from, to) into `slots` (a power of two of them) by linear
   * probing from the home slot of their fingerprint, in index order, each as (its
   * fingerprint's high half & tagMask) | index + 1; an index whose parent is `skip` is left
   * out. The home slots of a batch of states are read before any of them is placed, so that
   * their cache misses overlap: the same table, 1.5–1.7× faster than placing one state at a
   * time (a bench of 8 million states into 16 million slots).
   *
   * `shared`: other threads place other states into the same slots at the same time (see
   * SharedTable.placeShared), so a slot is claimed with Atomics.compareExchange, and one
   * taken meanwhile is passed over as any full slot is.
   */
  protected placeAll(slots: Uint32Array, tagMask: number, from: number, to: number, skip?: number, shared = false): void {
    const fps = this.fps;
    const parents = this.parents;
    const mask = slots.length - 1;
    const homes = PLACE_HOMES;
    let touched = 0;
    for (let i0 = from; i0 < to; i0 += PLACE_BATCH) {
      const m = Math.min(PLACE_BATCH, to - i0);
      for (let k = 0; k < m; k++) {
        const i = i0 + k;
        const h = homeSlot(fps[2 * i], fps[2 * i + 1], mask);
        homes[k] = h;
        touched ^= slots[h];
      }
      for (let k = 0; k < m; k++) {
        const i = i0 + k;
        if (skip !== undefined && parents[i] === skip) continue;
        const v = (fps[2 * i] & tagMask) | (i + 1);
        let h = homes[k];
        for (;;) {
          while (slots[h] !== 0) h = (h + 1) & mask;
          if (!shared) {
            slots[h] = v;
            break;
          }
          if (Atomics.compareExchange(slots, h, 0, v) === 0) break;
        }
      }
    }
    // (read so that the loads above are not optimised away: an integer is never 0.5)
    if (touched === 0.5) throw new Error('unreachable');
  }

  /** Indexes from the initial state to `index`, inclusive. */
  pathTo(index: number): number[] {
    const path: number[] = [];
    for (let i = index; i >= 0; i = this.parents[i]) path.push(i);
    return path.reverse();
  }
}
