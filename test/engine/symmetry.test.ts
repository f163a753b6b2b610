import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine, Writer, compile, writeState } from '../../src/engine/index.ts';
import type { GlobalState, Model } from '../../src/engine/index.ts';
import { Symmetry } from '../../src/engine/symmetry.ts';
import type { Protocol } from '../../src/spec/index.ts';
import lockServer from '../../models/lock-server.ts';
import { symmetricSpec } from '../check/random-models.ts';

function encode(s: GlobalState): string {
  const w = new Writer();
  writeState(w, s);
  return Buffer.from(w.bytes()).toString('hex');
}

/** Up to `limit` reachable states of `p` without symmetry reduction, breadth first. */
function reachable(p: Protocol, params: Record<string, number> | undefined, limit: number): GlobalState[] {
  const engine = new Engine(compile(p, { symmetry: false, por: false, ...(params ? { params } : {}) }));
  const seen = new Set<string>();
  const out: GlobalState[] = [];
  const queue = [engine.initial()];
  while (queue.length > 0 && out.length < limit) {
    const s = queue.shift()!;
    const k = encode(s);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
    for (const st of engine.successors(s).steps) queue.push(st.next);
  }
  return out;
}

/** The representative of every state, computed by pruning and by trying every permutation in full, is the same state. */
function expectSameRepresentatives(model: Model, states: readonly GlobalState[]): void {
  const sym = new Symmetry(model);
  for (const s of states) expect(encode(sym.canonical(s))).toBe(encode(sym.exhaustive(s)));
}

describe('symmetry: the pruned representative is the least encoding over every permutation', () => {
  it('random symmetric systems (members named in messages and in the hub as keys; the hub placed before or after them)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), fc.nat(4), fc.nat(1), fc.boolean(), (n, table, limit, lose, hubFirst) => {
        const p = symmetricSpec(n, table, limit, lose, hubFirst);
        expectSameRepresentatives(compile(p), reachable(p, undefined, 400));
      }),
      { numRuns: 25 },
    );
  });

  it('lock server, 4 clients, 2 rounds (members named in the server state and in messages)', () => {
    const params = { clients: 4, rounds: 2 };
    const states = reachable(lockServer, params, 1500);
    expect(states).toHaveLength(1500);
    expectSameRepresentatives(compile(lockServer, { params }), states);
  });
});
