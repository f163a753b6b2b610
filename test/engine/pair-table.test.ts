import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairTable } from '../../src/engine/pair-table.ts';

describe('PairTable', () => {
  it('holds what a Map of the same pairs holds, through growth, overwrites and clears', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), a: fc.nat(300), b: fc.nat(5000), value: fc.nat(2 ** 31 - 1) }),
      fc.record({ kind: fc.constant('get' as const), a: fc.nat(300), b: fc.nat(5000) }),
      fc.record({ kind: fc.constant('clear' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 2000 }), fc.nat(40), (ops, capacity) => {
        const t = new PairTable(capacity);
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            t.set(o.a, o.b, o.value);
            model.set(`${o.a},${o.b}`, o.value);
          } else if (o.kind === 'get') expect(t.get(o.a, o.b)).toBe(model.get(`${o.a},${o.b}`) ?? -1);
          else {
            t.clear();
            model.clear();
          }
          expect(t.size).toBe(model.size);
        }
        for (const [k, v] of model) {
          const [a, b] = k.split(',').map(Number);
          expect(t.get(a, b)).toBe(v);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('tells (a, b) from (b, a) and from pairs that share one number; 0 is a value and a key like any other', () => {
    const t = new PairTable();
    t.set(0, 0, 0);
    t.set(1, 2, 12);
    t.set(2, 1, 21);
    t.set(1, 3, 13);
    expect([t.get(0, 0), t.get(1, 2), t.get(2, 1), t.get(1, 3), t.get(3, 1), t.get(0, 1)]).toEqual([0, 12, 21, 13, -1, -1]);
    // many pairs with the same first number in a small table: probes pass over slots of (7, b')
    const same = new PairTable(8);
    for (let b = 0; b < 8; b++) same.set(7, b, 100 + b);
    for (let b = 0; b < 300; b++) expect(same.get(7, b)).toBe(b < 8 ? 100 + b : -1);
  });
});
