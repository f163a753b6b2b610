import type { Value } from '../spec/index.ts';
import { monitorOf } from './guarantee.ts';
import type { Guarantee, GuaranteeOptions } from './guarantee.ts';
import { compareIds, parseId } from './ids.ts';
import { addressees, setKey } from './records.ts';
import type { Rec } from './records.ts';
import type { Property } from './types.ts';

/** A message q has yet to deliver, with the ones among q's other pending messages whose submit happened before its own. */
type Entry = readonly [id: string, before: readonly string[]];

/**
 * Ghost.
 * - `vc[p][r]`: how many of r's submits happened before p's current point (a vector clock
 *   over submits only, zero entries omitted). Transport messages carry their sender's clock
 *   as their tag, and a receipt merges it.
 * - `pend[q]`: the messages addressed to q that q has not delivered yet, in id order, each
 *   with its pending causal predecessors (the only part of its clock that still matters).
 */
type Ghost = {
  readonly vc: Rec<Rec<number>>;
  readonly pend: Rec<readonly Entry[]>;
};

const isClock = (v: Value): v is Rec<number> => typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(vc: Rec<Rec<number>>, p: string, other: Rec<number>): Rec<Rec<number>> {
  const mine = vc[p] ?? {};
  let out: { [r: string]: number } | null = null;
  for (const r of Object.keys(other)) {
    if ((mine[r] ?? 0) < other[r]) (out ??= { ...mine })[r] = other[r];
  }
  return out ? setKey(vc, p, out) : vc;
}

/** The causal-delivery guarantee over submit/deliver events, happens-before tracked with vector clocks. */
export function causalGuarantee(): Guarantee<Ghost> {
  return {
    init: { vc: {}, pend: {} },
    step: (g, o) => {
      let { vc, pend } = g;
      const f = o.facts;
      if (f.received && isClock(o.tag)) vc = merge(vc, f.received.to, o.tag);
      // a rendezvous hands the sender's past to the receiver before the receiver acts
      const rendezvous = f.sends.filter((s) => s.outcome === 'rendezvous');
      const merged = new Set<string>();
      const handOver = (p: string): void => {
        for (const s of rendezvous) {
          if (s.to !== p || merged.has(p)) continue;
          merged.add(p);
          vc = merge(vc, p, vc[s.from] ?? {});
        }
      };
      for (const e of o.events) {
        handOver(e.process);
        if (e.kind === 'submit') {
          const clock = vc[e.process] ?? {};
          for (const q of addressees(e.to, f.processes)) {
            const list = pend[q] ?? [];
            const before = list
              .filter(([id]) => {
                const a = parseId(id, f.processes);
                return a !== null && a.seq < (clock[a.sender] ?? 0);
              })
              .map(([id]) => id);
            const entry: Entry = [e.id, before];
            let i = 0;
            while (i < list.length && compareIds(list[i][0], e.id) < 0) i++;
            pend = setKey(pend, q, [...list.slice(0, i), entry, ...list.slice(i)]);
          }
          if ((clock[e.process] ?? 0) < e.seq + 1) vc = setKey(vc, e.process, { ...clock, [e.process]: e.seq + 1 });
          continue;
        }
        const q = e.process;
        const list = pend[q] ?? [];
        const entry = list.find(([id]) => id === e.id);
        if (!entry) continue; // not pending for q: never addressed to q, or already delivered
        if (entry[1].length) {
          const a = entry[1][0];
          return { violation: `${q} delivered ${e.id} before ${a}, although submit(${a}) happened before submit(${e.id})` };
        }
        pend = setKey(
          pend,
          q,
          list.filter((x) => x !== entry).map(([id, before]): Entry => (before.includes(e.id) ? [id, before.filter((b) => b !== e.id)] : [id, before])),
        );
      }
      for (const s of rendezvous) handOver(s.to);
      return { vc, pend };
    },
    tag: (g, send, seq) => {
      const clock = g.vc[send.from] ?? {};
      // raw channel mode: the clock as of this send (later sends of the same step are not in its past)
      return seq === null ? clock : { ...clock, [send.from]: seq + 1 };
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
  return {
    name: opts.name ?? 'causal',
    kind: 'monitor',
    description: 'causal: no process delivers a message before every message addressed to it whose submit happened before',
    monitor: monitorOf(causalGuarantee(), opts.over ?? 'auto'),
  };
}
