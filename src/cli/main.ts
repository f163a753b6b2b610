import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { WORKERS_AFTER_MS, WORKERS_ANYWAY_MS, WORKERS_MIN_LEVEL, check, exitCodeOf } from '../check/index.ts';
import type { CheckResult } from '../check/index.ts';
import { SpecError, compile } from '../engine/index.ts';
import type { FaultBudget, ParamValue } from '../spec/index.ts';
import type { FairnessSpec } from '../properties/index.ts';
import { renderTrace, replayTrace } from '../trace/index.ts';
import type { Trace } from '../trace/index.ts';
import { bundledModels } from './bundled.ts';
import { VERSION, resultJson } from './json.ts';
import { loadProtocol } from './load.ts';
import { matrixCommand } from './matrix.ts';
import { sweepCommand } from './sweep.ts';
import { proveCommand } from './prove.ts';
import { networkFromOptions } from './network.ts';
import { collectNetwork, parseFairness, parseFaults, parseParam, parsePositiveInt, parseSeconds, parseWorkers } from './parse.ts';
import { minFaultsOfResult, renderMinFaults, withMinFaults } from './min-faults.ts';
import { loadTerminalProgress, terminalProgress } from './progress.ts';
import { formatParams, renderResult, renderSpecError } from './report.ts';
import { simulateCommand } from './simulate.ts';

export const EXIT = { holds: 0, violated: 1, usage: 2, unknown: 3 } as const;

interface CheckFlags {
  property?: string[];
  strategy: 'bfs' | 'dfs';
  maxStates?: number;
  maxDepth?: number;
  timeout?: number;
  maxMemory?: number;
  param: Record<string, ParamValue>;
  network: string[];
  faults?: FaultBudget;
  fairness?: FairnessSpec;
  json?: boolean;
  traceOut?: string;
  states?: boolean;
  progress: boolean;
  por: boolean;
  memo: boolean;
  symmetry: boolean;
  ghost?: boolean;
  minFaults?: boolean;
  workers?: number;
  waitForWorkers?: boolean;
}

class Output {
  constructor(
    readonly out: (s: string) => void,
    readonly err: (s: string) => void,
  ) {}
}

/**
 * The note printed when --workers asks for more threads than this process has CPUs: they then
 * take turns on them, and each BFS level waits for the last (ring N=7 unreduced on 2 CPUs:
 * 16.2 s with 2 workers, 17.0 s with 3, 19.3 s with 4).
 */
function oversubscribed(workers: number): string {
  const cpus = availableParallelism();
  return `note: --workers ${workers} on ${cpus} CPU${cpus === 1 ? '' : 's'}: the threads take turns on them, which is usually slower than --workers ${cpus} (--workers auto takes one per CPU)`;
}

/** Run the CLI; returns the exit code. `io` lets tests capture output. */
export async function main(argv: readonly string[], io = new Output((s) => process.stdout.write(s + '\n'), (s) => process.stderr.write(s + '\n'))): Promise<number> {
  let code: number = EXIT.holds;
  await loadTerminalProgress();
  const program = new Command('mpcheck')
    .description('Model checker for message-passing protocols written as TypeScript state machines')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError();

  program
    .command('check')
    .description('explore every reachable state of a spec and give a verdict per property')
    .argument('<model>', 'spec file (.ts) whose default export is a protocol')
    .option('-p, --property <name...>', 'check only these properties')
    .addOption(new Option('-s, --strategy <strategy>', 'search order').choices(['bfs', 'dfs']).default('bfs'))
    .option('--max-states <n>', 'stop with verdict unknown after this many states', parsePositiveInt)
    .option('--max-depth <n>', 'do not expand states at this depth', parsePositiveInt)
    .option('--timeout <seconds>', 'stop with verdict unknown after this long', parseSeconds)
    .option('--max-memory <MiB>', 'stop with verdict unknown when resident memory passes this; the frontier spills to a temporary file beyond a quarter of it', parsePositiveInt)
    .option('--workers <n>', `parallel BFS on this many threads, or 'auto' (one per CPU; same counts and verdicts); worker threads start after ${WORKERS_AFTER_MS / 1000} s of search, at a level of ${WORKERS_MIN_LEVEL.toLocaleString('en-US')} states or more (or after ${WORKERS_ANYWAY_MS / 1000} s)`, parseWorkers)
    .option('--wait-for-workers', 'with --workers: start the worker threads at once and begin the search when all have loaded the spec')
    .option('--param <k=v>', 'override a parameter (repeatable)', parseParam, {})
    .addOption(
      new Option(
        '--network <[link=]kind>',
        'channel semantics, repeatable: KIND[:capacity][:block|drop|fail][:no-lose|:no-duplicate|:no-reorder] for every link, or LINK=KIND[...] for some (LINK: default, a->b, a->*, *->b; KIND: fifo|mailbox|unordered|sync)',
      )
        .argParser(collectNetwork)
        .default([], "the spec's network"),
    )
    .option('--faults <budget>', 'override fault budgets, e.g. lose=1,duplicate=1,crash=1', parseFaults)
    .option('--fairness <groups>', "fairness for liveness properties, replacing the spec's: weak=GROUP,strong=GROUP (GROUP: process:P, action:P.A, deliver:A->B, restart:P, * for each) or none; repeatable", parseFairness)
    .option('--json', 'print the result as JSON (see README: JSON output)')
    .option('--trace-out <file>', 'write the first counterexample (or witness) as replayable JSON')
    .option('--states', 'show every local state after each step in the chart')
    .option('--no-progress', 'no progress line on the terminal')
    .option('--no-por', 'no partial-order reduction (on by default; off with liveness properties and with monitors that do not say which steps they notice)')
    .option('--no-memo', 'run every guard and handler again instead of replaying what it did before in the same local state with the same message, and expand every state with the engine instead of the successor cache, and run every invariant on every new state (same results; for timing and debugging)')
    .option('--no-symmetry', "no symmetry reduction over the spec's groups of interchangeable processes")
    .option('--ghost', 'also search without the monitors and report the states their ghost state adds')
    .option('--min-faults', 'reduce each counterexample to the fewest faults (exhaustive searches with smaller budgets)')
    .action(async (file: string, flags: CheckFlags) => {
      code = await runCheck(file, flags, io);
    });

  program
    .command('replay')
    .description('re-execute a JSON trace against its spec and confirm it step by step')
    .argument('<trace>', 'trace JSON written by --trace-out')
    .option('--model <file>', 'spec file (default: the file recorded in the trace)')
    .option('--states', 'show every local state after each step in the chart')
    .action(async (file: string, flags: { model?: string; states?: boolean }) => {
      code = await runReplay(file, flags, io);
    });

  program
    .command('list')
    .description('list the bundled models')
    .action(async () => {
      code = await runList(io);
    });

  simulateCommand(program, io, (c) => (code = c));
  matrixCommand(program, io, (c) => (code = c));
  sweepCommand(program, io, (c) => (code = c));
  proveCommand(program, io, (c) => (code = c));

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT.usage;
    if (e instanceof SpecError) {
      io.err(renderSpecError(e));
      return EXIT.usage;
    }
    throw e;
  }
  return code;
}

export type { Output };
export { Output as CliOutput };

async function runCheck(file: string, f: CheckFlags, io: Output): Promise<number> {
  try {
    const protocol = await loadProtocol(file);
    const net = networkFromOptions(protocol, f.param, f.network, file);
    const progress = f.progress && !f.json ? terminalProgress(`${protocol.name}: `) : { onProgress: undefined, done: () => {} };
    let result: CheckResult;
    try {
      const opts = {
        file,
        params: f.param,
        network: net,
        networkName: f.network.length === 0 ? undefined : f.network.length === 1 ? f.network[0] : f.network,
        faults: f.faults,
        fairness: f.fairness,
        only: f.property,
        por: f.por,
        memo: f.memo,
        symmetry: f.symmetry,
        strategy: f.strategy,
        maxStates: f.maxStates,
        maxDepth: f.maxDepth,
        timeoutMs: f.timeout !== undefined ? f.timeout * 1000 : undefined,
        maxMemoryBytes: f.maxMemory !== undefined ? f.maxMemory * 2 ** 20 : undefined,
        onProgress: progress.onProgress,
        measureGhost: f.ghost,
      };
      if (f.workers !== undefined && f.workers > availableParallelism()) io.err(oversubscribed(f.workers));
      result = f.workers === undefined ? check(protocol, opts) : await check(protocol, { ...opts, workers: f.workers, waitForWorkers: f.waitForWorkers });
    } finally {
      progress.done();
    }
    const mins = f.minFaults ? minFaultsOfResult(protocol, result, { file, params: f.param, network: net, networkName: f.network, faults: f.faults, maxStates: f.maxStates, timeoutMs: f.timeout !== undefined ? f.timeout * 1000 : undefined }) : new Map();
    if (f.json) io.out(JSON.stringify(withMinFaults(resultJson(result), mins), null, 2));
    else io.out(renderResult(result, { states: f.states }) + renderMinFaults(result, mins, f.states));
    if (f.traceOut) {
      const withTrace = result.properties.find((p) => p.trace && p.verdict === 'violated') ?? result.properties.find((p) => p.trace);
      const trace = (withTrace && mins.get(withTrace.name)?.trace) ?? withTrace?.trace;
      if (withTrace && trace) {
        writeFileSync(f.traceOut, JSON.stringify(trace, null, 2) + '\n');
        if (!f.json) io.err(`trace of '${withTrace.name}' written to ${f.traceOut}`);
      } else if (!f.json) io.err(`no trace to write: no property was violated or witnessed`);
    }
    return exitCodeOf(result);
  } catch (e) {
    if (e instanceof SpecError) {
      io.err(renderSpecError(e));
      return EXIT.usage;
    }
    if (e instanceof Error && e.name === 'InvalidArgumentError') {
      io.err(`error: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
}

async function runReplay(file: string, f: { model?: string; states?: boolean }, io: Output): Promise<number> {
  let trace: Trace;
  try {
    trace = JSON.parse(readFileSync(file, 'utf8')) as Trace;
  } catch (e) {
    io.err(`error: cannot read trace ${file}: ${(e as Error).message}`);
    return EXIT.usage;
  }
  if (trace.format !== 'mpcheck-trace/1') {
    io.err(`error: ${file} is not an mpcheck trace (format '${String(trace.format)}')`);
    return EXIT.usage;
  }
  const modelFile = f.model ?? trace.file;
  if (!modelFile) {
    io.err('error: the trace records no spec file; give one with --model');
    return EXIT.usage;
  }
  try {
    const protocol = await loadProtocol(modelFile);
    const o = trace.overrides;
    const model = compile(protocol, {
      file: modelFile,
      params: o.params,
      faults: o.faults ? Object.fromEntries(Object.entries(o.faults).map(([k, v]) => [k, v === 'inf' ? Infinity : v])) : undefined,
      network: o.network ? networkFromOptions(protocol, o.params, typeof o.network === 'string' ? [o.network] : o.network, modelFile) : undefined,
      only: o.only,
    });
    const report = replayTrace(model, trace);
    io.out(`replay of '${trace.property}' on ${trace.model} (${modelFile}) · params ${formatParams(o.params)}${o.network ? ` · network ${[o.network].flat().join(' ')}` : ''}`);
    for (const s of report.steps) io.out(`  ${s.ok ? '✓' : '✗'} ${String(s.step).padStart(3)}. ${s.text}${s.problem ? ` — ${s.problem}` : ''}`);
    io.out(report.conclusion);
    if (report.ok) io.out('\n' + renderTrace(trace, { states: f.states }));
    return report.ok && report.confirmed ? 0 : 1;
  } catch (e) {
    if (e instanceof SpecError) {
      io.err(renderSpecError(e));
      return EXIT.usage;
    }
    if (e instanceof Error && e.name === 'InvalidArgumentError') {
      io.err(`error: the trace's network option: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
}

async function runList(io: Output): Promise<number> {
  for (const file of bundledModels()) {
    try {
      const p = await loadProtocol(file);
      const s = p.spec;
      io.out(`${p.name.padEnd(24)} ${file}`);
      if (s.description) io.out(`  ${s.description}`);
      io.out(`  params: ${formatParams(s.params ?? {})}`);
    } catch (e) {
      io.out(`${file}: does not load: ${e instanceof SpecError ? e.describe() : String(e)}`);
    }
  }
  return 0;
}
export { compileSpecsWithEsbuild } from '../spec/import-spec.ts';
