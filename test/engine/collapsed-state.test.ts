import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CollapsedStates, Engine, Writer, compile, fp, writeState } from '../../src/engine/index.ts';
import type { GlobalState, Model } from '../../src/engine/index.ts';
import causal from '../../models/causal-broadcast.ts';
import exactlyOnce from '../../models/exactly-once.ts';
import totalOrder from '../../models/total-order.ts';
import { randomSpec, toProtocol } from '../check/random-models.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function canonicalBytes(s: GlobalState): string {
  const w = new Writer();
  writeState(w, s);
  return hex(w.bytes());
}

/**
 * Walk every reachable state with the canonical encoding (the reference), and encode each
 * state and each of its successors as a collapsed vector: decoding a vector must give back
 * the canonical state, a successor must get the same vector whether or not it is encoded
 * relative to its decoded parent, and vectors must be equal exactly when canonical
 * encodings are (a bijection). A vector's fingerprint (IdVector.fingerprint) must be the same
 * from its ids as from its parsed bytes, and differ between distinct vectors. Returns the
 * number of states seen.
 */
/** Whether checkBijection met a state with a link cut, with a fault counted, with a submit counted. */
const seen = { cut: false, faults: false, ids: false };

function checkBijection(model: Model, valueLimit?: number, maxStates = Infinity): number {
  const engine = new Engine(model);
  const collapsed = new CollapsedStates(model, valueLimit);
  const w = new Writer();
  const parsed = collapsed.vector();
  /** The vector of `s` as hex; checks that its fingerprint is the one its bytes parse back to. */
  const vectorOf = (s: GlobalState, fromDecoded: boolean): string => {
    if (s.cut.length > 0) seen.cut = true;
    if (s.faults.some((x) => x !== 0)) seen.faults = true;
    if (s.ids.some((x) => x !== 0)) seen.ids = true;
    const ids = collapsed.ids(s, fromDecoded);
    ids.fingerprint();
    const key = `${fp[0]}:${fp[1]}`;
    w.reset();
    collapsed.write(w, ids);
    collapsed.parse(w.bytes(), parsed);
    parsed.fingerprint();
    expect(`${fp[0]}:${fp[1]}`).toBe(key);
    const vector = hex(w.bytes());
    fingerprints.set(vector, key);
    return vector;
  };
  const fingerprints = new Map<string, string>();
  const byCanonical = new Map<string, string>();
  const byVector = new Map<string, string>();
  const byFingerprint = new Map<string, string>();
  const record = (s: GlobalState, vector: string): boolean => {
    const c = canonicalBytes(s);
    const v = byCanonical.get(c);
    if (v !== undefined) {
      expect(vector).toBe(v);
      return false;
    }
    expect(byVector.has(vector)).toBe(false);
    // distinct vectors, distinct fingerprints (64 bits: no collision expected among thousands)
    const key = fingerprints.get(vector)!;
    expect(byFingerprint.get(key)).toBeUndefined();
    byFingerprint.set(key, vector);
    byCanonical.set(c, vector);
    byVector.set(vector, c);
    return true;
  };
  const init = engine.initial();
  const queue: string[] = [vectorOf(init, false)];
  record(init, queue[0]);
  while (queue.length && byCanonical.size < maxStates) {
    const vector = queue.shift()!;
    const s = collapsed.decode(Buffer.from(vector, 'hex'));
    expect(canonicalBytes(s)).toBe(byVector.get(vector));
    expect(Object.isFrozen(s.locals[0])).toBe(s.locals[0] === null || typeof s.locals[0] !== 'object' || Object.isFrozen(s.locals[0]));
    const { steps } = engine.successors(s);
    const nexts = steps.map((st) => engine.canonical(st.next));
    // relative to the decoded parent first (the search's order), then standalone
    const relative = steps.map((st) => vectorOf(st.next, true));
    for (let k = 0; k < steps.length; k++) {
      expect(vectorOf(steps[k].next, false)).toBe(relative[k]);
      if (record(nexts[k], relative[k])) queue.push(relative[k]);
    }
  }
  return byCanonical.size;
}

describe('collapsed state vectors', () => {
  it('are a bijection with canonical states on models with faults, crashes and monitors (ghost state, tags)', () => {
    expect(checkBijection(compile(exactlyOnce, { faults: { crash: 1, lose: 1 } }))).toBeGreaterThan(50);
    expect(checkBijection(compile(causal))).toBeGreaterThan(50);
    expect(checkBijection(compile(totalOrder, { faults: { duplicate: 1 } }))).toBeGreaterThan(50);
  });

  it('are a bijection on models with link partitions and submits (the parts a vector leaves out when they are all 0)', () => {
    // exactly-once submits requests (submit ids); a partition cuts links (the cut); a crash and
    // a loss are counted in the faults: each part is 0 in some states and not in others
    const model = compile(exactlyOnce, { faults: { partition: 1, crash: 1, lose: 1 } });
    const engine = new Engine(model);
    const init = engine.initial();
    expect(init.ids.every((x) => x === 0) && init.faults.every((x) => x === 0) && init.cut.length === 0).toBe(true);
    expect(checkBijection(model)).toBeGreaterThan(200);
    expect(seen.cut && seen.faults && seen.ids).toBe(true);
  });

  it('stay a bijection when the decoded-value caches are evicted all the time', () => {
    const model = compile(exactlyOnce, { faults: { crash: 1 } });
    expect(checkBijection(model, 2)).toBe(checkBijection(model));
  });

  it('are a bijection on random protocols', () => {
    fc.assert(
      fc.property(randomSpec, (spec) => {
        // (the first 1,500 states of each: the check is quadratic-ish in hex strings, and the
        // property is about the encoding, which small and large spaces exercise alike)
        checkBijection(compile(toProtocol(spec, 'local'), { por: false }), 3, 1500);
      }),
      { numRuns: 30 },
    );
  });
});
