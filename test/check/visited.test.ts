import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Frontier, VisitedSet } from '../../src/check/index.ts';

/**
 * Insert the fingerprints into `v` in order and check it behaves like a Map from fingerprint
 * to first index: new ones get the next index, repeats return -1 with the first index in
 * lastFound, and every one is found again with its halves.
 */
function behavesLikeAMap(v: VisitedSet, fps: readonly (readonly [number, number])[]): void {
  const ref = new Map<string, number>();
  for (const [hi, lo] of fps) {
    const key = `${hi}:${lo}`;
    const got = v.add(hi, lo, ref.size - 1);
    if (ref.has(key)) {
      expect(got).toBe(-1);
      expect(v.lastFound).toBe(ref.get(key));
    } else {
      expect(got).toBe(ref.size);
      ref.set(key, got);
    }
  }
  expect(v.size).toBe(ref.size);
  for (const [key, i] of ref) {
    const [hi, lo] = key.split(':').map(Number);
    expect(v.find(hi, lo)).toBe(i);
    expect(v.fingerprintOf(i)).toEqual([hi, lo]);
  }
}

describe('VisitedSet', () => {
  it('behaves like a Map from fingerprint to first index, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })), { maxLength: 3000 }), (fps) => {
        behavesLikeAMap(new VisitedSet(4), fps);
      }),
    );
  });

  it('behaves like a Map from fingerprint to first index when slots carry tags, and after it drops them', () => {
    // high halves from a few values that differ in their top bits (the tags) and in their low bits (the slot)
    const half = fc.constantFrom(0, 1, 0x04000000, 0x04000001, 0x80000000, 0xfc000005, 0xffffffff);
    fc.assert(
      fc.property(fc.array(fc.tuple(half, fc.integer({ min: 0, max: 30 })), { maxLength: 1500 }), fc.integer({ min: 3, max: 26 }), (fps, indexBits) => {
        const v = new VisitedSet(4, indexBits);
        behavesLikeAMap(v, fps);
        expect(v.find(0x12345678, 99)).toBe(-1);
      }),
    );
  });

  it('rebuilds paths from parent indexes', () => {
    const v = new VisitedSet();
    v.add(1, 1, -1);
    v.add(2, 2, 0);
    v.add(3, 3, 0);
    v.add(4, 4, 2);
    expect(v.pathTo(3)).toEqual([0, 2, 3]);
  });
});

describe('Frontier', () => {
  it('is a FIFO or a LIFO of byte records across chunk boundaries', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 200 }), fc.boolean(), (records, lifo) => {
        const f = new Frontier(lifo);
        records.forEach((r, i) => f.push(i, i * 2, r));
        const order = lifo ? [...records.keys()].reverse() : [...records.keys()];
        for (const i of order) {
          const bytes = f.pop();
          expect(f.index).toBe(i);
          expect(f.depth).toBe(i * 2);
          expect([...bytes]).toEqual([...records[i]]);
        }
        expect(f.size).toBe(0);
      }),
    );
  });
});
