import type { Message, Value } from '../spec/index.ts';
import { show } from './show.ts';
import type { Monitor, Property, StepFacts, Violation } from './types.ts';

/** Ghost: the partitioned links, as sorted `[a, b]` pairs (mirrors the state's cut links, so it adds no states). */
type Cut = readonly (readonly [string, string])[];

const linkOf = (a: string, b: string): readonly [string, string] => (a < b ? [a, b] : [b, a]);
const isCut = (cut: Cut, a: string, b: string): boolean => {
  const [x, y] = linkOf(a, b);
  return cut.some(([u, v]) => u === x && v === y);
};

function track(cut: Cut, f: StepFacts): Cut {
  const l = f.label as { readonly kind: string; readonly a?: string; readonly b?: string };
  if ((l.kind !== 'partition' && l.kind !== 'heal') || l.a === undefined || l.b === undefined) return cut;
  const [x, y] = linkOf(l.a, l.b);
  const rest = cut.filter(([u, v]) => u !== x || v !== y);
  if (l.kind === 'heal') return rest;
  return [...rest, [x, y] as const].sort((p, q) => (p[0] !== q[0] ? (p[0] < q[0] ? -1 : 1) : p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0));
}

/** The monitor: at each receipt, compare with everything that was waiting for the same receiver. */
export function priorityMonitor(rank: (msg: Message) => number): Monitor {
  return {
    init: [],
    // (each receipt reads the messages in flight)
    notices: () => 'traffic',
    step: (ghost: Value, f: StepFacts): Value | Violation => {
      const cut = track(ghost as Cut, f);
      const r = f.received;
      if (!r) return cut as Value;
      const mine = rank(r.msg);
      let best: { from: string; msg: Message; rank: number } | null = null;
      for (const m of f.inFlight) {
        if (m.to !== r.to || isCut(cut, m.from, m.to)) continue;
        const p = rank(m.msg);
        if (p > mine && (best === null || p > best.rank)) best = { from: m.from, msg: m.msg, rank: p };
      }
      if (best) {
        return {
          violation: `${r.to} received ${show(r.msg as unknown as Value)} (priority ${mine}) from ${r.from} while ${show(best.msg as unknown as Value)} (priority ${best.rank}) from ${best.from} was waiting`,
        };
      }
      return cut as Value;
    },
  };
}

/**
 * priority(rank): a property of the transport. Whenever a process receives a message m, no
 * message with a higher rank was waiting for it — in flight to it, on a link that is not
 * partitioned, in the state before the receipt (receive guards are not consulted: a waiting
 * message counts even if a guard would refuse it). A rendezvous hands a message over directly
 * and is not judged.
 */
export function priority<M extends Message = Message>(rank: (msg: M) => number, opts: { readonly name?: string } = {}): Property<unknown> {
  return {
    name: opts.name ?? 'priority',
    kind: 'monitor',
    description: 'priority: no process receives a message while a higher-ranked one is waiting for it',
    monitor: priorityMonitor(rank as (msg: Message) => number),
  };
}
