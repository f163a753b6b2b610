import type { Value } from '../spec/index.ts';
import type { Obligation, PendingObligations } from './liveness.ts';
import type { Monitor, Property, StepFacts } from './types.ts';

/** Which events create and discharge at-least-once obligations. */
export type AtLeastOnceLayer = 'service' | 'transport' | 'auto';

export interface AtLeastOnceOptions {
  /**
   * - `service`: `ctx.submit(payload, to)` creates an obligation for its id, owed to `to`
   *   (to any process when `to` is omitted); `ctx.deliver(id)` by that process discharges it.
   * - `transport`: sending message m from a to b creates the obligation "b receives m from a";
   *   a receipt of an equal message from a discharges it (equal messages are not told
   *   apart: one receipt discharges every earlier equal send). A send dropped by a full
   *   buffer, a partition or a crashed receiver is an obligation too; a send that failed
   *   (`onFull: 'fail'`, ctx.send returned false) and a rendezvous are not.
   * - `auto` (default): transport until the first `ctx.submit` on a run, service from then
   *   on; the checker uses the service obligations when some reachable step submits, and
   *   the transport ones when none does (a spec without a service layer).
   */
  readonly on?: AtLeastOnceLayer;
}

type Entry = readonly [receiver: string | null, key: string];
const TRANSPORT = 0;
const SERVICE = 1;

/**
 * At-least-once as liveness: on every fair run, every obligation (see `on`) is eventually
 * discharged, unless its receiver is down in every state from some point on (crashed and
 * never restarted). The ghost state is the set of pending obligations, so a state tells
 * which are pending; a lasso that keeps one pending around its whole cycle, with the
 * receiver up somewhere on the cycle, violates it.
 */
export function atLeastOnce(opts: AtLeastOnceOptions = {}): Property<unknown> {
  const layer = opts.on ?? 'auto';
  const monitor = obligationMonitor(layer);
  return {
    name: 'atLeastOnce',
    kind: 'liveness',
    description: `liveness: every ${layer === 'transport' ? 'message sent' : layer === 'service' ? 'submitted message' : 'submitted message (without a service layer: every message sent)'} is eventually delivered to its receiver unless the receiver stays down forever`,
    monitor,
    liveness: { kind: 'obligations', pending: pendingOf, inferLayer: layer === 'auto' },
  };
}

function obligationMonitor(layer: AtLeastOnceLayer): Monitor {
  return {
    init: [layer === 'service' ? SERVICE : TRANSPORT],
    step(ghost: Value, f: StepFacts): Value {
      const g = ghost as readonly Value[];
      let mode = g[0] as number;
      let entries = g.slice(1) as unknown as Entry[];
      let changed = false;
      if (layer !== 'transport') {
        for (const e of f.events) {
          if (e.kind === 'submit') {
            if (mode === TRANSPORT) {
              mode = SERVICE;
              entries = [];
            }
            entries = add(entries, [e.to, e.id]);
            changed = true;
          } else if (mode === SERVICE) {
            const before = entries.length;
            entries = entries.filter(([r, k]) => !(k === e.id && (r === null || r === e.process)));
            changed ||= entries.length !== before;
          }
        }
      }
      if (mode === TRANSPORT && layer !== 'service') {
        if (f.received) {
          const key = transportKey(f.received.from, f.received.to, f.received.msg as unknown as Value);
          const before = entries.length;
          entries = entries.filter(([r, k]) => !(k === key && r === f.received!.to));
          changed ||= entries.length !== before;
        }
        for (const s of f.sends) {
          if (s.outcome === 'rendezvous' || s.outcome === 'failed-full') continue;
          entries = add(entries, [s.to, transportKey(s.from, s.to, s.msg as unknown as Value)]);
          changed = true;
        }
      }
      if (!changed && mode === g[0]) return ghost;
      return [mode, ...(entries as unknown as Value[])];
    },
  };
}

/** The obligations pending in a state, read from this monitor's ghost. */
function pendingOf(ghost: Value): PendingObligations {
  const g = ghost as readonly Value[];
  const obligations: Obligation[] = (g.slice(1) as unknown as Entry[]).map(([receiver, key]) => ({ receiver, key }));
  return { layer: g[0] === SERVICE ? 'service' : 'transport', obligations };
}

function add(entries: readonly Entry[], e: Entry): Entry[] {
  if (entries.some(([r, k]) => r === e[0] && k === e[1])) return entries as Entry[];
  const out = [...entries, e];
  out.sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : String(x[0]) < String(y[0]) ? -1 : String(x[0]) > String(y[0]) ? 1 : 0));
  return out;
}

/** `a->b type{field:value}` with object keys sorted, so equal messages get equal keys. */
function transportKey(from: string, to: string, msg: Value): string {
  return `${from}->${to} ${canonicalText(msg)}`;
}

function canonicalText(v: Value): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + (v as readonly Value[]).map(canonicalText).join(',') + ']';
  const o = v as Readonly<Record<string, Value>>;
  return '{' + Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalText(o[k])}`).join(',') + '}';
}
