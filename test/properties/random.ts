/**
 * Random histories for comparing monitors with the reference checkers. A history is drawn
 * as raw numbers and interpreted step by step, so that most deliveries pick a message that
 * is really pending (in order or not) while some repeat, misaddress or invent ids.
 */
import fc from 'fast-check';
import type { Message } from 'mpcheck';
import type { EventSpec, StepSpec } from './history.ts';

export const PROCS = ['a', 'b', 'c'] as const;

interface RawOp {
  readonly op: 'submit' | 'deliver';
  readonly x: number;
  readonly y: number;
  readonly z: number;
}
type RawStep =
  | { readonly kind: 'act'; readonly actor: number; readonly recv: number | null; readonly ops: readonly RawOp[]; readonly sends: readonly number[] }
  | { readonly kind: 'duplicate' | 'lose'; readonly index: number };

const rawOp = fc.record({ op: fc.constantFrom<'submit' | 'deliver'>('submit', 'deliver'), x: fc.nat(20), y: fc.nat(9), z: fc.nat(9) });
const rawAct = fc.record({
  kind: fc.constant('act' as const),
  actor: fc.nat(PROCS.length - 1),
  recv: fc.oneof(fc.constant(null), fc.nat(5)),
  ops: fc.array(rawOp, { maxLength: 3 }),
  sends: fc.array(fc.nat(PROCS.length - 1), { maxLength: 2 }),
});
const rawFault = fc.record({ kind: fc.constantFrom<'duplicate' | 'lose'>('duplicate', 'lose'), index: fc.nat(10) });

/**
 * Service-level histories: submits (to one process, or to everyone with probability
 * `broadcast`/10), deliveries (mostly of a pending message, in order or not; sometimes a
 * repeat, an id addressed elsewhere, or an invented one), transport sends and receipts,
 * duplicates and losses.
 */
export const serviceHistory = (broadcast = 3): fc.Arbitrary<StepSpec[]> =>
  fc
    .array(fc.oneof({ weight: 8, arbitrary: rawAct as fc.Arbitrary<RawStep> }, { weight: 1, arbitrary: rawFault as fc.Arbitrary<RawStep> }), { maxLength: 30, size: 'max' })
    .map((raw) => interpret(raw, broadcast));

function interpret(raw: readonly RawStep[], broadcast: number): StepSpec[] {
  const counters = new Map<string, number>();
  const submitted: { id: string; to: string | null; payload: number }[] = [];
  const delivered = new Set<string>(); // `${q}|${id}`
  return raw.map((r): StepSpec => {
    if (r.kind !== 'act') return r;
    const actor = PROCS[r.actor];
    const events = r.ops.map((o): EventSpec => {
      if (o.op === 'submit') {
        const k = counters.get(actor) ?? 0;
        counters.set(actor, k + 1);
        const to = o.y < broadcast ? null : PROCS[o.x % PROCS.length];
        submitted.push({ id: `${actor}#${k}`, to, payload: o.z % 3 });
        return { submit: to, payload: o.z % 3 };
      }
      const mine = submitted.filter((s) => (s.to === null || s.to === actor) && !delivered.has(`${actor}|${s.id}`));
      let pick: { id: string; payload: number } | undefined;
      if (o.y <= 2) pick = mine[0];
      else if (o.y <= 7) pick = mine[o.x % Math.max(mine.length, 1)];
      else if (o.y === 8) pick = submitted[o.x % Math.max(submitted.length, 1)];
      else pick = { id: o.x % 2 ? `${PROCS[o.x % PROCS.length]}#${7 + (o.x % 2)}` : 'junk', payload: 0 };
      if (!pick) pick = { id: `${PROCS[o.x % PROCS.length]}#0`, payload: 0 };
      delivered.add(`${actor}|${pick.id}`);
      if (o.z === 0) return { deliver: pick.id, payload: pick.payload + 1 };
      if (o.z <= 4) return { deliver: pick.id, payload: pick.payload };
      return { deliver: pick.id };
    });
    return { kind: 'act', actor, ...(r.recv !== null ? { recv: r.recv } : {}), events, sends: r.sends.map((t) => ({ to: PROCS[t] })) };
  });
}

/** Channel-level histories: transport sends and receipts only (messages carry a rank 0..2), with duplicates, losses, partitions. */
export const channelHistory: fc.Arbitrary<StepSpec[]> = fc.array(
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({
          kind: fc.constant('act' as const),
          actor: fc.constantFrom(...PROCS),
          recv: fc.oneof(fc.constant(undefined), fc.nat(5), fc.nat(5)),
          sends: fc.array(
            fc.record({
              to: fc.constantFrom(...PROCS),
              msg: fc.nat(2).map((p): Message => ({ type: 'm', p }) as Message),
              outcome: fc.constantFrom<'queued' | 'dropped-full' | 'failed-full'>('queued', 'queued', 'queued', 'queued', 'queued', 'queued', 'dropped-full', 'failed-full'),
            }),
            { maxLength: 2 },
          ),
        })
        .map((s): StepSpec => (s.recv === undefined ? { kind: 'act', actor: s.actor, sends: s.sends } : s)),
    },
    { weight: 2, arbitrary: rawFault.map((f): StepSpec => f) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom<'partition' | 'heal'>('partition', 'heal'), a: fc.constantFrom(...PROCS), b: fc.constantFrom(...PROCS) }).filter((x) => x.a !== x.b) },
  ),
  { maxLength: 30, size: 'max' },
);

export const rankOf = (m: Message): number => (m as Message & { p?: number }).p ?? 0;
