import type { Value } from '../spec/index.ts';
import { guaranteeProperty } from './guarantee.ts';
import type { Guarantee, GuaranteeOptions } from './guarantee.ts';
import { compareIds, idOfKey } from './ids.ts';
import { at, isEmptyList, isZero, setAt } from './slots.ts';
import type { Property } from './types.ts';

/** A vector clock over submits: entry r = how many of the r-th process's submits happened before (trailing zeros trimmed). */
type Clock = readonly number[];
/** A message q has yet to deliver: its key, then the keys of q's other pending messages whose submit happened before its own. */
type Entry = readonly number[];

/**
 * Ghost `[vc, pend]`, both indexed by process position (trailing empties trimmed).
 * - `vc[p]`: p's clock. Transport messages carry their sender's clock as their tag, and a
 *   receipt merges it into the receiver's.
 * - `pend[q]`: the messages addressed to q that q has not delivered yet, by key, each with
 *   its pending causal predecessors — the only part of its clock that still matters.
 */
type Ghost = readonly [vc: readonly Clock[], pend: readonly (readonly Entry[])[]];

const EMPTY: readonly never[] = [];
const isClock = (v: Value): v is Clock => Array.isArray(v);

function max(a: Clock, b: Clock): Clock {
  if (b.length <= a.length && b.every((x, i) => x <= a[i])) return a;
  const out = a.slice();
  for (let i = 0; i < b.length; i++) out[i] = Math.max(out[i] ?? 0, b[i]);
  return out;
}

/** The causal-delivery guarantee over submit/deliver events, happened-before tracked with vector clocks. */
export function causalGuarantee(): Guarantee<Ghost> {
  return {
    init: [EMPTY, EMPTY],
    // (messages carry their sender's clock as a tag, learnt by the receiver)
    notices: 'traffic',
    step: (g, o) => {
      let [vc, pend] = g;
      const f = o.facts;
      const ps = f.processes;
      const n = ps.length;
      const learn = (p: number, clock: Clock): void => {
        const mine = at(vc, p, EMPTY);
        const merged = max(mine, clock);
        if (merged !== mine) vc = setAt(vc, p, merged, EMPTY, isEmptyList);
      };
      if (f.received && isClock(o.tag)) learn(ps.indexOf(f.received.to), o.tag);
      // a rendezvous hands the sender's past to the receiver before the receiver acts
      let handOver: { from: number; to: number }[] | null = null;
      for (const s of f.sends) if (s.outcome === 'rendezvous') (handOver ??= []).push({ from: ps.indexOf(s.from), to: ps.indexOf(s.to) });
      const handedTo = (p: number): void => {
        if (!handOver) return;
        for (const h of handOver) if (h.to === p && h.from >= 0) (learn(p, at(vc, h.from, EMPTY)), (h.from = -1));
      };
      for (const e of o.events) {
        const p = ps.indexOf(e.process);
        handedTo(p);
        if (e.kind === 'submit') {
          const clock = at(vc, p, EMPTY);
          const key = e.key as number;
          for (let q = 0; q < n; q++) {
            if (e.to !== null && ps[q] !== e.to) continue;
            const list = at(pend, q, EMPTY);
            const entry: number[] = [key];
            let i = 0;
            for (const x of list) {
              if (x[0] < key) i++;
              if (Math.floor(x[0] / n) < (clock[x[0] % n] ?? 0)) entry.push(x[0]); // list is sorted, so are these
            }
            pend = setAt(pend, q, [...list.slice(0, i), entry, ...list.slice(i)], EMPTY, isEmptyList);
          }
          if ((clock[p] ?? 0) < e.seq + 1) vc = setAt(vc, p, setAt(clock, p, e.seq + 1, 0, isZero), EMPTY, isEmptyList);
          continue;
        }
        const list = at(pend, p, EMPTY);
        const entry = list.find((x) => x[0] === e.key);
        if (!entry) continue; // not pending for this process: never addressed to it, or already delivered
        if (entry.length > 1) {
          const a = entry.slice(1).map((k) => idOfKey(k, ps)).sort(compareIds)[0];
          return { violation: `${e.process} delivered ${e.id} before ${a}, although submit(${a}) happened before submit(${e.id})` };
        }
        const rest = list.filter((x) => x !== entry).map((x) => (x.includes(entry[0], 1) ? x.filter((k, i) => i === 0 || k !== entry[0]) : x));
        pend = setAt(pend, p, rest, EMPTY, isEmptyList);
      }
      if (handOver) for (const h of handOver) handedTo(h.to);
      return [vc, pend];
    },
    tag: (g, send, seq, facts) => {
      const from = facts.processes.indexOf(send.from);
      const clock = at(g[0], from, EMPTY);
      // raw channel mode: the clock as of this send (later sends of the same step are not in its past)
      return seq === null ? clock : setAt(clock, from, seq + 1, 0, isZero);
    },
  };
}

/**
 * causal: if submit(a) happened before submit(b) and both are addressed to q, q does not
 * deliver b before it has delivered a. Happened-before is program order plus the send → receive
 * edge of every transport message (a rendezvous included); a step is atomic, so at the
 * service level every submit of a step precedes every send of that step.
 */
export function causal(opts: GuaranteeOptions = {}): Property<unknown> {
  return guaranteeProperty('causal', 'causal: no process delivers a message before every message addressed to it whose submit happened before', causalGuarantee(), opts);
}
