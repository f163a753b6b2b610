import type { Value } from '../spec/index.ts';
import { makeId, parseId } from './ids.ts';
import type { Key } from './ids.ts';
import type { SendOutcome, StepFacts } from './types.ts';

/** A submit, as a guarantee reads it: the message `id` (number `seq` of its submitter) handed to the layer for `to` (null: every process). */
export interface SubmitEvent {
  readonly kind: 'submit';
  readonly process: string;
  readonly id: string;
  readonly seq: number;
  /** The message's key in ghost state (see ids.ts). */
  readonly key: Key;
  readonly to: string | null;
  readonly payload: Value;
}

/** A deliver, as a guarantee reads it; `sender`/`seq` are null when the id names no submit of a known process. */
export interface DeliverEvent {
  readonly kind: 'deliver';
  readonly process: string;
  readonly id: string;
  readonly sender: string | null;
  readonly seq: number | null;
  readonly key: Key;
  /** Present when the spec passed it to `ctx.deliver(id, payload)` (never in raw channel mode). */
  readonly payload?: Value;
}

export type GuaranteeEvent = SubmitEvent | DeliverEvent;

/** The step's service events (from ctx.submit / ctx.deliver), in the order the step made them. */
export function serviceEvents(facts: StepFacts): readonly GuaranteeEvent[] {
  return facts.events.length === 0 ? NONE : normalize(facts);
}

const NONE: readonly GuaranteeEvent[] = [];

function normalize(facts: StepFacts): GuaranteeEvent[] {
  const n = facts.processes.length;
  return facts.events.map((e): GuaranteeEvent => {
    const parsed = parseId(e.id, facts.processes);
    const key = parsed ? parsed.seq * n + parsed.index : e.id;
    if (e.kind === 'submit') return { kind: 'submit', process: e.process, id: e.id, seq: parsed?.seq ?? -1, key, to: e.to, payload: e.payload };
    const base = { kind: 'deliver' as const, process: e.process, id: e.id, sender: parsed?.sender ?? null, seq: parsed?.seq ?? null, key };
    return e.payload === undefined ? base : { ...base, payload: e.payload };
  });
}

/**
 * Transport sends that count as submits in raw channel mode: every send that left its
 * sender — queued, handed over in a rendezvous, or dropped on the way (full buffer,
 * partition, crashed receiver). A send refused with `onFull: 'fail'` was not made.
 */
export function countsAsSubmit(outcome: SendOutcome): boolean {
  return outcome !== 'failed-full';
}

/**
 * The step's events in raw channel mode: the consumed transport message (numbered `k` by
 * its tag) is delivered first, then each counted send is a submit numbered by its sender's
 * counter; a rendezvous send is delivered right after it is submitted. `counters` (sends
 * numbered so far, per sender) is advanced in place.
 */
export function channelEvents(facts: StepFacts, receivedSeq: number | null, counters: number[]): GuaranteeEvent[] {
  const out: GuaranteeEvent[] = [];
  const ps = facts.processes;
  const r = facts.received;
  if (r && receivedSeq !== null) {
    out.push({ kind: 'deliver', process: r.to, id: makeId(r.from, receivedSeq), sender: r.from, seq: receivedSeq, key: receivedSeq * ps.length + ps.indexOf(r.from) });
  }
  for (const s of facts.sends) {
    if (!countsAsSubmit(s.outcome)) continue;
    const p = ps.indexOf(s.from);
    while (counters.length <= p) counters.push(0);
    const k = counters[p];
    counters[p] = k + 1;
    const id = makeId(s.from, k);
    const key = k * ps.length + p;
    out.push({ kind: 'submit', process: s.from, id, seq: k, key, to: s.to, payload: s.msg as unknown as Value });
    if (s.outcome === 'rendezvous') out.push({ kind: 'deliver', process: s.to, id, sender: s.from, seq: k, key });
  }
  return out;
}

/** The number raw channel mode gives the send at `index` of the step, from the counters after the step. */
export function channelSeqOf(facts: StepFacts, index: number, countersAfter: readonly number[]): number {
  const from = facts.sends[index].from;
  let later = 0;
  for (let i = index + 1; i < facts.sends.length; i++) if (facts.sends[i].from === from && countsAsSubmit(facts.sends[i].outcome)) later++;
  return (countersAfter[facts.processes.indexOf(from)] ?? 0) - 1 - later;
}
