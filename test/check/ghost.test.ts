import { describe, expect, it } from 'vitest';
import { protocol } from 'mpcheck';
import { run } from '../helpers.ts';
import { monitorLine } from '../../src/cli/report.ts';

type Msg = { type: 'data'; id: string };
const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

/** One message; the receiver, which keeps no state, may deliver it or drop it. */
const mayDrop = define({
  name: 'may-drop',
  processes: () => ({
    sender: process({
      init: { sent: false },
      actions: { send: { when: (s) => !s.sent, then: (s, ctx) => (ctx.send('receiver', { type: 'data', id: ctx.submit(null, 'receiver') }), { sent: true }) } },
      end: (s) => s.sent,
    }),
    receiver: process({
      init: {},
      receive: { data: (s, m, ctx) => (ctx.choose([true, false]) ? (ctx.deliver(m.id), s) : s) },
      end: () => true,
    }),
  }),
  properties: (_, p) => [p.deliveredAtEnd(), p.noDeadlock()],
});

describe('measuring the ghost state monitors add', () => {
  it('searches again without the monitors and reports both counts', () => {
    // without monitors: (unsent), (in flight), (received) = 3 states; the two ways of
    // receiving lead to one protocol state, which the monitor's "owed" set tells apart: 4
    const r = run(mayDrop, { measureGhost: true });
    expect(r.ghost).toEqual({ monitors: ['deliveredAtEnd'], statesWith: 4, statesWithout: 3, complete: true });
    expect(r.stats.states).toBe(4);
    expect(r.properties.map((p) => [p.name, p.verdict])).toEqual([
      ['deliveredAtEnd', 'violated'],
      ['noDeadlock', 'holds'],
      ['assertions', 'holds'],
    ]);
    expect(monitorLine(r)).toEqual(['monitors: deliveredAtEnd · ghost state: 4 states with them, 3 without (+1, ×1.33)']);
  });

  it('is not measured unless asked, but the monitors are named', () => {
    const r = run(mayDrop);
    expect(r.ghost).toBeUndefined();
    expect(monitorLine(r)).toEqual(['monitors: deliveredAtEnd (--ghost measures the states they add)']);
  });

  it('says when limits cut the searches short', () => {
    const r = run(mayDrop, { measureGhost: true, maxStates: 2 });
    expect(r.ghost).toMatchObject({ complete: false });
    expect(monitorLine(r)[0]).toMatch(/counts within the limits$/);
  });
});
