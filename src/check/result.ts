import type { FairnessSpec, PropertyKind } from '../properties/index.ts';
import type { ParamValue } from '../spec/index.ts';
import type { Trace } from '../trace/index.ts';
import type { LivenessStats } from './liveness.ts';

export type Verdict = 'holds' | 'violated' | 'unknown';

export interface PropertyResult {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string;
  readonly verdict: Verdict;
  /** One line: why this verdict (the violation, the witness, or the limit that was hit). */
  readonly detail: string;
  /** Counterexample (violated safety) or witness (reachability that holds). */
  readonly trace?: Trace;
}

/** Why the search ended. */
export type StopReason = 'exhausted' | 'all-decided' | 'max-states' | 'max-depth' | 'timeout' | 'max-memory';

export interface Stats {
  /** Distinct states stored. */
  readonly states: number;
  /** Enabled step instances fired, including those leading to states already seen. */
  readonly transitions: number;
  /** Largest depth reached (BFS: the longest shortest path explored). */
  readonly depth: number;
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
  /** Largest frontier (states waiting to be expanded). */
  readonly maxQueue: number;
  /** Bytes of the visited set and parent indexes, divided by states. */
  readonly bytesPerState: number;
  readonly peakRssBytes: number;
  /** Bytes of the frontier written to disk, when it outgrew its share of `maxMemoryBytes` (absent: none). */
  readonly spilledBytes?: number;
}

/** The state the monitors add: the same search with and without them. */
export interface GhostReport {
  /** Names of the monitor properties that ran. */
  readonly monitors: readonly string[];
  readonly statesWith: number;
  readonly statesWithout: number;
  /** Both searches expanded every reachable state (otherwise the counts are of what was explored within the limits). */
  readonly complete: boolean;
}

export interface CheckResult {
  readonly model: string;
  readonly file?: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly strategy: 'bfs' | 'dfs';
  /** Worker threads that expanded states (absent: the one-thread search). */
  readonly workers?: number;
  /** Why fewer workers were used than asked for (e.g. the protocol has no spec file, or the search was over before a worker thread joined it). */
  readonly workersNote?: string;
  /** True when every reachable state (within the depth limit, if any) was expanded. */
  readonly complete: boolean;
  readonly stoppedBy: StopReason;
  readonly properties: readonly PropertyResult[];
  readonly stats: Stats;
  readonly reductions: Reductions;
  /** Present when partial-order reduction left out states and a trace was found: the full search that shortens traces (see shorten.ts). */
  readonly shortening?: Shortening;
  /** Present when the check was asked to measure the monitors' ghost state (`measureGhost`). */
  readonly ghost?: GhostReport;
  /** The fairness assumed for the liveness properties (present when there are any). */
  readonly fairness?: FairnessSpec;
  /** The liveness checker's graph (present when there are liveness properties). */
  readonly liveness?: LivenessStats;
}

/**
 * The search without partial-order reduction, breadth first up to the longest trace found
 * with it, that makes every trace a shortest one of the full state space.
 */
export interface Shortening {
  /** The depth it searched to: the longest trace's length. */
  readonly depth: number;
  readonly states: number;
  /** It reached that depth, or found every property it looked for: every trace is a shortest one. False: a limit ended it first, and the traces it did not find may not be. */
  readonly complete: boolean;
  /** The properties whose trace it replaced by a shorter one. */
  readonly shortened: readonly string[];
}

/** Which state-space reductions were applied. */
export interface Reductions {
  /** Partial-order reduction was in force (asked for, and sound for the properties checked). */
  readonly por: boolean;
  /** States expanded through an ample set only. */
  readonly ampleStates: number;
  /** Symmetry reduction over the spec's groups of interchangeable processes was in force. */
  readonly symmetry: boolean;
  /**
   * With partial-order reduction: the invariants and reachability targets whose reads could
   * not be followed (see predicate-reads.ts); they see every step that changes a local state,
   * which is then never taken alone (absent: none).
   */
  readonly seeEveryStep?: readonly string[];
}

/** Exit code for a result: 0 all hold, 1 some violated, 3 some unknown. */
export function exitCodeOf(r: CheckResult): 0 | 1 | 3 {
  if (r.properties.some((p) => p.verdict === 'violated')) return 1;
  if (r.properties.some((p) => p.verdict === 'unknown')) return 3;
  return 0;
}
