import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { minimizeFaults, simulate, simulationExitCode, swarm } from '../check/index.ts';
import type { MinFaultsResult, SimulationResult } from '../check/index.ts';
import { SpecError } from '../engine/index.ts';
import type { NetworkSpec } from '../network/index.ts';
import type { FaultBudget, ParamValue } from '../spec/index.ts';
import { loadProtocol } from './load.ts';
import type { CliOutput } from './main.ts';
import { parseCount, parseFaults, parseParam, parsePositiveInt, parseSeconds, parseSeedRange, parseWorkers } from './parse.ts';
import { networkFromOptions } from './network.ts';
import { terminalLine } from './progress.ts';
import { renderSpecError } from './report.ts';
import { renderSimulation, simulationJson, simulationProgressLine } from './sim-report.ts';

interface SimulateFlags {
  runs?: number;
  depth: number;
  seed?: number;
  runsPerSeed: number;
  seedRange?: [number, number];
  workers: number;
  uniform?: boolean;
  path?: string;
  property?: string[];
  param: Record<string, ParamValue>;
  network?: string;
  faults?: FaultBudget;
  timeout?: number;
  minFaults?: boolean;
  maxStates?: number;
  json?: boolean;
  traceOut?: string;
  states?: boolean;
  progress: boolean;
}

export function simulateCommand(program: Command, io: CliOutput, setCode: (c: number) => void): void {
  program
    .command('simulate')
    .description('random walks (swarm search) with fast-check; a violation is shrunk to a short counterexample')
    .argument('<model>', 'spec file (.ts) whose default export is a protocol')
    .option('--runs <n>', 'random walks in all (default 1000)', parseCount)
    .option('--depth <n>', 'steps per walk at most', parsePositiveInt, 100)
    .option('--seed <n>', 'first seed (default: random, and reported)', parsePositiveInt)
    .option('--runs-per-seed <n>', 'walks per seed: each seed is one independent search with its own bias', parseCount, 100)
    .option('--seed-range <A..B>', 'run exactly seeds A..B (instead of --runs/--seed): to spread a swarm over machines', parseSeedRange)
    .option('--workers <n>', "worker threads (a number, or 'auto': one per CPU)", parseWorkers, 1)
    .option('--uniform', 'every enabled step equally likely (no per-seed bias)')
    .option('--path <path>', "replay one walk: fast-check's path, with the --seed the report gives")
    .option('-p, --property <name...>', 'check only these properties')
    .option('--param <k=v>', 'override a parameter (repeatable)', parseParam, {})
    .option('--network <option>', 'override the channel semantics, as for check: [LINK=]fifo|mailbox|unordered|sync[:capacity][:block|drop|fail]')
    .option('--faults <budget>', 'override fault budgets, e.g. lose=1,duplicate=1,crash=1', parseFaults)
    .option('--timeout <seconds>', 'stop after this long', parseSeconds)
    .option('--min-faults', 'reduce the counterexample to the fewest faults (exhaustive searches with smaller budgets)')
    .option('--max-states <n>', 'state limit of each --min-faults search', parsePositiveInt)
    .option('--json', 'print the result as JSON (format mpcheck-simulation/1)')
    .option('--trace-out <file>', 'write the counterexample as replayable JSON (the fault-minimal one with --min-faults)')
    .option('--states', 'show every local state after each step in the chart')
    .option('--no-progress', 'no progress line on the terminal')
    .action(async (file: string, flags: SimulateFlags) => {
      setCode(await runSimulate(file, flags, io));
    });
}

async function runSimulate(file: string, f: SimulateFlags, io: CliOutput): Promise<number> {
  if (f.seedRange && (f.runs !== undefined || f.seed !== undefined)) {
    io.err('error: --seed-range replaces --runs and --seed; give one or the other');
    return 2;
  }
  if (f.path !== undefined && f.seed === undefined) {
    io.err('error: --path replays a walk of one seed: give that --seed too');
    return 2;
  }
  try {
    const protocol = await loadProtocol(file);
    let net: NetworkSpec | undefined;
    if (f.network) net = networkFromOptions(protocol, f.param, [f.network], file);
    const progress = f.progress && !f.json ? terminalLine(simulationProgressLine, `${protocol.name}: `) : { onProgress: undefined, done: () => {} };
    const opts = {
      file,
      params: f.param,
      network: net,
      networkName: f.network,
      faults: f.faults,
      properties: f.property,
      runs: f.runs,
      depth: f.depth,
      seed: f.seed,
      runsPerSeed: f.runsPerSeed,
      seedRange: f.seedRange,
      uniform: f.uniform,
      path: f.path,
      timeoutMs: f.timeout !== undefined ? f.timeout * 1000 : undefined,
      onProgress: progress.onProgress,
    };
    let result: SimulationResult;
    try {
      result = f.workers > 1 && f.path === undefined ? await swarm(protocol, file, { ...opts, workers: f.workers }) : simulate(protocol, opts);
    } finally {
      progress.done();
    }
    const violated = result.properties.find((p) => p.verdict === 'violated' && p.trace);
    let min: MinFaultsResult | null = null;
    if (f.minFaults && violated?.trace) {
      min = minimizeFaults(protocol, violated.trace, { file, params: f.param, network: net, networkName: f.network, faults: f.faults, maxStates: f.maxStates });
    }
    if (f.json) io.out(JSON.stringify(simulationJson(result, min), null, 2));
    else io.out(renderSimulation(result, { states: f.states, replayFlags: replayFlags(f), minFaults: min }));
    if (f.traceOut) {
      const trace = min?.trace ?? violated?.trace ?? result.properties.find((p) => p.trace)?.trace;
      if (trace) {
        writeFileSync(f.traceOut, JSON.stringify(trace, null, 2) + '\n');
        if (!f.json) io.err(`trace of '${trace.property}' written to ${f.traceOut}`);
      } else if (!f.json) io.err('no trace to write: no violation (or witness) was found');
    }
    return simulationExitCode(result);
  } catch (e) {
    if (e instanceof SpecError) {
      io.err(renderSpecError(e));
      return 2;
    }
    if (e instanceof RangeError || (e instanceof Error && e.name === 'InvalidArgumentError')) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** The flags that shape the model and the walk, repeated in the replay command. */
function replayFlags(f: SimulateFlags): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(f.param)) out.push('--param', `${k}=${String(v)}`);
  if (f.network) out.push('--network', f.network);
  if (f.faults) out.push('--faults', Object.entries(f.faults).map(([k, v]) => `${k}=${v === Infinity ? 'inf' : v}`).join(','));
  if (f.property) out.push('--property', ...f.property);
  return out;
}
