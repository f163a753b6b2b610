import { describe, expect, it } from 'vitest';
import { atLeastOnce } from '../../src/properties/index.ts';
import type { Property, SendOutcome, StepFacts } from '../../src/properties/index.ts';
import type { Value } from '../../src/spec/index.ts';

type Facts = Partial<StepFacts>;
const facts = (f: Facts): StepFacts => ({ label: { kind: 'action', process: 'a' }, events: [], sends: [], received: null, processes: ['a', 'b'], inFlight: [], ...f }) as StepFacts;
const submit = (id: string, to: string | null) => ({ kind: 'submit' as const, process: 'a', id, payload: null, to });
const deliver = (id: string, process: string) => ({ kind: 'deliver' as const, process, id });
const send = (from: string, to: string, n: number, outcome: SendOutcome = 'queued') => ({ from, to, msg: { type: 'm', n } as never, outcome });
const recv = (from: string, to: string, n: number) => ({ from, to, msg: { type: 'm', n } as never, tag: null });

/** Run the monitor over a sequence of steps and read the pending obligations after each. */
function run(p: Property<unknown>, steps: readonly Facts[]) {
  let g: Value = p.monitor!.init;
  const out = [];
  for (const s of steps) {
    g = p.monitor!.step(g, facts(s)) as Value;
    const pend = p.liveness!.kind === 'obligations' ? p.liveness!.pending(g) : null;
    out.push(`${pend!.layer}: ${pend!.obligations.map((o) => `${o.key}→${o.receiver ?? '*'}`).join(' ') || '-'}`);
  }
  return out;
}

describe('atLeastOnce obligations (the ghost state)', () => {
  it('service: a submit is pending until its receiver delivers it; a delivery by another process does not count', () => {
    expect(run(atLeastOnce({ on: 'service' }), [{ events: [submit('a#0', 'b')] }, { events: [deliver('a#0', 'c')] }, { events: [deliver('a#0', 'b')] }])).toEqual([
      'service: a#0→b',
      'service: a#0→b',
      'service: -',
    ]);
  });

  it('service: a submit without a receiver is discharged by any delivery of its id', () => {
    expect(run(atLeastOnce({ on: 'service' }), [{ events: [submit('a#0', null), submit('a#1', 'b')] }, { events: [deliver('a#0', 'c')] }])).toEqual([
      'service: a#0→* a#1→b',
      'service: a#1→b',
    ]);
  });

  it('transport: a send is pending until an equal message from the same sender is received; failed sends and rendezvous are not obligations', () => {
    const p = atLeastOnce({ on: 'transport' });
    expect(
      run(p, [
        { sends: [send('a', 'b', 1), send('a', 'b', 2, 'failed-full'), send('a', 'c', 3, 'rendezvous')] },
        { sends: [send('a', 'b', 1)] },
        { received: recv('a', 'b', 1) },
        { sends: [send('a', 'b', 4, 'dropped-full')] },
      ]),
    ).toEqual(['transport: a->b {"n":1,"type":"m"}→b', 'transport: a->b {"n":1,"type":"m"}→b', 'transport: -', 'transport: a->b {"n":4,"type":"m"}→b']);
  });

  it('auto: transport until the first submit, then service only', () => {
    expect(run(atLeastOnce(), [{ sends: [send('a', 'b', 1)] }, { events: [submit('a#0', 'b')], sends: [send('a', 'b', 2)] }, { received: recv('a', 'b', 2) }])).toEqual([
      'transport: a->b {"n":1,"type":"m"}→b',
      'service: a#0→b',
      'service: a#0→b',
    ]);
  });

  it('keeps the ghost unchanged (same object) when a step touches no obligation', () => {
    const p = atLeastOnce();
    const g = p.monitor!.step(p.monitor!.init, facts({ events: [submit('a#0', 'b')] })) as Value;
    expect(p.monitor!.step(g, facts({}))).toBe(g);
  });
});
