import { describe, expect, it } from 'vitest';
import { SpecError, protocol } from 'mpcheck';
import type { Protocol } from 'mpcheck';
import { run } from '../helpers.ts';

type Msg = { type: 'ping' } | { type: 'pong' };

/** A two-process spec whose `go` action (after one harmless step) runs `body`. */
function withAction(body: (s: { n: number }, ctx: { send(to: string, m: Msg): boolean }) => unknown): Protocol {
  const { define, process } = protocol<Msg>();
  return define({
    name: 'bad',
    processes: () => ({
      p: process<{ n: number }>({
        init: { n: 0 },
        actions: {
          warm: { when: (s) => s.n === 0, then: () => ({ n: 1 }) },
          go: { when: (s) => s.n === 1, then: (s, ctx) => body(s, ctx) as { n: number } },
        },
        receive: { pong: (s) => s },
      }),
      q: process({ init: {}, receive: { ping: (s) => s } }),
    }),
  });
}

function specError(p: Protocol): SpecError {
  try {
    run(p, { file: 'models/bad.ts' });
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('expected a SpecError');
}

describe('bad specs end the run with a message naming file, process and handler', () => {
  it('a handler that throws', () => {
    const e = specError(withAction(() => { throw new Error('boom'); }));
    expect(e.describe()).toBe("models/bad.ts, process 'p', handler 'action go': threw: boom");
    expect(e.trace).toEqual(['p: warm']);
  });

  it('a handler that returns undefined', () => {
    const e = specError(withAction(() => undefined));
    expect(e.describe()).toBe("models/bad.ts, process 'p', handler 'action go': returned undefined instead of the next state (missing return?)");
  });

  it('a handler that mutates its state', () => {
    const e = specError(withAction((s) => { s.n = 5; return s; }));
    expect(e.describe()).toMatch(/^models\/bad\.ts, process 'p', handler 'action go': mutates its input \(states and messages are immutable/);
  });

  it('a send to an unknown process', () => {
    const e = specError(withAction((s, ctx) => { ctx.send('nobody', { type: 'ping' }); return s; }));
    expect(e.describe()).toBe("models/bad.ts, process 'p', handler 'action go': send to unknown process 'nobody' (processes: p, q)");
  });

  it('a message type the receiver has no handler for', () => {
    const e = specError(withAction((s, ctx) => { ctx.send('q', { type: 'pong' }); return s; }));
    expect(e.describe()).toBe("models/bad.ts, process 'p', handler 'action go': sends message type 'pong' to 'q', which has no receive handler for it (it handles: ping)");
  });

  it('a state that cannot be encoded: a function, a class instance, a cycle', () => {
    class Session { id = 1; }
    const cyclic = (): unknown => { const o: Record<string, unknown> = {}; o.me = o; return { n: 2, o }; };
    expect(specError(withAction(() => ({ n: 2, cb: () => 1 }))).describe()).toBe(
      "models/bad.ts, process 'p', handler 'action go': produced a state that cannot be encoded: a function cannot be encoded at state.cb",
    );
    expect(specError(withAction(() => ({ n: 2, s: new Session() }))).describe()).toBe(
      "models/bad.ts, process 'p', handler 'action go': produced a state that cannot be encoded: a Session instance cannot be encoded (states hold plain objects, arrays and primitives) at state.s",
    );
    expect(specError(withAction(cyclic)).describe()).toMatch(/^models\/bad\.ts, process 'p', handler 'action go': produced a state that cannot be encoded: value nested deeper than 64 levels \(a cycle\?\) at state\.o\.me\.me/);
  });

  it('a message that cannot be encoded', () => {
    const e = specError(withAction((s, ctx) => { ctx.send('q', { type: 'ping', when: new Date(0) } as unknown as Msg); return { n: 2 }; }));
    expect(e.describe()).toBe("models/bad.ts, process 'p', handler 'action go': sent a message that cannot be encoded: a Date instance cannot be encoded (states hold plain objects, arrays and primitives) at message.when");
  });

  it('an initial state that cannot be encoded', () => {
    const { define, process } = protocol<Msg>();
    const p = define({ name: 'x', processes: () => ({ p: process({ init: { f: undefined as unknown as number } }) }) });
    expect(specError(p).describe()).toBe("models/bad.ts, process 'p', handler 'init': initial state cannot be encoded: undefined cannot be encoded (use null) at init.f");
  });

  it('a guard that does not return a boolean', () => {
    const { define, process } = protocol<Msg>();
    const p = define({ name: 'x', processes: () => ({ p: process({ init: { n: 0 }, actions: { a: { when: (s) => s.n as unknown as boolean, then: (s) => s } } }) }) });
    expect(specError(p).describe()).toBe("models/bad.ts, process 'p', handler 'guard of action a': returned 0 where a boolean was expected");
  });

  it('unknown parameter and bad parameter type', () => {
    const { define, process } = protocol<Msg>();
    const p = define({ name: 'x', params: { n: 1 }, processes: () => ({ p: process({ init: {} }) }) });
    expect(() => run(p, { file: 'm.ts', params: { k: 2 } })).toThrow("unknown parameter 'k' (parameters: n)");
    expect(() => run(p, { file: 'm.ts', params: { n: 'x' } })).toThrow('parameter \'n\' must be a number, got "x"');
  });

  it('an unknown property name', () => {
    const { define, process } = protocol<Msg>();
    const p = define({ name: 'x', processes: () => ({ p: process({ init: {} }) }) });
    expect(() => run(p, { only: ['fifo'] })).toThrow("unknown property 'fifo' (properties: assertions)");
  });

  it('a network override naming an unknown process', async () => {
    const { network } = await import('mpcheck');
    const { define, process } = protocol<Msg>();
    const p = define({ name: 'x', network: { default: network.fifo(), 'p->zz': network.unordered() }, processes: () => ({ p: process({ init: {} }) }) });
    expect(() => run(p)).toThrow("network override 'p->zz' names unknown process 'zz' (processes: p)");
  });
});
