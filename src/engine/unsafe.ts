import { FAULT_KINDS } from './model.ts';

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

const LOSE = FAULT_KINDS.indexOf('lose');
const DUPLICATE = FAULT_KINDS.indexOf('duplicate');
const REORDER = FAULT_KINDS.indexOf('reorder');

/** The reasons that count in a state that has used `faults` of `budget` (in FAULT_KINDS order): `always`, and each queue fault still left. */
export function reasonsLeft(faults: ArrayLike<number>, budget: ArrayLike<number>): number {
  return UNSAFE.always | (faults[LOSE] < budget[LOSE] ? UNSAFE.lose : 0) | (faults[DUPLICATE] < budget[DUPLICATE] ? UNSAFE.duplicate : 0) | (faults[REORDER] < budget[REORDER] ? UNSAFE.reorder : 0);
}
