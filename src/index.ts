/** mpcheck: the public API. */
export { protocol, isProtocol } from './spec/index.ts';
export type { Protocol, ProtocolSpec, FaultBudget, ProcessDef, ProcessSpec, ActionDef, ReceiveDef, Ctx, GuardCtx, Message, Value, Params, ParamValue, ViewOf, TimeoutMode, SymmetryGroup } from './spec/index.ts';
export { network } from './network/index.ts';
export type { ChannelSpec, ChannelOptions, NetworkSpec, Ordering, OnFull } from './network/index.ts';
export { props, isViolation, fifo, causal, totalOrder, priority, atMostOnce, deliveredAtEnd, exactlyOnce, integrity, monitorOf } from './properties/index.ts';
export type {
  Property,
  StateView,
  Monitor,
  Notices,
  StepFacts,
  ServiceEvent,
  Violation,
  EndFacts,
  PlacedSend,
  FifoOptions,
  GuaranteeOptions,
  Layer,
  Guarantee,
  Observed,
  GuaranteeEvent,
  SubmitEvent,
  DeliverEvent,
  FairnessSpec,
  Liveness,
  Obligation,
  AtLeastOnceOptions,
} from './properties/index.ts';
export { check, search, exitCodeOf } from './check/index.ts';
export type { CheckOptions, CheckResult, GhostReport, PropertyResult, Shortening, Stats, Verdict, Progress } from './check/index.ts';
export { simulate, swarm, simulationExitCode } from './check/index.ts';
export type { SimulateOptions, SimulateProtocolOptions, SwarmOptions, SimulationResult, SimulationPropertyResult, SimulationStats, SimulationProgress, Finding } from './check/index.ts';
export { minimizeFaults } from './check/index.ts';
export type { MinFaultsResult, FaultCount, FaultSearch } from './check/index.ts';
export { compile, Engine, SpecError } from './engine/index.ts';
export type { Model, ModelOptions, Step, StepLabel } from './engine/index.ts';
export type { Trace, TraceStep, TraceState } from './trace/index.ts';
