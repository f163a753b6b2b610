import { Engine, compile } from 'mpcheck';
import type { ModelOptions, Protocol, Step } from 'mpcheck';
import { describeLabel } from '../../src/engine/index.ts';

export interface Here {
  /** Every enabled step, in the engine's order. */
  readonly steps: readonly Step[];
  /** Their labels as the chart and traces write them. */
  readonly texts: readonly string[];
  /** How many of them are protocol steps (the rest are faults). */
  readonly protocolSteps: number;
}

/**
 * Follow a path of step texts from the initial state and return the steps enabled at its
 * end. Each text must name exactly one enabled step (the first one is taken if several share it).
 */
export function walk(p: Protocol, path: readonly string[] = [], opts: ModelOptions = {}): Here & { readonly path: readonly Step[] } {
  const engine = new Engine(compile(p, opts));
  let s = engine.initial();
  const taken: Step[] = [];
  for (const text of path) {
    const { steps } = engine.successors(s);
    const step = steps.find((x) => describeLabel(x.label) === text);
    if (!step) throw new Error(`'${text}' is not enabled; enabled: ${steps.map((x) => describeLabel(x.label)).join('; ')}`);
    taken.push(step);
    s = engine.canonical(step.next);
  }
  const { steps, protocolSteps } = engine.successors(s);
  return { steps, texts: steps.map((x) => describeLabel(x.label)), protocolSteps, path: taken };
}
