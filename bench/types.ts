// Shared data types of the benchmark harness.

/** Counts every tool must agree on (from the model's expected.json). */
export interface Expected {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
}

/** One model at one parameter setting, e.g. ring N=5 M=1 C=2. */
export interface Instance {
  /** Model name = directory under bench/models/ and base name of its files. */
  readonly model: string;
  /** Short id, e.g. "N5M1C2"; the CLI also accepts "ring/N5M1C2". */
  readonly id: string;
  /** Parameter values, in the model's declared order. */
  readonly params: ReadonlyArray<readonly [name: string, value: number]>;
  /**
   * Parameters that are fault budgets in mpcheck (passed as `--faults kind=value` rather than
   * `--param`): parameter name → fault kind, e.g. { L: 'lose' }. SPIN and Rumur get them
   * like any other parameter.
   */
  readonly faultParams: Readonly<Record<string, string>>;
  /**
   * True when every path to a state has the same length (as in the ring), so that SPIN's DFS
   * "depth reached" equals the BFS depth and is worth comparing.
   */
  readonly layered: boolean;
  readonly expected: Expected;
}

export type Tool = 'spin' | 'rumur' | 'mpcheck';

/** A command line ready to run. */
export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** What a tool's output says about one finished run. */
export interface Parsed {
  readonly states: number;
  readonly transitions: number;
  /** Search depth as the tool reports it, if it does. */
  readonly depth?: number;
  /** "holds" when no property failed, else a short description. */
  readonly verdict: string;
  /** The tool's own figure for the search time, in seconds, if it gives one. */
  readonly reportedSeconds?: number;
  /** The tool's own memory figure in bytes, if it gives one. */
  readonly reportedMemoryBytes?: number;
  /** True when reportedMemoryBytes is a whole-process peak RSS (then it may raise the peak). */
  readonly reportedMemoryIsRss?: boolean;
  /** mpcheck: the worker threads the search actually ran on (JSON `workers`). */
  readonly workers?: number;
  /** mpcheck: why it ran on fewer threads than asked for (JSON `workersNote`). */
  readonly workersNote?: string;
  /** mpcheck: whether partial-order reduction was in force (JSON `reductions.por`). */
  readonly porInForce?: boolean;
  /** mpcheck: whether symmetry reduction was in force (JSON `reductions.symmetry`). */
  readonly symmetryInForce?: boolean;
  /** Warnings worth showing next to the row. */
  readonly notes: readonly string[];
}

/** One way of running one tool (one row per instance). */
export interface Config {
  readonly tool: Tool;
  /** Label in the table, e.g. "spin -DNOREDUCE". */
  readonly label: string;
  /** Whether states/transitions must equal the expected counts. */
  readonly compared: boolean;
  /** Whether depth must equal the expected depth (a warning only). */
  readonly depthCompared: boolean;
  /** The reported depth is a DFS depth: compared only on layered models (see Instance.layered). */
  readonly depthIsDfs?: boolean;
  /**
   * The tool's own search time is too coarse to use (Rumur: whole seconds), so the search time is
   * the wall clock of the checking process instead (see Row.searchSeconds).
   */
  readonly searchTimeIsRunTime?: boolean;
  /**
   * Label of the config that runs the same tool with the same reduction on one thread, for a
   * config that runs on several (rows then get speedupVsOneThread).
   */
  readonly oneThreadLabel?: string;
  /** Generate/compile whatever is needed in `dir`; return the command to time. */
  prepare(instance: Instance, dir: string): Promise<Command>;
  /** Read the result of the timed command; throw an Error when it is unusable. */
  parse(run: ExecResult): Parsed;
}

/** A finished child process. */
export interface ExecResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallSeconds: number;
  /** Max RSS from GNU time (%M), when measured. */
  readonly maxRssBytes: number | undefined;
  /**
   * The hypervisor's share of the whole machine's CPU time while the command ran (steal in
   * /proc/stat, before and after: Δsteal / Δtotal, 0..1); undefined without /proc/stat.
   */
  readonly stealShare: number | undefined;
  readonly timedOut: boolean;
}

export type CountCheck = 'ok' | 'MISMATCH' | 'not compared' | 'n/a';

/** One row of the result table (and of results/latest.json). */
export interface Row {
  readonly model: string;
  readonly instance: string;
  readonly params: Readonly<Record<string, number>>;
  readonly tool: Tool;
  readonly config: string;
  /** See Config.oneThreadLabel. */
  readonly oneThreadLabel?: string;
  /** Set when the run produced no usable numbers: first line of the error. */
  readonly error?: string;
  readonly states?: number;
  readonly transitions?: number;
  readonly depth?: number;
  readonly verdict?: string;
  /**
   * Search time: the tool's own figure (pan "elapsed time", mpcheck stats.elapsedMs), or for a
   * config with searchTimeIsRunTime (Rumur) the wall clock of the checking process.
   */
  readonly searchSeconds?: number;
  /**
   * Time to a verdict from the model file: wall clock from the first generation/compilation step
   * to the end of the checking process (SPIN: spin -a + gcc + pan; Rumur: rumur + cc + verifier;
   * mpcheck: the whole node process, start-up included).
   */
  readonly verdictSeconds?: number;
  /** Wall-clock seconds of the checking process alone (pan, verifier, node), generation/compilation excluded. */
  readonly runSeconds?: number;
  /** Seconds spent generating and compiling before the checking process. */
  readonly buildSeconds?: number;
  /** states / searchSeconds. */
  readonly statesPerSecond?: number;
  /**
   * Peak RSS in bytes (GNU time %M; for mpcheck the larger of that and its own report). With
   * repeats: the largest of the runs' (each run's is in peakBytesEach).
   */
  readonly peakBytes?: number;
  readonly bytesPerState?: number;
  /** The tool's own search time as it reports it (Rumur: whole seconds). */
  readonly reportedSeconds?: number;
  readonly reportedMemoryBytes?: number;
  /** mpcheck: worker threads the search ran on, and why fewer than asked for. */
  readonly workers?: number;
  readonly workersNote?: string;
  /** mpcheck: whether partial-order reduction was in force. */
  readonly porInForce?: boolean;
  /** mpcheck: whether symmetry reduction was in force. */
  readonly symmetryInForce?: boolean;
  /**
   * Runs of this config on this instance (bench --repeat): the times above are then medians,
   * and the times and peaks of each run, in run order, are kept here (round r of every config
   * ran back to back, so ratios are taken run by run and their median shown).
   */
  readonly repeats?: number;
  readonly searchSecondsEach?: readonly number[];
  readonly verdictSecondsEach?: readonly number[];
  /** Peak RSS in bytes of each run, in run order (see peakBytes); only with repeats. */
  readonly peakBytesEach?: readonly number[];
  /**
   * The hypervisor's share of the machine's CPU time during the timed run (the checking process
   * alone, not the build steps): Δsteal / Δtotal of the `cpu ` line of /proc/stat read just
   * before and after it, a fraction 0..1. It covers the whole machine, not just the child. A high
   * value means the virtual CPUs were often not running at all, which makes wall-clock times and
   * the ratios between rows unreliable. With repeats: the median over the rounds that have one.
   * Undefined where /proc/stat is missing or unreadable (not Linux) or the run was shorter than a
   * clock tick.
   */
  readonly stealShare?: number;
  /** stealShare of each run, in run order (null for a run without one); only with repeats. */
  readonly stealShareEach?: ReadonlyArray<number | null>;
  /** statesPerSecond / that of spin -DNOREDUCE on the same instance. */
  readonly rateVsSpin?: number;
  /** searchSeconds / that of spin -DNOREDUCE on the same instance. */
  readonly searchVsSpin?: number;
  /**
   * peakBytes / that of spin -DNOREDUCE on the same instance; with repeats the median of the
   * round-by-round ratios of peakBytesEach.
   */
  readonly peakVsSpin?: number;
  /**
   * states / that of spin (POR), SPIN with its default reduction, on the same instance: how many
   * states this row's reduction keeps against SPIN's (for an unreduced row, how many more states
   * the full search explores). Only where both counts are known (the counts are the same in every
   * round, so repeats change nothing).
   */
  readonly statesVsSpinPor?: number;
  /** verdictSeconds / that of spin (POR), SPIN with its default reduction, on the same instance. */
  readonly verdictVsSpinPor?: number;
  /** Search time of the oneThreadLabel row / this row's: how much the extra threads sped the search up. */
  readonly speedupVsOneThread?: number;
  readonly expected: Expected;
  readonly check: CountCheck;
  /** Mismatch details and warnings. */
  readonly notes: readonly string[];
}
