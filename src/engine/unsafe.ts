import type { Notices } from '../properties/index.ts';
import { F_DUP, F_LOSE, F_REORDER } from './model.ts';

/**
 * Why partial-order reduction may not take a process's steps as an ample set, as bits: some
 * step of the process may be enabled, disabled or changed before it moves by another
 * process (`always`), or by a loss, a duplication or a reordering, which matter only while
 * that fault is left in the budget. The engine finds the reasons whatever faults are left, so
 * that the successor cache (step-deltas.ts) records them once per view of the process; each
 * state weighs them against the faults it has left ({@link reasonsLeft}).
 *
 * Two more bits say what a property may see of the process's steps (see visibility.ts):
 * `events`, some step makes service events; `traffic`, some step sends or takes a transport
 * message. They count in a state whose monitors notice such steps.
 */
export const UNSAFE = { always: 1, lose: 2, duplicate: 4, reorder: 8, events: 16, traffic: 32 } as const;

/** The reasons that count in a state that has used `faults` of `budget` (in FAULT_KINDS order): `always`, and each queue fault still left. */
export function reasonsLeft(faults: ArrayLike<number>, budget: ArrayLike<number>): number {
  return UNSAFE.always | (faults[F_LOSE] < budget[F_LOSE] ? UNSAFE.lose : 0) | (faults[F_DUP] < budget[F_DUP] ? UNSAFE.duplicate : 0) | (faults[F_REORDER] < budget[F_REORDER] ? UNSAFE.reorder : 0);
}

/** What a property may see of one step: UNSAFE.events when it makes service events, UNSAFE.traffic when it sends or takes a transport message. */
export function stepVisibility(events: number, traffic: boolean): number {
  return (events > 0 ? UNSAFE.events : 0) | (traffic ? UNSAFE.traffic : 0);
}

/** The bits of {@link stepVisibility} a monitor that notices `n` sees. */
export function noticedBits(n: Notices): number {
  return n === 'traffic' ? UNSAFE.events | UNSAFE.traffic : UNSAFE.events;
}
