import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { network, protocol } from 'mpcheck';
import type { CheckResult, NetworkSpec, Protocol } from 'mpcheck';
import { Engine, StepDeltas, compile } from '../../src/engine/index.ts';
import { search } from '../../src/check/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import { randomSpec, toProtocol } from '../check/random-models.ts';
import ring from '../../bench/models/ring/ring.ts';
import abp from '../../models/alternating-bit.ts';

/**
 * The successor cache (src/engine/step-deltas.ts) writes a process's successors from recorded
 * changes to the parent's vector instead of running the engine. It must be invisible: with it
 * on or off, a search gives the same states, transitions, depth, verdicts and counterexamples
 * (whose step ordinals index the engine's own successor list).
 */
function outcome(r: CheckResult) {
  return {
    stats: [r.stats.states, r.stats.transitions, r.stats.depth, r.stats.maxQueue],
    ample: r.reductions.ampleStates,
    complete: r.complete,
    verdicts: r.properties.map((p) => [p.name, p.verdict, p.detail, p.trace?.steps.map((s) => s.text)]),
  };
}

function same(p: Protocol, opts: { strategy?: 'bfs' | 'dfs'; por?: boolean; symmetry?: boolean; faults?: Record<string, number>; maxStates?: number; params?: Record<string, number> } = {}): CheckResult {
  const { strategy, maxStates, por, symmetry, ...model } = opts;
  const m = compile(p, { ...model, por: por ?? false, symmetry: symmetry ?? false });
  const off = search(m, { strategy, maxStates, deltas: false });
  const on = search(m, { strategy, maxStates, deltas: true });
  expect(outcome(on)).toEqual(outcome(off));
  for (const x of on.properties) if (x.trace && x.kind !== 'liveness') expect(replayTrace(m, x.trace).ok).toBe(true);
  return on;
}

/**
 * Run `body` with the calls to Engine.prototype[name] counted: `calls()` gives how many were
 * made since it was last called.
 */
function counting(name: 'stepsOf' | 'processFaults', body: (calls: () => number) => void): void {
  const proto = Engine.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = proto[name];
  let n = 0;
  proto[name] = function (this: Engine, ...a: unknown[]) {
    n++;
    return original.apply(this, a);
  };
  try {
    body(() => {
      const made = n;
      n = 0;
      return made;
    });
  } finally {
    proto[name] = original;
  }
}

type Msg = { type: 'job'; n: number } | { type: 'ack'; n: number };

/**
 * What a view must capture, and what it cannot (with partial-order reduction: whether a
 * process's steps qualify as an ample set): canSend and the send outcomes of full
 * queues (block, drop, fail), pending and mailboxEmpty, a send to the process itself, choose,
 * submit (a counter outside the view), assertions, quiescent timeouts, crashes and restarts
 * (with crashed processes keeping or losing their mailbox, a persistent field, a recover
 * function),
 * losses, and an invariant checked on every state.
 */
function varied(c: { capacity: number; onFull: 'block' | 'drop' | 'fail'; jobs: number; net: 'fifo' | 'unordered' | 'mailbox' | 'priority'; submit: boolean; choose: boolean; crash: number; dropMailbox: boolean; lose: number; assertAt: number; monitors?: boolean }): Protocol {
  const { define, process } = protocol<Msg, 'prod' | 'cons'>();
  const opts = { capacity: c.capacity, onFull: c.onFull };
  const nets: Record<typeof c.net, NetworkSpec> = {
    fifo: network.fifo(opts),
    unordered: network.unordered(opts),
    mailbox: network.mailbox(opts),
    priority: network.priority((m) => (m as Msg).n, opts),
  };
  return define({
    name: 'varied',
    network: nets[c.net],
    topology: ['prod->cons', 'cons->prod', 'prod->prod'],
    faults: { crash: c.crash, lose: c.lose },
    crashMailbox: c.dropMailbox ? 'drop' : 'keep',
    processes: () => ({
      prod: process<{ next: number; failed: number; acks: number; self: number }>({
        init: { next: 0, failed: 0, acks: 0, self: 0 },
        // a crash keeps how far it got (the restart state depends on the crashed-from state)
        persistent: ['next'],
        actions: {
          produce: {
            when: (s, ctx) => s.next < c.jobs && (c.onFull === 'block' || ctx.canSend('cons') || s.failed === 0),
            then: (s, ctx) => {
              if (c.choose && s.next === 0 && ctx.choose([0, 1]) === 1) return { ...s, next: s.next + 1 };
              const ok = ctx.send('cons', { type: 'job', n: s.next });
              return ok ? { ...s, next: s.next + 1 } : { ...s, failed: s.failed + 1, next: s.next + 1 };
            },
          },
          poke: {
            when: (s) => s.self === 0 && s.next > 0,
            then: (s, ctx) => {
              ctx.send('prod', { type: 'ack', n: 9 });
              return { ...s, self: 1 };
            },
          },
          idle: { timeout: 'quiescent', when: (s) => s.acks < 9, then: (s) => ({ ...s, acks: 9 }) },
        },
        receive: {
          ack: (s, m, ctx) => {
            ctx.assert(m.n !== c.assertAt, `ack ${m.n}`);
            return { ...s, acks: s.acks + 1 };
          },
        },
      }),
      cons: process<{ got: number; id: string }>({
        init: { got: 0, id: '' },
        recover: (_kept, init) => ({ ...init, id: 'restarted' }),
        receive: {
          job: (s, m, ctx) => {
            const id = c.submit && m.n === 1 ? ctx.submit(m.n) : s.id;
            if (ctx.pending() === 0 && ctx.mailboxEmpty()) ctx.send('prod', { type: 'ack', n: m.n });
            return { got: s.got + 1, id };
          },
        },
      }),
    }),
    properties: (_p, p) => [
      p.noDeadlock(),
      p.always('fewFailures', (v) => (v.procs.prod as { failed: number }).failed < 2),
      // (the submit switches these from the transport to the service events)
      ...(c.monitors ? [p.fifo(), p.exactlyOnce(), p.causal()] : []),
    ],
  });
}

describe('the successor cache', () => {
  it('changes nothing on protocols that use every context call, full queues of every kind, submit, choose, self-sends, timeouts, crashes and losses', () => {
    fc.assert(
      fc.property(
        fc.record({
          capacity: fc.integer({ min: 1, max: 2 }),
          onFull: fc.constantFrom<'block' | 'drop' | 'fail'>('block', 'drop', 'fail'),
          jobs: fc.integer({ min: 1, max: 3 }),
          net: fc.constantFrom<'fifo' | 'unordered' | 'mailbox' | 'priority'>('fifo', 'unordered', 'mailbox', 'priority'),
          submit: fc.boolean(),
          choose: fc.boolean(),
          crash: fc.nat(2),
          dropMailbox: fc.boolean(),
          lose: fc.nat(1),
          assertAt: fc.integer({ min: -1, max: 2 }),
          monitors: fc.boolean(),
        }),
        fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'),
        fc.boolean(),
        (c, strategy, por) => {
          same(varied(c), { strategy, por });
        },
      ),
      { numRuns: 80 },
    );
    // (26 s on a quiet machine; a sample of large protocols on a loaded one took over 60 s)
  }, 180_000);

  it('changes nothing on random protocols (invariants, reachability, deadlock, assertions; losses, duplicates, reorders, crashes; every network kind; with and without partial-order reduction)', () => {
    fc.assert(
      fc.property(randomSpec, fc.constantFrom<'invariants' | 'local'>('invariants', 'local'), fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), fc.boolean(), (spec, mode, strategy, por) => {
        same(toProtocol(spec, mode), { strategy, por });
      }),
      { numRuns: 80 },
    );
  });

  it('changes nothing with monitors: guarantees over the transport (tags), a monitor reading the messages in flight, checks at end states; losses, duplicates, reorders, crashes', () => {
    fc.assert(
      fc.property(randomSpec, fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), (spec, strategy) => {
        // (vector clocks as tags make some of these large: the first 4,000 states)
        same(toProtocol(spec, 'monitors'), { strategy, maxStates: 4000 });
      }),
      { numRuns: 60 },
    );
  });

  it('runs each monitor once per recorded step and ghost, not once per transition', () => {
    const m = compile(abp as Protocol, { params: { messages: 12 }, faults: { lose: 2, duplicate: 2, crash: 1 }, por: false });
    const fifo = m.properties.find((p) => p.name === 'fifo')!.monitor!;
    const step = fifo.step;
    let runs = 0;
    (fifo as { step: typeof step }).step = (g, f) => {
      runs++;
      return step(g, f);
    };
    try {
      counting('stepsOf', (calls) => {
        const on = search(m, { deltas: true });
        const withCache = runs;
        // the sender's submits are recorded too (its counter is in its view): the engine lists
        // each process's steps once per view
        expect(calls()).toBeLessThan(on.stats.states / 20);
        runs = 0;
        const off = search(m, { deltas: false });
        expect(outcome(on)).toEqual(outcome(off));
        // without the cache the monitor sees every transition (until a crash violates it): more
        // runs than states; with it, once per recorded step or fault and ghost (10,726 runs for
        // 97,736 states, against 179,770 without)
        expect(runs).toBeGreaterThan(on.stats.states);
        expect(withCache).toBeLessThan(on.stats.states / 5);
      });
    } finally {
      (fifo as { step: typeof step }).step = step;
    }
  });

  it('changes nothing when it must forget what it recorded (bounds on views, monitor outcomes and entry keys reached over and over)', () => {
    const saved = StepDeltas.bounds;
    StepDeltas.bounds = { outcomes: 7, entryKeys: 5 };
    try {
      for (const spec of fc.sample(randomSpec, { numRuns: 15, seed: 5 })) same(toProtocol(spec, 'monitors'), { maxStates: 3000 });
      same(abp as Protocol, { params: { messages: 3 }, faults: { lose: 1, duplicate: 1, crash: 1 } });
      same(ring as Protocol, { params: { N: 4 }, por: true });
    } finally {
      StepDeltas.bounds = saved;
    }
  });

  it('stops where the engine stops under a state limit', () => {
    same(ring as Protocol, { params: { N: 4 }, maxStates: 500 });
  });

  it('takes the ample sets the engine takes (partial-order reduction, with the cycle proviso)', () => {
    // unreduced counts (SPIN -DNOREDUCE = Rumur): the reduction must save states
    for (const [params, unreduced] of [
      [{ N: 3 }, 158],
      [{ N: 4 }, 1848],
      [{ N: 3, M: 2 }, 3663],
      [{ N: 5 }, 26952],
    ] as const) {
      const r = same(ring as Protocol, { params, por: true });
      expect(r.reductions.ampleStates).toBeGreaterThan(0);
      expect(r.stats.states).toBeLessThan(unreduced);
    }
  });

  it('serves a symmetric search (the ring\'s rotations), BFS and DFS, with and without partial-order reduction: the results of the engine\'s own expansion', () => {
    for (const strategy of ['bfs', 'dfs'] as const) {
      for (const por of [false, true]) {
        for (const params of [{ N: 3, M: 2 }, { N: 4, M: 1 }, { N: 5, M: 1 }]) {
          const r = same(ring as Protocol, { params, por, symmetry: true, strategy });
          expect(r.reductions.symmetry).toBe(true);
        }
      }
    }
    // the classes of the unreduced ring's states under rotation (counted in test/engine/id-symmetry.test.ts)
    expect(same(ring as Protocol, { params: { N: 4 }, symmetry: true }).stats.states).toBe(476);
  });

  it('gives the ring the state and transition counts SPIN and Rumur agree on', () => {
    // ../shared/bench-anchors/ring: N=3 → 158 / 294, N=4 → 1,848 / 4,360, N=3 M=2 → 3,663 / 7,998
    for (const [params, states, transitions] of [
      [{ N: 3 }, 158, 294],
      [{ N: 4 }, 1848, 4360],
      [{ N: 3, M: 2 }, 3663, 7998],
    ] as const) {
      const r = same(ring as Protocol, { params });
      expect([r.stats.states, r.stats.transitions]).toEqual([states, transitions]);
    }
  });

  it('is used: the engine computes each process\'s steps once per view, not once per state', () => {
    const m = compile(ring as Protocol, { params: { N: 4 }, por: false, symmetry: false });
    // the views, found independently: a plain search over canonical states, collecting per
    // process its local state, the contents of the queue it reads and the length of the one it writes
    const engine = new Engine(m);
    const seen = new Set<string>();
    const views = new Set<string>();
    const todo = [engine.initial()];
    seen.add(JSON.stringify(todo[0]));
    while (todo.length) {
      const s = todo.pop()!;
      for (let p = 0; p < 4; p++) views.add(JSON.stringify([p, s.locals[p], s.queues[m.network.inputs[p][0]], s.queues[m.network.queueOf(p, (p + 1) % 4)].length]));
      for (const step of engine.successors(s).steps) {
        const key = JSON.stringify(step.next);
        if (!seen.has(key)) {
          seen.add(key);
          todo.push(step.next);
        }
      }
    }
    expect(seen.size).toBe(1848);
    counting('stepsOf', (calls) => {
      expect(search(m, { deltas: true }).stats.states).toBe(1848);
      expect(calls()).toBe(views.size);
      expect(views.size).toBeLessThan(1848);
      search(m, { deltas: false });
      expect(calls()).toBe(0); // without the cache the engine expands whole states
    });
  });

  it('makes crashes and restarts itself: the engine lists process faults only where it lists a timeout', () => {
    const spec = varied({ capacity: 2, onFull: 'block', jobs: 2, net: 'fifo', submit: false, choose: false, crash: 2, dropMailbox: true, lose: 0, assertAt: -1 });
    const m = compile(spec, { por: false });
    counting('processFaults', (calls) => {
      const on = search(m, { deltas: true });
      // (only from states where nothing is enabled: the engine lists a quiescent timeout and what follows)
      const withCache = calls();
      const off = search(m, { deltas: false });
      const without = calls();
      expect(without).toBeGreaterThan(300); // every state with a crash left
      expect(withCache).toBeLessThan(without / 5);
      expect(outcome(on)).toEqual(outcome(off));
      // crashes happened: states with a process down (restarted in the local state recover gave)
      expect(on.stats.states).toBeGreaterThan(search(compile(varied({ capacity: 2, onFull: 'block', jobs: 2, net: 'fifo', submit: false, choose: false, crash: 0, dropMailbox: true, lose: 0, assertAt: -1 }), { por: false })).stats.states);
    });
  });

  it('is off with the memo (--no-memo): guards then run for every state', () => {
    let guards = 0;
    const { define, process } = protocol<{ type: 'tok' }>();
    const counter = process<{ n: number }>({
      init: { n: 0 },
      actions: {
        tick: {
          when: (s) => {
            guards++;
            return s.n < 3;
          },
          then: (s) => ({ n: s.n + 1 }),
        },
      },
      end: (s) => s.n === 3,
    });
    const p = define({ name: 'counters', processes: () => ({ a: counter, b: counter, c: counter }), properties: (_p, q) => [q.noDeadlock(), q.always('small', (v) => (v.procs.a as { n: number }).n < 4)] });
    guards = 0;
    const off = search(compile(p, { memo: false, por: false }));
    expect(off.stats.states).toBe(64);
    expect(guards).toBe(64 * 3); // every guard in every state
    guards = 0;
    const on = search(compile(p, { memo: true, por: false }));
    expect(on.stats.states).toBe(64);
    expect(guards).toBe(3 * 4); // once per (process, local state): the guard memo records it, the cache then asks the engine no more
  });
});
