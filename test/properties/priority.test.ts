import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { props } from 'mpcheck';
import type { Message } from 'mpcheck';
import { act, drive, resolve } from './history.ts';
import type { StepSpec } from './history.ts';
import { PROCS, channelHistory, rankOf } from './random.ts';
import { priorityRef } from './reference.ts';

const P = ['a', 'b', 'c'];
const m = (p: number): Message => ({ type: 'm', p }) as Message;
const run = (steps: StepSpec[]) => drive(props.priority(rankOf).monitor!, P, resolve(steps)).violation;

describe('priority on hand-written histories', () => {
  it('holds when the highest-ranked waiting message is received first', () => {
    expect(run([act('a', { sends: [{ to: 'c', msg: m(0) }, { to: 'c', msg: m(2) }] }), act('c', { recv: 1 }), act('c', { recv: 0 })])).toBeNull();
  });

  it('is violated by receiving a lower-ranked message while a higher one waits, from any sender', () => {
    const steps = [act('a', { sends: [{ to: 'c', msg: m(0) }] }), act('b', { sends: [{ to: 'c', msg: m(1) }, { to: 'c', msg: m(2) }] }), act('c', { recv: 0 })];
    expect(run(steps)).toEqual({ step: 2, message: 'c received {p:0,type:"m"} (priority 0) from a while {p:2,type:"m"} (priority 2) from b was waiting' });
  });

  it('a message on a partitioned link is not waiting; after the heal it is', () => {
    const steps: StepSpec[] = [act('b', { sends: [{ to: 'c', msg: m(2) }] }), act('a', { sends: [{ to: 'c', msg: m(0) }] }), { kind: 'partition', a: 'c', b: 'b' }];
    expect(run([...steps, act('c', { recv: 1 })])).toBeNull();
    expect(run([...steps, { kind: 'heal', a: 'b', b: 'c' }, act('c', { recv: 1 })])).toEqual({
      step: 4,
      message: 'c received {p:0,type:"m"} (priority 0) from a while {p:2,type:"m"} (priority 2) from b was waiting',
    });
  });
});

describe('priority agrees with a reference that replays the network', () => {
  it('raw channel histories with duplicates, losses and partitions', () => {
    fc.assert(
      fc.property(channelHistory, (steps) => {
        const h = resolve(steps);
        expect(drive(props.priority(rankOf).monitor!, PROCS, h).violation).toEqual(priorityRef(h, rankOf));
      }),
      { numRuns: 300 },
    );
  });
});
