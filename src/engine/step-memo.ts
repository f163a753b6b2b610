/**
 * The step memo: what a guard or a step body did, recorded per (guard or body, local state,
 * message), so that the next time the same process meets the same local state and message
 * the engine replays the recorded context calls instead of running the spec's code. A guard
 * or body is a deterministic function of its local state, its message and what its context
 * calls return (mpcheck's replayable traces already require this), so when every recorded
 * call, made again against the state at hand in the same order with the same arguments,
 * returns what it returned then, the code would take the same path and return the same
 * value. Sends, assertions and deliveries are made again through the real context, so the
 * step's queues, records, events and the partial-order reduction's stability flags are
 * exactly those of running the code. Bodies that call choose or submit, or send on a
 * synchronous channel, are not recorded. Local states and messages are keys by identity:
 * the search hands out one frozen object per distinct component (CollapsedStates).
 */
import type { GuardContext, StepContext } from './contexts.ts';
import { BLOCKED } from './run.ts';
import { OP_ASSERT, OP_CAN_SEND, OP_DELIVER, OP_MAILBOX_EMPTY, OP_PENDING, OP_SEND } from './step-memo-ops.ts';

/** One recorded outcome: the context calls in order, and the value returned (frozen). */
export interface Recorded {
  readonly ops: readonly unknown[];
  readonly result: unknown;
  /** The body ended by a send that blocked the step (the last op, with no result). */
  readonly blocked: boolean;
}

/** Values the memo froze (deeply) to hand out again: safe to recognise by identity. */
export const memoFrozen = new WeakSet<object>();

/** Freeze `v` and everything in it that is not frozen yet. */
export function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v as object)) deepFreeze(x);
  memoFrozen.add(v);
}

// bounded: a model whose local states rarely repeat gains little from the memo and should not pay for it in memory
const MAX_RECORDED = 1 << 18;
const MAX_PER_KEY = 8;

export class StepMemo {
  /** By local state: a flat list of (guard or body, message, recorded outcomes) triples — few per local state, so a scan beats two more maps. */
  private readonly byLocal = new Map<unknown, unknown[]>();
  private count = 0;

  /** `limit`: recorded outcomes kept before the memo starts over. */
  constructor(private readonly limit = MAX_RECORDED) {}

  get(code: object, local: unknown, msg: unknown): readonly Recorded[] | undefined {
    const list = this.byLocal.get(local);
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i += 3) if (list[i] === code && list[i + 1] === msg) return list[i + 2] as Recorded[];
    return undefined;
  }

  add(code: object, local: unknown, msg: unknown, r: Recorded): void {
    if (this.count >= this.limit) {
      this.byLocal.clear();
      this.count = 0;
    }
    let list = this.byLocal.get(local);
    if (list === undefined) this.byLocal.set(local, (list = []));
    for (let i = 0; i < list.length; i += 3) {
      if (list[i] === code && list[i + 1] === msg) {
        const outcomes = list[i + 2] as Recorded[];
        if (outcomes.length < MAX_PER_KEY) {
          outcomes.push(r);
          this.count++;
        }
        return;
      }
    }
    list.push(code, msg, [r]);
    this.count++;
  }
}

const MISMATCH = -1;
const NOT_A_READ = -2;

/**
 * If ops[i] is a read call (canSend, pending, mailboxEmpty), make it again: the index after
 * it when it returns what was recorded, MISMATCH when not; NOT_A_READ for a call with effects.
 */
function replayRead(ctx: GuardContext, ops: readonly unknown[], i: number): number {
  switch (ops[i]) {
    case OP_CAN_SEND:
      return ctx.canSend(ops[i + 1] as string) === ops[i + 2] ? i + 3 : MISMATCH;
    case OP_PENDING:
      return ctx.pending() === ops[i + 1] ? i + 2 : MISMATCH;
    case OP_MAILBOX_EMPTY:
      return ctx.mailboxEmpty() === ops[i + 1] ? i + 2 : MISMATCH;
    default:
      return NOT_A_READ;
  }
}

/** Make the read calls of `ops` again, up to the first call with an effect; true when each returns what was recorded. */
export function leadingReadsMatch(ctx: GuardContext, ops: readonly unknown[]): boolean {
  for (let i = 0; i < ops.length; ) {
    const next = replayRead(ctx, ops, i);
    if (next === NOT_A_READ) return true;
    if (next === MISMATCH) return false;
    i = next;
  }
  return true;
}

/**
 * Make every call of a recorded body again; true when each returned what was recorded (and
 * a recorded blocking send blocked again). False leaves the step's Run half-built: the
 * caller must discard it.
 */
export function replayBody(ctx: StepContext, r: Recorded): boolean {
  const ops = r.ops;
  for (let i = 0; i < ops.length; ) {
    const next = replayRead(ctx, ops, i);
    if (next === MISMATCH) return false;
    if (next !== NOT_A_READ) {
      i = next;
      continue;
    }
    switch (ops[i]) {
      case OP_SEND: {
        const blocks = r.blocked && i + 3 === ops.length;
        let sent: boolean;
        try {
          sent = ctx.send(ops[i + 1] as string, ops[i + 2] as never);
        } catch (e) {
          if (e === BLOCKED) return blocks;
          throw e;
        }
        if (blocks || sent !== ops[i + 3]) return false;
        i += 4;
        break;
      }
      case OP_ASSERT:
        ctx.assert(false, ops[i + 1] as string);
        i += 2;
        break;
      case OP_DELIVER:
        ctx.deliver(ops[i + 1] as string, ops[i + 2] as never);
        i += 3;
        break;
      default:
        return false;
    }
  }
  return true;
}
