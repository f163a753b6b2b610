import type { Engine, GlobalState, Model } from '../engine/index.ts';
import { Writer } from '../engine/index.ts';
import type { Property } from '../properties/index.ts';
import { replayFingerprints, traceState, traceStep } from './rebuild.ts';
import type { Trace, TraceOverrides } from './types.ts';

/** Parent links and fingerprints of explored states: what a search keeps instead of states. */
export interface StateIndex {
  pathTo(index: number): number[];
  fingerprintOf(index: number): [number, number];
  /** The fingerprint the search gave a state, when it is not that of the canonical encoding. */
  keyOf?(s: GlobalState): readonly [number, number];
}

/** Rebuild a trace by replaying the path to `f.state` (and the step `f.ordinal` out of it, if given). */
export function buildTrace(
  engine: Engine,
  index: StateIndex,
  f: { readonly state: number; readonly ordinal?: number; readonly message: string },
  property: Pick<Property, 'name' | 'kind'>,
  overrides: TraceOverrides | undefined,
  pathFps?: readonly (readonly [number, number])[],
): Trace {
  const model = engine.model;
  const fps = pathFps ?? index.pathTo(f.state).map((i) => index.fingerprintOf(i));
  const { states, steps } = replayFingerprints(engine, fps, f.ordinal, index.keyOf?.bind(index));
  const w = new Writer();
  return {
    ...traceHeader(model, property, f.message, overrides),
    initial: traceState(model, states[0], w),
    steps: steps.map((s) => traceStep(model, s, w)),
  };
}

/** The fields every trace starts with: what model, which property, why, and the overrides to rebuild the model. */
export function traceHeader(
  model: Model,
  property: Pick<Property, 'name' | 'kind'>,
  reason: string,
  overrides: TraceOverrides | undefined,
): Pick<Trace, 'format' | 'model' | 'file' | 'overrides' | 'property' | 'kind' | 'reason'> {
  return {
    format: 'mpcheck-trace/1',
    model: model.name,
    ...(model.file ? { file: model.file } : {}),
    overrides: overrides ?? { params: model.params },
    property: property.name,
    kind: property.kind === 'reachability' ? 'witness' : 'counterexample',
    reason,
  };
}
