import fc from 'fast-check';
import { FAULT_KINDS } from '../engine/index.ts';
import type { FaultKind, Model, Step } from '../engine/index.ts';

/**
 * Which steps a random walk favours: a weight per process (its actions, deliveries and
 * restart) and per fault kind. A step with weight 0 is never taken. Swarm search gives each
 * seed its own bias, so that different searches stress different corners of the space.
 */
export interface Bias {
  /** Weight per process, in declaration order. */
  readonly processes: readonly number[];
  /** Weight per fault kind (a heal counts as a partition step). */
  readonly faults: Readonly<Record<FaultKind, number>>;
}

/** A choice is an integer in [0, CHOICES): a point on the line of the enabled steps' weights. */
export const CHOICES = 2 ** 31;

/** Every enabled step equally likely. */
export function uniformBias(model: Model): Bias {
  return { processes: model.names.map(() => 1), faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 1])) as Record<FaultKind, number> };
}

const PROCESS_WEIGHTS = [0.25, 1, 1, 4] as const;
const FAULT_WEIGHTS = [0, 0.05, 0.25, 1] as const;

/**
 * The bias of one swarm member, drawn from its seed with fast-check: each process gets a
 * priority out of {¼, 1, 4} and each fault kind a rate out of {0, 0.05, 0.25, 1} (0 turns
 * that fault off for the whole search). Same seed, same bias.
 */
export function randomBias(model: Model, seed: number): Bias {
  const arb = fc.record({
    processes: fc.array(fc.constantFrom(...PROCESS_WEIGHTS), { minLength: model.names.length, maxLength: model.names.length }),
    faults: fc.tuple(...FAULT_KINDS.map(() => fc.constantFrom(...FAULT_WEIGHTS))),
  });
  const [drawn] = fc.sample(arb, { seed, numRuns: 1 });
  return { processes: drawn.processes, faults: Object.fromEntries(FAULT_KINDS.map((k, i) => [k, drawn.faults[i]])) as Record<FaultKind, number> };
}

/** The weight of one enabled step under a bias. */
export function stepWeight(bias: Bias, model: Model, step: Step): number {
  const l = step.label;
  switch (l.kind) {
    case 'lose':
    case 'duplicate':
    case 'reorder':
    case 'crash':
    case 'partition':
      return bias.faults[l.kind];
    case 'heal':
      return bias.faults.partition;
    default:
      return bias.processes[model.names.indexOf(l.process)] ?? 1;
  }
}

/** Map a choice to an index into `weights` (proportionally to the weights); -1 if every weight is 0. */
export function pick(choice: number, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) return -1;
  const x = ((choice + 0.5) / CHOICES) * total;
  let cum = 0;
  let last = -1;
  for (let k = 0; k < weights.length; k++) {
    if (weights[k] <= 0) continue;
    cum += weights[k];
    last = k;
    if (x < cum) return k;
  }
  return last;
}

/** A choice that `pick` maps to `index` (the middle of its interval); -1 if that step has weight 0. */
export function choiceFor(index: number, weights: readonly number[]): number {
  if (!(weights[index] > 0)) return -1;
  let total = 0;
  let before = 0;
  for (let k = 0; k < weights.length; k++) {
    if (k < index) before += weights[k];
    total += weights[k];
  }
  const mid = Math.min(CHOICES - 1, Math.max(0, Math.floor(((before + weights[index] / 2) / total) * CHOICES)));
  if (pick(mid, weights) === index) return mid;
  // rounding put the middle outside (only for vanishing weights): search the interval's ends
  for (let c = Math.floor((before / total) * CHOICES) - 2; c <= Math.ceil(((before + weights[index]) / total) * CHOICES) + 2; c++) {
    if (c >= 0 && c < CHOICES && pick(c, weights) === index) return c;
  }
  return -1;
}

/** One line for reports: `p0 ×4, p1 ×¼; lose 0.05, crash off`. */
export function describeBias(model: Model, bias: Bias): string {
  const procs = model.names.map((n, i) => `${n} ×${bias.processes[i]}`).join(', ');
  const faults = FAULT_KINDS.filter((k) => model.budget[FAULT_KINDS.indexOf(k)] > 0).map((k) => `${k} ${bias.faults[k] === 0 ? 'off' : `×${bias.faults[k]}`}`);
  return faults.length ? `${procs}; ${faults.join(', ')}` : procs;
}
