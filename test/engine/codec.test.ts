import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EncodeError, assertEncodable, decodeValue, encodeValue, fingerprintHex } from '../../src/engine/index.ts';
import type { Value } from 'mpcheck';

const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e9, max: 1e9 }),
    fc.double({ noNaN: true }).map((x) => (x === 0 ? 0 : x)),
    fc.string(),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('v'), { maxKeys: 4 }),
  ),
})).v;

describe('canonical codec', () => {
  it('round-trips every plain value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeValue(encodeValue(v))).toEqual(v);
      }),
    );
  });

  it('encodes objects independently of key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 6 }), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        expect(fingerprintHex(encodeValue(reversed))).toBe(fingerprintHex(encodeValue(d)));
      }),
    );
  });

  it('gives different encodings (and fingerprints) to different values', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        fc.pre(JSON.stringify(decodeValue(encodeValue(a))) !== JSON.stringify(decodeValue(encodeValue(b))));
        expect(fingerprintHex(encodeValue(a))).not.toBe(fingerprintHex(encodeValue(b)));
      }),
    );
  });

  it('tells apart values JSON would confuse', () => {
    expect(fingerprintHex(encodeValue([1, '1']))).not.toBe(fingerprintHex(encodeValue(['1', 1])));
    expect(fingerprintHex(encodeValue({ a: [] }))).not.toBe(fingerprintHex(encodeValue({ a: {} })));
    expect(fingerprintHex(encodeValue(1))).not.toBe(fingerprintHex(encodeValue(1.5)));
  });

  it('keeps a __proto__ key as data', () => {
    const v = JSON.parse('{"__proto__":{"x":1}}') as Value;
    const back = decodeValue(encodeValue(v)) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it('decodes to frozen values', () => {
    const v = decodeValue(encodeValue({ a: [1, { b: 2 }] })) as { a: [number, { b: number }] };
    expect(Object.isFrozen(v)).toBe(true);
    expect(Object.isFrozen(v.a)).toBe(true);
    expect(Object.isFrozen(v.a[1])).toBe(true);
  });

  it('rejects what cannot be a state, naming the path', () => {
    class Box {
      x = 1;
    }
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const cases: [unknown, string][] = [
      [{ f: () => 1 }, 'a function cannot be encoded at f'],
      [{ b: new Box() }, 'a Box instance cannot be encoded (states hold plain objects, arrays and primitives) at b'],
      [{ m: new Map() }, 'a Map instance cannot be encoded (states hold plain objects, arrays and primitives) at m'],
      [{ list: [1, undefined] }, 'undefined cannot be encoded (use null) at list[1]'],
      [{ x: NaN }, 'NaN cannot be encoded (it is not equal to itself) at x'],
    ];
    for (const [v, msg] of cases) {
      expect(() => assertEncodable(v)).toThrow(new EncodeError(msg.replace(/ at .*$/, ''), msg.replace(/^.* at /, '')).message);
      expect(() => encodeValue(v)).toThrow(EncodeError);
    }
    expect(() => assertEncodable(cyclic)).toThrow(/nested deeper than 64 levels \(a cycle\?\) at self\.self\.self/);
  });
});
