import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { props } from 'mpcheck';
import { act, deliver, drive, resolve, submit } from './history.ts';
import type { StepSpec } from './history.ts';
import { PROCS, serviceHistory } from './random.ts';
import { graphOf, totalOrderRef } from './reference.ts';

const P = ['a', 'b', 'c'];
const run = (steps: StepSpec[]) => drive(props.totalOrder().monitor!, P, resolve(steps)).violation;
const two = act('a', { events: [submit(null)] });
const three = act('b', { events: [submit(null)] });

describe('totalOrder on hand-written histories', () => {
  it('holds when everyone delivers the common messages in one order', () => {
    expect(run([two, three, act('a', { events: [deliver('a#0'), deliver('b#0')] }), act('c', { events: [deliver('a#0'), deliver('b#0')] })])).toBeNull();
  });

  it('is violated by two processes that disagree, reported at the delivery that closes the inversion', () => {
    expect(run([two, three, act('a', { events: [deliver('a#0'), deliver('b#0')] }), act('c', { events: [deliver('b#0')] }), act('c', { events: [deliver('a#0')] })])).toEqual({
      step: 4,
      message: 'c delivered b#0 before a#0, but a delivered a#0 before b#0',
    });
  });

  it('only common messages count: different subsets in any order are fine', () => {
    expect(run([two, three, act('a', { events: [deliver('b#0')] }), act('c', { events: [deliver('a#0')] })])).toBeNull();
  });

  it('is pairwise, as defined: three processes may each agree pairwise without one global order', () => {
    // a: x,y  b: y,z  c: z,x — every pair shares one message only
    const steps = [act('a', { events: [submit(null), submit(null), submit(null)] }), act('a', { events: [deliver('a#0'), deliver('a#1')] }), act('b', { events: [deliver('a#1'), deliver('a#2')] }), act('c', { events: [deliver('a#2'), deliver('a#0')] })];
    expect(run(steps)).toBeNull();
  });

  it('a repeated delivery is ignored (atMostOnce judges it)', () => {
    expect(run([two, three, act('a', { events: [deliver('a#0'), deliver('b#0'), deliver('a#0')] }), act('c', { events: [deliver('a#0'), deliver('b#0')] })])).toBeNull();
  });
});

describe('totalOrder agrees with a reference that compares delivery sequences pairwise', () => {
  it('service level', () => {
    fc.assert(
      fc.property(serviceHistory(6), (steps) => {
        const h = resolve(steps);
        expect(drive(props.totalOrder({ on: 'service' }).monitor!, PROCS, h).violation).toEqual(totalOrderRef(graphOf(h, 'service'), PROCS));
      }),
      { numRuns: 400 },
    );
  });
});
