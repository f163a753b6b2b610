import { Engine, Writer } from '../engine/index.ts';
import type { Model, Step } from '../engine/index.ts';
import type { Property } from '../properties/index.ts';
import { traceState, traceStep } from '../trace/index.ts';
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
    format: 'mpcheck-trace/1',
    model: model.name,
    ...(model.file ? { file: model.file } : {}),
    overrides: overrides ?? { params: model.params },
    property: property.name,
    kind: property.kind === 'reachability' ? 'witness' : 'counterexample',
    reason,
    initial: traceState(model, new Engine(model).initial(), w),
    steps: steps.map((s) => traceStep(model, s, w)),
  };
}
