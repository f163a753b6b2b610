import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { props } from 'mpcheck';
import { act, deliver, drive, resolve, submit } from './history.ts';
import type { StepSpec } from './history.ts';
import { PROCS, channelHistory, serviceHistory } from './random.ts';
import { atMostOnceRef, deliveredAtEndRef, graphOf } from './reference.ts';

const P = ['a', 'b', 'c'];
const END = { down: [], properEnd: true };
const atEnd = (steps: StepSpec[], end: { down: string[]; properEnd: boolean } = END) => drive(props.deliveredAtEnd().monitor!, P, resolve(steps), end).violation;
const once = (steps: StepSpec[]) => drive(props.exactlyOnce().monitor!, P, resolve(steps), END).violation;

describe('deliveredAtEnd on hand-written histories', () => {
  it('holds when every addressee delivered what was submitted to it', () => {
    expect(atEnd([act('a', { events: [submit('b'), submit(null)] }), act('b', { events: [deliver('a#0'), deliver('a#1')] }), act('a', { events: [deliver('a#1')] }), act('c', { events: [deliver('a#1')] })])).toBeNull();
  });

  it('is violated at the end by an undelivered message, listing all of them for the first process owed', () => {
    const steps = [act('a', { events: [submit('b'), submit(null)] }), act('b', { events: [deliver('a#0')] })];
    expect(atEnd(steps)).toEqual({ step: 2, message: 'the run ends here (no protocol step is enabled), but a never delivered a#1' });
    expect(atEnd(steps, { down: [], properEnd: false })).toEqual({ step: 2, message: 'no protocol step is enabled (a deadlock), but a never delivered a#1' });
  });

  it('does not count a process that is down', () => {
    const steps = [act('a', { events: [submit('b')] })];
    expect(atEnd(steps, { down: ['b'], properEnd: false })).toBeNull();
  });

  it('is not checked before the end: the step function never reports it', () => {
    expect(drive(props.deliveredAtEnd().monitor!, P, resolve([act('a', { events: [submit('b')] })])).violation).toBeNull();
  });
});

describe('exactlyOnce = atMostOnce + deliveredAtEnd', () => {
  it('reports a duplicate delivery when it happens', () => {
    expect(once([act('a', { events: [submit('b')] }), act('b', { events: [deliver('a#0'), deliver('a#0')] })])).toEqual({ step: 1, message: 'b delivered a#0 twice' });
  });
  it('reports a missing delivery at the end', () => {
    expect(once([act('a', { events: [submit('b')] })])).toEqual({ step: 1, message: 'the run ends here (no protocol step is enabled), but b never delivered a#0' });
  });
  it('holds for one delivery of each message', () => {
    expect(once([act('a', { events: [submit('b')] }), act('b', { events: [deliver('a#0')] })])).toBeNull();
  });
});

describe('deliveredAtEnd and exactlyOnce agree with references', () => {
  it('service level', () => {
    fc.assert(
      fc.property(serviceHistory(), (steps) => {
        const h = resolve(steps);
        const g = graphOf(h, 'service');
        expect(drive(props.deliveredAtEnd({ on: 'service' }).monitor!, PROCS, h, END).violation).toEqual(deliveredAtEndRef(g, PROCS, h.length));
        expect(drive(props.exactlyOnce({ on: 'service' }).monitor!, PROCS, h, END).violation).toEqual(atMostOnceRef(g) ?? deliveredAtEndRef(g, PROCS, h.length));
      }),
      { numRuns: 300 },
    );
  });
  it('raw channel level', () => {
    fc.assert(
      fc.property(channelHistory, (steps) => {
        const h = resolve(steps);
        const g = graphOf(h, 'transport');
        expect(drive(props.exactlyOnce().monitor!, PROCS, h, END).violation).toEqual(atMostOnceRef(g) ?? deliveredAtEndRef(g, PROCS, h.length));
      }),
      { numRuns: 300 },
    );
  });
});
