import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { props } from 'mpcheck';
import type { FifoOptions } from 'mpcheck';
import { act, deliver, drive, resolve, submit } from './history.ts';
import type { StepSpec } from './history.ts';
import { PROCS, channelHistory, serviceHistory } from './random.ts';
import { fifoRef, graphOf } from './reference.ts';

const P = ['a', 'b', 'c'];
const run = (steps: StepSpec[], opts: FifoOptions = {}) => drive(props.fifo(opts).monitor!, P, resolve(steps)).violation;

describe('fifo on hand-written histories', () => {
  it('holds when each receiver delivers in submit order', () => {
    expect(run([act('a', { events: [submit('b'), submit('b')] }), act('b', { events: [deliver('a#0')] }), act('b', { events: [deliver('a#1')] })])).toBeNull();
  });

  it('only counts the messages addressed to the receiver', () => {
    // a#1 goes to c: b delivering a#0 then a#2 skips nothing
    const steps = [act('a', { events: [submit('b'), submit('c'), submit('b')] }), act('b', { events: [deliver('a#0'), deliver('a#2')] }), act('c', { events: [deliver('a#1')] })];
    expect(run(steps)).toBeNull();
  });

  it('without gaps, a skipped message is a violation', () => {
    const steps = [act('a', { events: [submit('b'), submit('b')] }), act('b', { events: [deliver('a#1')] })];
    expect(run(steps)).toEqual({ step: 1, message: 'b delivered a#1, but the next message from a to b in submit order is a#0' });
  });

  it('with gaps, a skipped message is allowed but may not come late', () => {
    const steps = [act('a', { events: [submit('b'), submit('b')] }), act('b', { events: [deliver('a#1')] }), act('b', { events: [deliver('a#0')] })];
    expect(run(steps.slice(0, 2), { gaps: true })).toBeNull();
    expect(run(steps, { gaps: true })).toEqual({
      step: 2,
      message: 'b delivered a#0, but no message from a to b is due (every one submitted so far was delivered or skipped)',
    });
  });

  it('with gaps, lists what is still due', () => {
    const steps = [act('a', { events: [submit('b'), submit('b'), submit('b')] }), act('b', { events: [deliver('a#1')] }), act('b', { events: [deliver('a#0')] })];
    expect(run(steps.slice(0, 2), { gaps: true })).toBeNull();
    expect(run([steps[0], act('b', { events: [deliver('a#0'), deliver('a#0')] })], { gaps: true })).toEqual({
      step: 1,
      message: 'b delivered a#0, but the messages from a to b still due, in submit order, are a#1, a#2',
    });
  });

  it('a repeated delivery breaks the order', () => {
    const steps = [act('a', { events: [submit('b')] }), act('b', { events: [deliver('a#0')] }), act('b', { events: [deliver('a#0')] })];
    expect(run(steps)).toEqual({ step: 2, message: 'b delivered a#0, but no message from a to b is due (every one submitted so far was delivered)' });
  });

  it('a broadcast (to: null) is addressed to every process, its sender included', () => {
    const steps = [act('a', { events: [submit(null), submit('b')] }), act('a', { events: [deliver('a#0')] }), act('b', { events: [deliver('a#1')] })];
    expect(run(steps)).toEqual({ step: 2, message: 'b delivered a#1, but the next message from a to b in submit order is a#0' });
  });

  it('ignores deliveries of ids that name no submit of a known process', () => {
    expect(run([act('b', { events: [deliver('junk'), deliver('zz#0')] })])).toBeNull();
  });

  it('raw channel mode numbers transport sends, two identical sends in one step included', () => {
    const twoSends = act('a', { sends: [{ to: 'b' }, { to: 'b' }] });
    expect(run([twoSends, act('b', { recv: 0 }), act('b', { recv: 0 })])).toBeNull();
    expect(run([twoSends, act('b', { recv: 1 })])).toEqual({ step: 1, message: 'b delivered a#1, but the next message from a to b in submit order is a#0' });
  });

  it('raw channel mode: a send dropped by a full buffer was submitted and is missing (a gap); a refused one was not made', () => {
    const dropped = act('a', { sends: [{ to: 'b', outcome: 'dropped-full' }, { to: 'b' }] });
    expect(run([dropped, act('b', { recv: 0 })])).toEqual({ step: 1, message: 'b delivered a#1, but the next message from a to b in submit order is a#0' });
    expect(run([dropped, act('b', { recv: 0 })], { gaps: true })).toBeNull();
    expect(run([act('a', { sends: [{ to: 'b', outcome: 'failed-full' }, { to: 'b' }] }), act('b', { recv: 0 })])).toBeNull();
  });

  it('raw channel mode: a duplicate keeps its number, so receiving it again is caught', () => {
    const steps: StepSpec[] = [act('a', { sends: [{ to: 'b' }] }), { kind: 'duplicate', index: 0 }, act('b', { recv: 0 }), act('b', { recv: 0 })];
    expect(run(steps)).toEqual({ step: 3, message: 'b delivered a#0, but no message from a to b is due (every one submitted so far was delivered)' });
  });

  it("auto mode reads the transport until the run's first service event, then service events only", () => {
    const raw = [act('a', { sends: [{ to: 'b' }, { to: 'b' }] }), act('b', { recv: 1 })];
    expect(run(raw)).toEqual({ step: 1, message: 'b delivered a#1, but the next message from a to b in submit order is a#0' });
    expect(run(raw, { on: 'service' })).toBeNull();
    // after a submit, transport reordering is not judged, service order is
    const svc = [act('a', { events: [submit('b')], sends: [{ to: 'b' }, { to: 'b' }] }), act('b', { recv: 1 }), act('b', { recv: 0, events: [deliver('a#0')] })];
    expect(run(svc)).toBeNull();
    expect(run(svc, { on: 'transport' })).toEqual({ step: 1, message: 'b delivered a#1, but the next message from a to b in submit order is a#0' });
  });
});

describe('fifo agrees with a reference that reads the whole history', () => {
  for (const gaps of [false, true]) {
    it(`service level, gaps ${gaps}`, () => {
      fc.assert(
        fc.property(serviceHistory(), (steps) => {
          const h = resolve(steps);
          expect(drive(props.fifo({ gaps, on: 'service' }).monitor!, PROCS, h).violation).toEqual(fifoRef(graphOf(h, 'service'), PROCS, gaps));
        }),
        { numRuns: 300 },
      );
    });
    it(`raw channel level, gaps ${gaps}`, () => {
      fc.assert(
        fc.property(channelHistory, (steps) => {
          const h = resolve(steps);
          const want = fifoRef(graphOf(h, 'transport'), PROCS, gaps);
          expect(drive(props.fifo({ gaps, on: 'transport' }).monitor!, PROCS, h).violation).toEqual(want);
          expect(drive(props.fifo({ gaps }).monitor!, PROCS, h).violation).toEqual(want); // no service events: auto reads the transport
        }),
        { numRuns: 300 },
      );
    });
  }
});
