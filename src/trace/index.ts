export type { Trace, TraceStep, TraceState, TraceOverrides } from './types.ts';
export { buildTrace } from './build.ts';
export type { StateIndex } from './build.ts';
export { replayFingerprints, traceState, traceStep, fingerprintOfState } from './rebuild.ts';
