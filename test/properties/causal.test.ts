import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { props } from 'mpcheck';
import type { GuaranteeOptions } from 'mpcheck';
import { act, deliver, drive, resolve, submit } from './history.ts';
import type { StepSpec } from './history.ts';
import { PROCS, channelHistory, serviceHistory } from './random.ts';
import { causalRef, graphOf } from './reference.ts';

const P = ['a', 'b', 'c'];
const run = (steps: StepSpec[], opts: GuaranteeOptions = {}) => drive(props.causal(opts).monitor!, P, resolve(steps)).violation;

describe('causal on hand-written histories', () => {
  // a submits m to c and tells b; b then submits m' to c: submit(m) happened before submit(m')
  const chain = [act('a', { events: [submit('c')], sends: [{ to: 'b' }] }), act('b', { recv: 0, events: [submit('c')] })];

  it('is violated when c delivers the later message first, with the 3-process chain in the message', () => {
    expect(run([...chain, act('c', { events: [deliver('b#0')] })])).toEqual({
      step: 2,
      message: 'c delivered b#0 before a#0, although submit(a#0) happened before submit(b#0)',
    });
  });

  it('holds when c delivers in causal order', () => {
    expect(run([...chain, act('c', { events: [deliver('a#0')] }), act('c', { events: [deliver('b#0')] })])).toBeNull();
  });

  it('concurrent submits may be delivered in any order', () => {
    expect(run([act('a', { events: [submit('c')] }), act('b', { events: [submit('c')] }), act('c', { events: [deliver('b#0'), deliver('a#0')] })])).toBeNull();
  });

  it('program order alone orders two submits of one process', () => {
    expect(run([act('a', { events: [submit('c'), submit('c')] }), act('c', { events: [deliver('a#1')] })])).toEqual({
      step: 1,
      message: 'c delivered a#1 before a#0, although submit(a#0) happened before submit(a#1)',
    });
  });

  it('only messages addressed to the deliverer constrain it', () => {
    const steps = [act('a', { events: [submit('b')], sends: [{ to: 'b' }] }), act('b', { recv: 0, events: [submit('c')] }), act('c', { events: [deliver('b#0')] })];
    expect(run(steps)).toBeNull();
  });

  it('happened-before is transitive through messages that carry no submit', () => {
    const steps = [
      act('a', { events: [submit(null)], sends: [{ to: 'b' }] }),
      act('b', { recv: 0, sends: [{ to: 'c' }] }),
      act('c', { recv: 0, events: [submit('c'), deliver('c#0')] }),
    ];
    expect(run(steps)).toEqual({ step: 2, message: 'c delivered c#0 before a#0, although submit(a#0) happened before submit(c#0)' });
  });

  it('a duplicate carries the clock of the original', () => {
    const steps: StepSpec[] = [
      act('a', { events: [submit('c')], sends: [{ to: 'b' }] }),
      { kind: 'duplicate', index: 0 },
      act('b', { recv: 0 }),
      act('b', { recv: 0, events: [submit('c')] }),
      act('c', { events: [deliver('b#0')] }),
    ];
    expect(run(steps)).toEqual({ step: 4, message: 'c delivered b#0 before a#0, although submit(a#0) happened before submit(b#0)' });
  });

  it('a rendezvous hands the sender\'s past to the receiver', () => {
    const steps = [act('a', { events: [submit('c'), submit('c', null, 'b')], sends: [{ to: 'b', outcome: 'rendezvous' }] }), act('c', { events: [deliver('b#0')] })];
    expect(run(steps)).toEqual({ step: 1, message: 'c delivered b#0 before a#0, although submit(a#0) happened before submit(b#0)' });
  });

  it('raw channel mode: FIFO links are not causal (the classic triangle)', () => {
    // a sends x to c and y to b; b forwards z to c; c receives z before x
    const steps = [act('a', { sends: [{ to: 'c' }, { to: 'b' }] }), act('b', { recv: 0, sends: [{ to: 'c' }] }), act('c', { recv: 1 })];
    expect(run(steps)).toEqual({ step: 2, message: 'c delivered b#0 before a#0, although submit(a#0) happened before submit(b#0)' });
  });

  it('raw channel mode: a later send of the same step is not in the past of an earlier one', () => {
    // a sends y to b first, then x to c: b's forward does not know x
    const steps = [act('a', { sends: [{ to: 'b' }, { to: 'c' }] }), act('b', { recv: 0, sends: [{ to: 'c' }] }), act('c', { recv: 1 })];
    expect(run(steps)).toBeNull();
  });
});

describe('causal agrees with a reference computing happened-before by graph reachability', () => {
  it('service level', () => {
    fc.assert(
      fc.property(serviceHistory(), (steps) => {
        const h = resolve(steps);
        expect(drive(props.causal({ on: 'service' }).monitor!, PROCS, h).violation).toEqual(causalRef(graphOf(h, 'service')));
      }),
      { numRuns: 400 },
    );
  });
  it('raw channel level', () => {
    fc.assert(
      fc.property(channelHistory, (steps) => {
        const h = resolve(steps);
        expect(drive(props.causal().monitor!, PROCS, h).violation).toEqual(causalRef(graphOf(h, 'transport')));
      }),
      { numRuns: 400 },
    );
  });
});
