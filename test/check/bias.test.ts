import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHOICES, choiceFor, pick, randomBias } from '../../src/check/index.ts';
import { compile } from '../../src/engine/index.ts';
import retransmit from '../../models/retransmit.ts';

const weights = fc.array(fc.constantFrom(0, 0.05, 0.25, 1, 4), { minLength: 1, maxLength: 12 });

describe('biased choice', () => {
  it('pick never lands on a step of weight 0, and is -1 only when every weight is 0', () => {
    fc.assert(
      fc.property(weights, fc.integer({ min: 0, max: CHOICES - 1 }), (w, c) => {
        const k = pick(c, w);
        if (w.every((x) => x === 0)) return k === -1;
        return k >= 0 && k < w.length && w[k] > 0;
      }),
    );
  });

  it('choiceFor is a right inverse of pick for every step with weight > 0', () => {
    fc.assert(
      fc.property(weights, fc.nat(), (w, i) => {
        const index = i % w.length;
        const c = choiceFor(index, w);
        if (w[index] === 0) return c === -1;
        return c >= 0 && c < CHOICES && pick(c, w) === index;
      }),
    );
  });

  it('picks in proportion to the weights', () => {
    const w = [1, 0, 3];
    const counts = [0, 0, 0];
    for (let c = 0; c < CHOICES; c += CHOICES / 1024) counts[pick(c, w)]++;
    expect(counts).toEqual([256, 0, 768]);
  });

  it('a seed always draws the same bias; seeds differ', () => {
    const model = compile(retransmit);
    expect(randomBias(model, 7)).toEqual(randomBias(model, 7));
    const distinct = new Set(Array.from({ length: 20 }, (_, s) => JSON.stringify(randomBias(model, s))));
    expect(distinct.size).toBeGreaterThan(5);
  });
});
