// A grown table's new slots are written before its states are placed in them (writtenFirst in
// state-tree.ts): a probe's read of a page never touched maps the zero page, and the first
// write then copies it, a second fault per page (and, with two threads running, an interrupt
// to flush the other core's TLB). Counted with the process's minor page faults (Linux).

import { describe, expect, it } from 'vitest';
import { VisitedSet } from '../../src/check/index.ts';
import { SharedTable, controlBuffer } from '../../src/check/parallel/table.ts';

const PAGE_INTS = 4096 / 4;

/** Minor page faults of this process while `f` runs. */
function faultsDuring(f: () => void): number {
  const before = process.resourceUsage().minorPageFault;
  f();
  return process.resourceUsage().minorPageFault - before;
}

/** Distinct pseudo-random fingerprints (a 32-bit LCG for the high half, the index for the low). */
function* fingerprints(n: number): Generator<[number, number]> {
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    yield [x, i];
  }
}

describe.runIf(process.platform === 'linux')('new slots are written before states are placed in them', () => {
  it('SharedTable.grown: about one fault per page of the new slots, not two', () => {
    const n = 200_000;
    const table = SharedTable.withSlots(SharedTable.slotsFor(n), controlBuffer(0), n);
    expect(table.reserve(n)).toBe(true);
    for (const [hi, lo] of fingerprints(n)) table.insert(hi, lo, -1);
    table.release();
    // 2²⁴ slots, 64 MiB: 16,384 pages, nearly all of which receive some of the 200,000 states
    const slots = 1 << 24;
    let grown: SharedTable | undefined;
    const faults = faultsDuring(() => (grown = table.grown(slots)));
    expect(grown!.slotCount).toBe(slots);
    expect(grown!.size).toBe(n);
    const pages = slots / PAGE_INTS;
    expect(faults).toBeGreaterThan(0.9 * pages);
    expect(faults).toBeLessThan(1.25 * pages);
  });

  it('SharedTable.withSlots: a large first table is written when made, so its probes fault no page of it', () => {
    // (with --max-states the first table is sized for them)
    const slots = 1 << 24;
    const n = 200_000;
    let table: SharedTable | undefined;
    const made = faultsDuring(() => (table = SharedTable.withSlots(slots, controlBuffer(0), n)));
    const inserting = faultsDuring(() => {
      expect(table!.reserve(n)).toBe(true);
      for (const [hi, lo] of fingerprints(n)) table!.insert(hi, lo, -1);
      table!.release();
    });
    expect(table!.size).toBe(n);
    const pages = slots / PAGE_INTS;
    // 16,384 pages of slots, written once; the 200,000 insertions, which reach nearly all of
    // them, then fault only the fingerprints and parents they write (and the heap's own pages)
    expect(made).toBeGreaterThan(0.9 * pages);
    expect(made).toBeLessThan(1.25 * pages);
    expect(inserting).toBeLessThan(0.5 * pages);
  });

  it('VisitedSet: the insertion that doubles the slots makes about one fault per page of the new ones', () => {
    // 1.5 million states' room in the per-state arrays and 2²² slots: the slots double to 2²³
    // (32 MiB, 8,192 pages) when the 2,097,153rd state comes, with no growth of the arrays then
    const v = new VisitedSet(3 << 19);
    const doubling = (1 << 21) + 1;
    const it = fingerprints(doubling);
    for (let i = 1; i < doubling; i++) {
      const [hi, lo] = it.next().value as [number, number];
      v.add(hi, lo, -1);
    }
    const [hi, lo] = it.next().value as [number, number];
    const bytes = v.bytes();
    const faults = faultsDuring(() => v.add(hi, lo, -1));
    const pages = (1 << 23) / PAGE_INTS;
    // the slots doubled, and nothing else grew
    expect(v.bytes() - bytes).toBe(4 * (1 << 22));
    expect(faults).toBeGreaterThan(0.9 * pages);
    expect(faults).toBeLessThan(1.25 * pages);
  });
});
