import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { props } from 'mpcheck';
import { act, deliver, drive, resolve, submit } from './history.ts';
import type { StepSpec } from './history.ts';
import { PROCS, channelHistory, serviceHistory } from './random.ts';
import { graphOf, integrityRef } from './reference.ts';

const P = ['a', 'b', 'c'];
const run = (steps: StepSpec[]) => drive(props.integrity().monitor!, P, resolve(steps)).violation;

describe('integrity on hand-written histories', () => {
  it('holds for submitted messages delivered by their addressees with their payload', () => {
    expect(run([act('a', { events: [submit('b', { n: 1 }), submit(null, 'x')] }), act('b', { events: [deliver('a#0', { n: 1 }), deliver('a#1')] }), act('c', { events: [deliver('a#1', 'x')] })])).toBeNull();
  });

  it('is violated by an id nobody submitted (yet)', () => {
    expect(run([act('b', { events: [deliver('a#0')] })])).toEqual({ step: 0, message: 'b delivered a#0, which no process submitted' });
    expect(run([act('b', { events: [deliver('mystery')] })])).toEqual({ step: 0, message: 'b delivered mystery, which no process submitted' });
  });

  it('is violated by a delivery at the wrong process', () => {
    expect(run([act('a', { events: [submit('b')] }), act('c', { events: [deliver('a#0')] })])).toEqual({ step: 1, message: 'c delivered a#0, which was submitted to b' });
  });

  it('is violated by a changed payload, shown compactly', () => {
    expect(run([act('a', { events: [submit('b', { n: 1, s: 'x' })] }), act('b', { events: [deliver('a#0', { s: 'x', n: 2 })] })])).toEqual({
      step: 1,
      message: 'b delivered a#0 with payload {n:2,s:"x"}, but {n:1,s:"x"} was submitted',
    });
  });

  it('raw channel mode: every receipt is of a sent message, so it holds', () => {
    expect(run([act('a', { sends: [{ to: 'b' }] }), { kind: 'duplicate', index: 0 }, act('b', { recv: 0 }), act('b', { recv: 0 })])).toBeNull();
  });
});

describe('integrity agrees with a reference that looks each delivery up in the history', () => {
  it('service level', () => {
    fc.assert(
      fc.property(serviceHistory(), (steps) => {
        const h = resolve(steps);
        expect(drive(props.integrity({ on: 'service' }).monitor!, PROCS, h).violation).toEqual(integrityRef(graphOf(h, 'service'), 'service'));
      }),
      { numRuns: 300 },
    );
  });
  it('raw channel level', () => {
    fc.assert(
      fc.property(channelHistory, (steps) => {
        const h = resolve(steps);
        expect(drive(props.integrity().monitor!, PROCS, h).violation).toEqual(integrityRef(graphOf(h, 'transport'), 'transport'));
      }),
      { numRuns: 100 },
    );
  });
});
