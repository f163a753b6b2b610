import { Engine, Writer } from '../engine/index.ts';
import type { Model, Step } from '../engine/index.ts';
import type { Property } from '../properties/index.ts';
import { traceHeader, traceState, traceStep } from '../trace/index.ts';
import type { Trace, TraceOverrides } from '../trace/index.ts';

/** The trace of the steps a walk took: the same replayable format an exhaustive search writes. */
export function walkTrace(
  model: Model,
  steps: readonly Step[],
  property: Pick<Property, 'name' | 'kind'>,
  reason: string,
  overrides: TraceOverrides | undefined,
): Trace {
  const w = new Writer();
  return {
    ...traceHeader(model, property, reason, overrides),
    initial: traceState(model, new Engine(model).initial(), w),
    steps: steps.map((s) => traceStep(model, s, w)),
  };
}
