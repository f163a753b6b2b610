import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { props } from 'mpcheck';
import { act, deliver, drive, resolve, submit } from './history.ts';
import type { StepSpec } from './history.ts';
import { PROCS, channelHistory, serviceHistory } from './random.ts';
import { atMostOnceRef, graphOf } from './reference.ts';

const P = ['a', 'b', 'c'];
const run = (steps: StepSpec[]) => drive(props.atMostOnce().monitor!, P, resolve(steps)).violation;

describe('atMostOnce on hand-written histories', () => {
  it('holds when each process delivers each id once (a broadcast once per process)', () => {
    expect(run([act('a', { events: [submit(null)] }), act('b', { events: [deliver('a#0')] }), act('c', { events: [deliver('a#0')] })])).toBeNull();
  });

  it('is violated by a second delivery at the same process', () => {
    expect(run([act('a', { events: [submit('b')] }), act('b', { events: [deliver('a#0')] }), act('b', { events: [deliver('a#0')] })])).toEqual({ step: 2, message: 'b delivered a#0 twice' });
  });

  it('raw channel mode: receiving a duplicated message twice is a second delivery', () => {
    const steps: StepSpec[] = [act('a', { sends: [{ to: 'b' }, { to: 'b' }] }), { kind: 'duplicate', index: 1 }, act('b', { recv: 0 }), act('b', { recv: 0 }), act('b', { recv: 0 })];
    expect(run(steps)).toEqual({ step: 4, message: 'b delivered a#1 twice' });
  });
});

describe('atMostOnce agrees with a reference that counts deliveries', () => {
  it('service level', () => {
    fc.assert(
      fc.property(serviceHistory(), (steps) => {
        const h = resolve(steps);
        expect(drive(props.atMostOnce({ on: 'service' }).monitor!, PROCS, h).violation).toEqual(atMostOnceRef(graphOf(h, 'service')));
      }),
      { numRuns: 300 },
    );
  });
  it('raw channel level', () => {
    fc.assert(
      fc.property(channelHistory, (steps) => {
        const h = resolve(steps);
        expect(drive(props.atMostOnce().monitor!, PROCS, h).violation).toEqual(atMostOnceRef(graphOf(h, 'transport')));
      }),
      { numRuns: 300 },
    );
  });
});
