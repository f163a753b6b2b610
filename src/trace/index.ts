export type { Trace, TraceStep, TraceState, TraceOverrides } from './types.ts';
export { buildTrace } from './build.ts';
export type { StateIndex } from './build.ts';
export { replayFingerprints, traceState, traceStep, fingerprintOfState } from './rebuild.ts';
export { renderChart, renderTrace } from './msc.ts';
export type { ChartOptions } from './msc.ts';
export { formatValue, formatMessage } from './format-value.ts';
export { replayTrace } from './replay.ts';
export type { ReplayReport, ReplayStepReport } from './replay.ts';
