// mpcheck benchmark: runs fixed model instances with SPIN, Rumur and mpcheck
// and prints one table (see bench/README.md).  `npm run bench -- --help`.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Command as Cli, InvalidArgumentError, Option } from 'commander';
import { combineRepeats, failedRow, resultRow, withRatios } from './compare.js';
import { firstLine, killLiveChildren, runTimed } from './exec.js';
import {
  DEFAULT_INSTANCES,
  FULL_EXTRA_INSTANCES,
  MODELS,
  describe,
  loadInstances,
  qualifiedId,
  select,
} from './instances.js';
import { mpcheckConfig } from './mpcheck.js';
import { PAIR_LABEL, pairConfig } from './pair.js';
import { roundLines } from './rounds.js';
import { rumurConfig } from './rumur.js';
import { spinConfig } from './spin.js';
import { LEGEND, PAIR_NOTE, SEARCH_NOTE, STEAL_NOTE, VERDICT_NOTE, renderTable, stealCell, stealWarning } from './table.js';
import type { Command, Config, Instance, Row, Tool } from './types.js';

const TOOLS: readonly Tool[] = ['spin', 'rumur', 'mpcheck'];

const STEP_TIMEOUT_MS = 600_000;

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);
const modelsDir = join(benchDir, 'models');

interface Options {
  readonly full: boolean;
  readonly only: readonly Tool[];
  readonly instances?: readonly string[];
  readonly mpcheckWorkers: ReadonlyArray<number | undefined>;
  readonly pair: boolean;
  readonly timeout: number;
  readonly repeat: number;
  readonly out: string;
  readonly install: boolean;
  readonly keep: boolean;
  readonly strict: boolean;
  readonly list: boolean;
}

function commaList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function parseTools(value: string): Tool[] {
  return commaList(value).map((t) => {
    const tool = TOOLS.find((k) => k === t);
    if (tool === undefined) throw new InvalidArgumentError(`unknown tool "${t}" (known: ${TOOLS.join(', ')})`);
    return tool;
  });
}

/** `value` as a whole number of 1 or more; else an InvalidArgumentError with `message`. */
function atLeastOne(value: string, message: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(message);
  return n;
}

function parseWorkers(value: string): Array<number | undefined> {
  return commaList(value).map((w) => (w === 'default' ? undefined : atLeastOne(w, `bad worker count "${w}"`)));
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`not a positive number: "${value}"`);
  return n;
}

function parseCount(value: string): number {
  return atLeastOne(value, `not a count (1 or more): "${value}"`);
}

function parseOptions(argv: readonly string[]): Options {
  const cli = new Cli()
    .name('bench')
    .description('Run the benchmark models with SPIN, Rumur and mpcheck and print one table.')
    .option('--full', `also run ${FULL_EXTRA_INSTANCES.join(', ')} (minutes, GBs of RAM)`, false)
    .addOption(
      new Option('--only <tools>', `comma-separated tools among ${TOOLS.join(',')}`)
        .argParser(parseTools)
        .default([...TOOLS], TOOLS.join(',')),
    )
    .addOption(
      new Option('--instances <ids>', 'comma-separated instance ids, e.g. ring/N5M1C2,N3M3C3 (overrides --full)').argParser(
        commaList,
      ),
    )
    .addOption(
      new Option(
        '--mpcheck-workers <list>',
        'two mpcheck rows per entry, --no-por --no-symmetry and with its default reductions: "default" (no --workers flag: one thread) or a count',
      )
        .argParser(parseWorkers)
        .default([undefined, 2], 'default,2'),
    )
    .option(
      '--pair',
      'also run the one-thread unreduced mpcheck search twice at once, as two processes: its speedup, round by round, is how the host scales that work to two cores, a reference for the two-worker row',
      false,
    )
    .addOption(
      new Option('--timeout <seconds>', 'time limit of each checker run').argParser(parsePositive).default(1800),
    )
    .addOption(
      new Option('--repeat <n>', 'runs of each config per instance, in rounds (times: medians; ratios: medians of the per-round ratios)')
        .argParser(parseCount)
        .default(3),
    )
    .addOption(
      new Option('--out <file>', 'where to write the JSON results').default(
        join(benchDir, 'results', 'latest.json'),
        'bench/results/latest.json',
      ),
    )
    .option('--no-install', 'do not run bench/install-tools.sh first')
    .option('--keep', 'keep the temporary directory with generated C files and binaries', false)
    .option('--strict', 'also exit non-zero when a row is n/a (e.g. mpcheck not built yet)', false)
    .option('--list', 'list the known instances and exit', false)
    .parse(argv);
  return cli.opts<Options>();
}

function installTools(): void {
  const script = join(benchDir, 'install-tools.sh');
  const r = spawnSync('sh', [script], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${relative(repoRoot, script)} failed (exit ${r.status ?? r.signal ?? '?'})`);
}

function version(file: string, args: readonly string[]): string {
  const r = spawnSync(file, args, { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) return 'unavailable';
  return firstLine(`${r.stdout}\n${r.stderr}`);
}

function configsFor(tools: readonly Tool[], opts: Options): Config[] {
  const configs: Config[] = [];
  if (tools.includes('spin')) {
    configs.push(spinConfig(modelsDir, false, STEP_TIMEOUT_MS), spinConfig(modelsDir, true, STEP_TIMEOUT_MS));
  }
  if (tools.includes('rumur')) {
    configs.push(rumurConfig(modelsDir, 1, STEP_TIMEOUT_MS), rumurConfig(modelsDir, 2, STEP_TIMEOUT_MS));
  }
  if (tools.includes('mpcheck')) {
    // Each worker count without reduction (counts compared), then each with mpcheck's default
    // partial-order reduction (counts not compared).
    for (const w of opts.mpcheckWorkers) configs.push(mpcheckConfig(repoRoot, modelsDir, w));
    if (opts.pair) configs.push(pairConfig(repoRoot, modelsDir));
    for (const w of opts.mpcheckWorkers) configs.push(mpcheckConfig(repoRoot, modelsDir, w, true));
  }
  return configs;
}

function errorMessage(e: unknown): string {
  return firstLine(e instanceof Error ? e.message : String(e));
}

/** Generated and compiled files for one config on one instance, ready to be timed (or why not). */
type Prepared = { readonly cmd: Command; readonly dir: string; readonly buildSeconds: number } | { readonly error: string; readonly buildSeconds?: number };

async function prepareOne(inst: Instance, config: Config, dir: string): Promise<Prepared> {
  await mkdir(dir, { recursive: true });
  const t0 = performance.now();
  try {
    const cmd = await config.prepare(inst, dir);
    return { cmd, dir, buildSeconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    return { error: errorMessage(e), buildSeconds: (performance.now() - t0) / 1000 };
  }
}

async function runPrepared(inst: Instance, config: Config, prepared: Prepared, timeoutMs: number): Promise<Row> {
  if ('error' in prepared) return failedRow(inst, config, prepared.error, prepared.buildSeconds);
  const { cmd, dir, buildSeconds } = prepared;
  try {
    const run = await runTimed(cmd, dir, timeoutMs);
    if (run.timedOut) throw new Error(`timed out after ${timeoutMs / 1000} s`);
    // Time to verdict: the build steps (timed from the first one's start) plus the checking process.
    return resultRow(inst, config, run, config.parse(run), buildSeconds, buildSeconds + run.wallSeconds);
  } catch (e) {
    return failedRow(inst, config, errorMessage(e), buildSeconds);
  }
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv);
  const all = (await Promise.all(MODELS.map((m) => loadInstances(modelsDir, m)))).flat();
  if (opts.list) {
    const width = Math.max(...all.map((inst) => qualifiedId(inst).length));
    for (const inst of all) {
      const tag = DEFAULT_INSTANCES.includes(qualifiedId(inst))
        ? 'default'
        : FULL_EXTRA_INSTANCES.includes(qualifiedId(inst))
          ? '--full'
          : '';
      const e = inst.expected;
      console.log(`${qualifiedId(inst).padEnd(width)} ${tag.padEnd(8)} ${e.states} states, ${e.transitions} transitions`);
    }
    return 0;
  }
  const ids = opts.instances ?? [...DEFAULT_INSTANCES, ...(opts.full ? FULL_EXTRA_INSTANCES : [])];
  const instances = select(all, ids);
  if (opts.install) installTools();

  const configs = configsFor(opts.only, opts);
  const work = await mkdtemp(join(tmpdir(), 'mpcheck-bench-'));
  // Clean up however the process ends (Ctrl-C, EPIPE on stdout, an exception).
  process.on('exit', () => {
    killLiveChildren();
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  });
  process.on('SIGINT', () => process.exit(130));

  const started = performance.now();
  const rows: Row[] = [];
  const total = instances.length * configs.length * opts.repeat;
  let done = 0;
  for (const inst of instances) {
    // built once per config; then round after round, every config once per round, so that a
    // slow spell of the machine hits the configs of one round alike
    const prepared: Prepared[] = [];
    for (const config of configs) prepared.push(await prepareOne(inst, config, join(work, slug(`${inst.model}-${inst.id}-${config.label}`))));
    const runs: Row[][] = configs.map(() => []);
    for (let round = 0; round < opts.repeat; round++) {
      for (const [k, config] of configs.entries()) {
        if (runs[k].some((r) => r.error !== undefined)) continue;
        const of = opts.repeat > 1 ? ` (run ${round + 1}/${opts.repeat})` : '';
        process.stderr.write(`[${++done}/${total}] ${inst.model} ${describe(inst)} ${config.label}${of} ...`);
        const row = await runPrepared(inst, config, prepared[k], opts.timeout * 1000);
        runs[k].push(row);
        const tail =
          row.error !== undefined
            ? `n/a: ${row.error}`
            : `search ${row.searchSeconds?.toFixed(2) ?? 'n/a'} s, verdict ${row.verdictSeconds?.toFixed(2) ?? 'n/a'} s, ` +
              `steal ${stealCell(row.stealShare)}, ${row.check}`;
        process.stderr.write(` ${tail}\n`);
      }
    }
    rows.push(...runs.map(combineRepeats));
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const final = withRatios(rows);

  console.log('');
  console.log(renderTable(final));
  const stealLine = stealWarning(final);
  if (stealLine !== undefined) console.log(stealLine);
  const rounds = roundLines(final);
  if (rounds.length > 0) console.log(['', ...rounds].join('\n'));
  console.log('');
  for (const line of LEGEND) console.log(line);
  console.log(`total bench time ${totalSeconds.toFixed(1)} s`);

  const mismatches = final.filter((r) => r.check === 'MISMATCH');
  const referenceFailures = final.filter((r) => r.error !== undefined && r.tool !== 'mpcheck' && r.check === 'n/a');
  const missing = final.filter((r) => r.error !== undefined);

  const doc = {
    generatedAt: new Date().toISOString(),
    totalSeconds,
    host: {
      hostname: hostname(),
      cpu: cpus()[0]?.model ?? 'unknown',
      cpus: cpus().length,
      memoryBytes: totalmem(),
      node: process.version,
      spin: version('spin', ['-V']),
      rumur: version('rumur', ['--version']),
      cc: version('cc', ['--version']),
    },
    options: { ...opts, mpcheckWorkers: opts.mpcheckWorkers.map((w) => w ?? 'default') },
    notes: {
      searchSeconds: SEARCH_NOTE,
      verdictSeconds: VERDICT_NOTE,
      runSeconds: 'wall clock of the checking process alone (pan, verifier, node), generation and compilation excluded',
      buildSeconds: 'wall clock of generation and compilation (spin -a + gcc; rumur + cc; 0 for mpcheck)',
      statesPerSecond: 'states / searchSeconds',
      stealShare:
        `${STEAL_NOTE}: delta steal / delta total of the 'cpu ' line of /proc/stat (user..steal; guest is inside user), ` +
        'read just before and after the checking process, a fraction 0..1 for the whole machine; with repeats the median ' +
        'over the rounds, each round in stealShareEach (null: none measured, e.g. a run under one clock tick); absent without /proc/stat',
      repeats:
        'runs of the config (--repeat): searchSeconds, verdictSeconds, runSeconds and reportedSeconds are then the medians of ' +
        'searchSecondsEach etc., peakBytes the largest of peakBytesEach',
      speedupVsOneThread: 'searchSeconds of the oneThreadLabel row (same tool and reduction, one thread) / this row\'s',
      pair: `${PAIR_LABEL} (bench --pair): ${PAIR_NOTE}`,
      ratios:
        'with repeats, each ratio is the median of the round-by-round ratios (peakVsSpin: of peakBytesEach); ' +
        'statesVsSpinPor is one ratio, the counts being the same in every round',
      rateVsSpin: 'statesPerSecond / that of spin -DNOREDUCE on the same instance',
      searchVsSpin: 'searchSeconds / that of spin -DNOREDUCE on the same instance',
      peakVsSpin: 'peakBytes / that of spin -DNOREDUCE on the same instance',
      statesVsSpinPor:
        'states / that of spin (POR), SPIN with its default reduction, on the same instance: the states a reduction keeps ' +
        "against SPIN's (unreduced rows: how many more states the full search explores); absent where either count is unknown",
      verdictVsSpinPor: 'verdictSeconds / that of spin (POR), SPIN with its default reduction, on the same instance',
      workers: "mpcheck: threads the search ran on (JSON 'workers'), and workersNote: why fewer than asked for",
      peakBytes: 'max RSS from GNU time %M; for mpcheck the larger of that and its stats.peakRssBytes',
      reportedSeconds: "the tool's own figure: pan 'elapsed time', rumur duration_seconds (whole seconds), mpcheck elapsedMs",
      reportedMemoryBytes: "pan 'total actual memory usage', mpcheck stats.peakRssBytes",
      transitions: "spin: 'transitions (= stored+matched)' - 1; rumur: rules fired; mpcheck: stats.transitions",
    },
    rows: final,
  };
  await mkdir(dirname(opts.out), { recursive: true });
  await writeFile(opts.out, `${JSON.stringify(doc, null, 2)}\n`);
  const shown = relative(process.cwd(), opts.out);
  console.log(`results written to ${shown.startsWith('..') || shown === '' ? opts.out : shown}`);

  if (opts.keep) console.log(`generated files kept in ${work}`);

  let code = 0;
  if (mismatches.length > 0) {
    console.log('');
    console.log('!'.repeat(72));
    console.log(`!!! MISMATCH: ${mismatches.length} run(s) disagree with the expected counts`);
    for (const r of mismatches) {
      console.log(`!!!   ${r.model} ${r.instance} ${r.config}: ${r.notes.join('; ')}`);
    }
    console.log('!'.repeat(72));
    code = 1;
  }
  if (referenceFailures.length > 0) {
    console.log(`reference tool run(s) failed: ${referenceFailures.map((r) => `${r.instance} ${r.config}`).join(', ')}`);
    code = 1;
  }
  if (opts.strict && missing.length > 0) {
    console.log(`--strict: ${missing.length} row(s) are n/a`);
    code = 1;
  }
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    killLiveChildren();
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  },
);
