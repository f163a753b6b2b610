/**
 * Synthetic histories for driving a monitor's step function directly, without a spec:
 * a tiny network simulation (messages in send order, each with a uid that a duplicate
 * keeps) that builds the StepFacts the engine would build, attaches the monitor's tags to
 * the messages it places and hands them back on receipt.
 */
import { isViolation } from 'mpcheck';
import type { EndFacts, Message, Monitor, ServiceEvent, StepFacts, Value } from 'mpcheck';

type SendOutcome = StepFacts['sends'][number]['outcome'];

/** A service event as a test writes it: submit ids are assigned in order per process (`a#0`, `a#1`, …). */
export type EventSpec = ({ readonly submit: string | null; readonly payload?: Value } | { readonly deliver: string; readonly payload?: Value }) & {
  /** The process making the event (default: the step's actor; another one in a rendezvous). */
  readonly by?: string;
};

export type StepSpec =
  | {
      readonly kind: 'act';
      readonly actor: string;
      /** Index (in send order) of the in-flight message to this actor that the step receives. */
      readonly recv?: number;
      readonly events?: readonly EventSpec[];
      readonly sends?: readonly { readonly to: string; readonly msg?: Message; readonly outcome?: SendOutcome }[];
    }
  | { readonly kind: 'duplicate' | 'lose'; readonly index: number }
  | { readonly kind: 'partition' | 'heal'; readonly a: string; readonly b: string };

/** A transport message in flight. */
export interface Sent {
  readonly uid: number;
  readonly from: string;
  readonly to: string;
  readonly msg: Message;
  /** Step that sent it and its index in that step's sends. */
  readonly step: number;
  readonly pos: number;
}

/** A step with everything resolved: ids, the message received, the network before it. */
export type Resolved =
  | {
      readonly kind: 'act';
      readonly actor: string;
      readonly received: Sent | null;
      readonly events: readonly ServiceEvent[];
      readonly sends: readonly { readonly from: string; readonly to: string; readonly msg: Message; readonly outcome: SendOutcome; readonly uid: number | null }[];
      readonly before: readonly Sent[];
    }
  | { readonly kind: 'duplicate' | 'lose'; readonly target: Sent; readonly before: readonly Sent[] }
  | { readonly kind: 'partition' | 'heal'; readonly a: string; readonly b: string; readonly before: readonly Sent[] };

export const M: Message = { type: 'm' };

/** Resolve step specs against a simulated network; steps that cannot happen (nothing to receive) are dropped. */
export function resolve(steps: readonly StepSpec[]): Resolved[] {
  let net: Sent[] = [];
  const counters = new Map<string, number>();
  let uid = 0;
  const out: Resolved[] = [];
  for (const s of steps) {
    const before = net;
    if ('index' in s) {
      if (net.length === 0) continue;
      const i = s.index % net.length;
      const target = net[i];
      net = s.kind === 'lose' ? [...net.slice(0, i), ...net.slice(i + 1)] : [...net.slice(0, i + 1), target, ...net.slice(i + 1)];
      out.push({ kind: s.kind, target, before });
      continue;
    }
    if ('a' in s) {
      out.push({ kind: s.kind, a: s.a, b: s.b, before });
      continue;
    }
    let received: Sent | null = null;
    if (s.recv !== undefined) {
      const mine = net.filter((m) => m.to === s.actor);
      if (mine.length === 0) continue;
      received = mine[s.recv % mine.length];
      const at = net.indexOf(received);
      net = [...net.slice(0, at), ...net.slice(at + 1)];
    }
    const events: ServiceEvent[] = (s.events ?? []).map((e) => {
      const by = e.by ?? s.actor;
      if ('submit' in e) {
        const k = counters.get(by) ?? 0;
        counters.set(by, k + 1);
        return { kind: 'submit', process: by, id: `${by}#${k}`, payload: e.payload ?? null, to: e.submit };
      }
      return e.payload === undefined ? { kind: 'deliver', process: by, id: e.deliver } : { kind: 'deliver', process: by, id: e.deliver, payload: e.payload };
    });
    const step = out.length;
    const sends = (s.sends ?? []).map((x, pos) => {
      const outcome = x.outcome ?? 'queued';
      const msg = x.msg ?? M;
      if (outcome !== 'queued') return { from: s.actor, to: x.to, msg, outcome, uid: null };
      const sent: Sent = { uid: uid++, from: s.actor, to: x.to, msg, step, pos };
      net = [...net, sent];
      return { from: s.actor, to: x.to, msg, outcome, uid: sent.uid };
    });
    out.push({ kind: 'act', actor: s.actor, received, events, sends, before });
  }
  return out;
}

export interface MonitorRun {
  /** First violation: the index of the resolved step and the message. */
  readonly violation: { readonly step: number; readonly message: string } | null;
  readonly ghost: Value;
  readonly ghosts: readonly Value[];
}

/** Drive a monitor over a resolved history, the way the engine does (tags travel with messages, duplicates keep them). */
export function drive(monitor: Monitor, processes: readonly string[], history: readonly Resolved[], end?: Omit<EndFacts, 'processes'>): MonitorRun {
  let ghost = monitor.init;
  const ghosts: Value[] = [ghost];
  const tags = new Map<number, Value>();
  for (let i = 0; i < history.length; i++) {
    const h = history[i];
    const inFlight = h.before.map((m) => ({ from: m.from, to: m.to, msg: m.msg }));
    const facts: StepFacts =
      h.kind === 'act'
        ? {
            label: { kind: h.received ? 'deliver' : 'action', process: h.actor },
            events: h.events,
            sends: h.sends.map(({ from, to, msg, outcome }) => ({ from, to, msg, outcome })),
            received: h.received ? { from: h.received.from, to: h.received.to, msg: h.received.msg, tag: tags.get(h.received.uid) ?? null } : null,
            processes,
            inFlight,
          }
        : {
            label: h.kind === 'partition' || h.kind === 'heal' ? ({ kind: h.kind, a: h.a, b: h.b } as StepFacts['label']) : { kind: h.kind },
            events: [],
            sends: [],
            received: null,
            processes,
            inFlight,
          };
    const r = monitor.step(ghost, facts);
    if (isViolation(r)) return { violation: { step: i, message: r.violation }, ghost, ghosts };
    ghost = r;
    ghosts.push(ghost);
    if (h.kind === 'act' && monitor.tag) {
      h.sends.forEach((s, index) => {
        if (s.uid !== null) tags.set(s.uid, monitor.tag!(ghost, { from: s.from, to: s.to, msg: s.msg, index }, facts));
      });
    }
  }
  if (end && monitor.atEnd) {
    const v = monitor.atEnd(ghost, { processes, ...end });
    if (v) return { violation: { step: history.length, message: v.violation }, ghost, ghosts };
  }
  return { violation: null, ghost, ghosts };
}

/** Shorthands for hand-written histories. */
export const act = (actor: string, o: { recv?: number; events?: EventSpec[]; sends?: { to: string; msg?: Message; outcome?: SendOutcome }[] } = {}): StepSpec => ({ kind: 'act', actor, ...o });
export const submit = (to: string | null, payload?: Value, by?: string): EventSpec => ({ submit: to, ...(payload !== undefined ? { payload } : {}), ...(by ? { by } : {}) });
export const deliver = (id: string, payload?: Value, by?: string): EventSpec => ({ deliver: id, ...(payload !== undefined ? { payload } : {}), ...(by ? { by } : {}) });
