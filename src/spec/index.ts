export type { Value, Message, ParamValue, Params } from './value.ts';
export type { Ctx, GuardCtx, Handler, GuardedHandler, ReceiveDef, ActionDef, ProcessDef, ProcessSpec, StateOf, TimeoutMode } from './types.ts';
export { protocol, isProtocol } from './define.ts';
export type { Protocol, ProtocolSpec, FaultBudget, ProcessMap, SymmetryGroup, ViewOf } from './define.ts';
