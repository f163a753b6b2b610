import type { SendRecord, StepLabel } from '../engine/index.ts';
import type { FairnessSpec, FaultsUsed, InFlight, ServiceEvent } from '../properties/index.ts';
import type { ParamValue, Value } from '../spec/index.ts';

/** A global state as a trace shows it: everything by name. */
export interface TraceState {
  readonly procs: Readonly<Record<string, Value>>;
  readonly down: readonly string[];
  readonly inFlight: readonly InFlight[];
  readonly faults: FaultsUsed;
  /** Links cut by a partition and not yet healed, as 'a<->b' (only present when some link is cut). */
  readonly cut?: readonly string[];
  /** 64-bit fingerprint of the canonical encoding, as 16 hex digits. */
  readonly fingerprint: string;
}

export interface TraceStep {
  readonly label: StepLabel;
  readonly text: string;
  readonly fault: boolean;
  readonly sends: readonly SendRecord[];
  readonly events: readonly ServiceEvent[];
  readonly chosen: readonly Value[];
  /** Violations this step caused: `property: message`. */
  readonly violations: readonly string[];
  readonly state: TraceState;
}

/** What was overridden on top of the spec, so a replay builds the same model. */
export interface TraceOverrides {
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Fault budgets given on top of the spec's; an unlimited budget is written 'inf'. */
  readonly faults?: Readonly<Record<string, number | 'inf'>>;
  /**
   * The `--network` options given: one string (the form older traces have), or the list of
   * them in order when there were several.
   */
  readonly network?: string | readonly string[];
  /** The properties the run checked (`--property`), when not all: their monitors alone shape the state. */
  readonly only?: readonly string[];
}

/**
 * A counterexample (or a reachability witness): the initial state and every step from it,
 * each with the state it leads to. Serialised as JSON it is replayable.
 */
export interface Trace {
  readonly format: 'mpcheck-trace/1';
  readonly model: string;
  readonly file?: string;
  readonly overrides: TraceOverrides;
  readonly property: string;
  readonly kind: 'counterexample' | 'witness';
  /** Why the last state or step is the end of this trace. */
  readonly reason: string;
  readonly initial: TraceState;
  readonly steps: readonly TraceStep[];
  /**
   * Present on a lasso (the counterexample of a liveness property): `steps[loopStart..]`
   * is a cycle that repeats forever — the state after the last step is the state before
   * `steps[loopStart]` (the initial state when 0). `steps[0..loopStart-1]` is the stem.
   * `loopStart === steps.length` is an empty cycle: no step at all is enabled in the last
   * state, so the run stays there forever.
   */
  readonly loopStart?: number;
  /** The fairness assumptions the cycle of a lasso respects. */
  readonly fairness?: FairnessSpec;
}
