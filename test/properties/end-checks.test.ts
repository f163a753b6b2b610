import { describe, expect, it } from 'vitest';
import { protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import { run, verdictOf } from '../helpers.ts';

type Msg = { type: 'data'; id: string };
const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

/** The sender submits one message and sends it once; the channel may lose it. */
const oneShot = (lose: number) =>
  define({
    name: 'one-shot',
    faults: { lose },
    processes: () => ({
      sender: process({
        init: { sent: false },
        actions: { send: { when: (s) => !s.sent, then: (s, ctx) => (ctx.send('receiver', { type: 'data', id: ctx.submit(null, 'receiver') }), { sent: true }) } },
        end: (s) => s.sent,
      }),
      receiver: process({ init: { got: 0 }, receive: { data: (s, m, ctx) => (ctx.deliver(m.id), { got: s.got + 1 }) }, end: () => true }),
    }),
    properties: (_, p) => [p.exactlyOnce(), p.deliveredAtEnd(), p.atMostOnce()],
  });

describe('end checks of monitors, run by the search', () => {
  it('hold when every run that ends has delivered', () => {
    const r = run(oneShot(0));
    expect(r.properties.map((p) => [p.name, p.verdict])).toEqual([
      ['exactlyOnce', 'holds'],
      ['deliveredAtEnd', 'holds'],
      ['atMostOnce', 'holds'],
      ['assertions', 'holds'],
    ]);
  });

  it('are violated in a state where the run ends undelivered; the trace ends there and replays', () => {
    const p = oneShot(1);
    const r = run(p);
    expect(verdictOf(r, 'atMostOnce')).toBe('holds');
    for (const name of ['exactlyOnce', 'deliveredAtEnd']) {
      const res = r.properties.find((x) => x.name === name)!;
      expect(res.verdict).toBe('violated');
      expect(res.detail).toBe('the run ends here (no protocol step is enabled), but receiver never delivered sender#0');
      expect(res.trace!.steps.map((s) => s.text)).toEqual(['sender: send', 'lose data sender->receiver']);
      expect(replayTrace(compile(p), res.trace!).conclusion).toMatch(/^confirmed/);
    }
  });
});
