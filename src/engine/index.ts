export { Writer, Reader, EncodeError, encodeValue, decodeValue, assertEncodable, hashBytes } from './codec.ts';
export { fingerprint, fingerprintHex, fp } from './fingerprint.ts';
export { SpecError } from './errors.ts';
export { compile, FAULT_KINDS } from './model.ts';
export type { Model, ModelOptions, CompiledProcess, FaultKind } from './model.ts';
export { initialState, writeState, readState, canonicalCopy } from './state.ts';
export type { GlobalState } from './state.ts';
export { Engine, VIOLATED } from './successors.ts';
export { describeLabel } from './step.ts';
export type { Step, StepLabel, SendRecord, StepViolation } from './step.ts';
export { viewOf, inFlightOf, faultsOf } from './view.ts';
export { CollapsedStates, IdVector } from './collapsed-state.ts';
export { StepDeltas } from './step-deltas.ts';
export { IdSymmetry } from './id-symmetry.ts';
export type { StepClassifier, SuccessorSink, ViewExchange } from './step-deltas.ts';
export { ComponentTable } from './component-table.ts';
export type { Interner, InternerFactory } from './component-table.ts';
export {
  SharedComponentTable,
  SharedInterners,
  ComponentTableFull,
  allocateComponentBuffers,
  allocateComponentSet,
  grownComponentBuffers,
  grownComponentSet,
  componentLoad,
  COMPONENT_KINDS,
} from './shared-component-table.ts';
export type { SharedComponentBuffers, SharedComponentSet, ComponentKind, ComponentCapacity, ComponentLimits } from './shared-component-table.ts';
export { doubled, resized } from './doubled-array.ts';
