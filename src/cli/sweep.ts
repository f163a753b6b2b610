import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { check } from '../check/index.ts';
import type { CheckResult } from '../check/index.ts';
import type { ParamValue } from '../spec/index.ts';
import { loadProtocol } from './load.ts';
import { terminalProgress } from './progress.ts';
import type { CliOutput } from './main.ts';
import { renderGrowthChart } from './sweep-chart.ts';

/** `n=2..5`, `n=1,3,8` or `flag=true,false`: one parameter's values. */
export function parseRange(text: string, acc: Record<string, ParamValue[]> = {}): Record<string, ParamValue[]> {
  const m = /^([A-Za-z_][\w-]*)=(.+)$/.exec(text);
  if (!m) throw new InvalidArgumentError(`expected name=a..b or name=v1,v2, got '${text}'`);
  const [, k, spec] = m;
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(spec);
  let values: ParamValue[];
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (b < a) throw new InvalidArgumentError(`empty range '${spec}'`);
    values = Array.from({ length: b - a + 1 }, (_, i) => a + i);
  } else {
    values = spec.split(',').map((v) => (v === 'true' ? true : v === 'false' ? false : v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v));
  }
  return { ...acc, [k]: values };
}

/** Every combination of the parameter values, the first parameter varying slowest. */
export function grid(ranges: Readonly<Record<string, readonly ParamValue[]>>): Record<string, ParamValue>[] {
  let out: Record<string, ParamValue>[] = [{}];
  for (const [k, values] of Object.entries(ranges)) out = out.flatMap((base) => values.map((v) => ({ ...base, [k]: v })));
  return out;
}

export interface SweepRow {
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly result: CheckResult;
}

const CSV_STATS = ['states', 'transitions', 'depth', 'elapsedMs', 'statesPerSecond', 'peakRssBytes'] as const;

/** CSV: the parameters, then one verdict column per property, then the statistics. */
export function sweepCsv(rows: readonly SweepRow[]): string {
  if (rows.length === 0) return '';
  const params = Object.keys(rows[0].params);
  const props = rows[0].result.properties.map((p) => p.name);
  const header = [...params, ...props.map((p) => `verdict:${p}`), 'complete', ...CSV_STATS];
  const lines = rows.map((r) => [
    ...params.map((p) => String(r.params[p])),
    ...props.map((p) => r.result.properties.find((x) => x.name === p)?.verdict ?? ''),
    String(r.result.complete),
    ...CSV_STATS.map((k) => (k === 'elapsedMs' || k === 'statesPerSecond' ? r.result.stats[k].toFixed(1) : String(r.result.stats[k]))),
  ]);
  return [header, ...lines].map((l) => l.join(',')).join('\n') + '\n';
}

export function sweepCommand(program: Command, io: CliOutput, setCode: (c: number) => void): void {
  program
    .command('sweep')
    .description('check a spec over a grid of parameters; CSV of verdicts and state-space statistics, and a growth chart')
    .argument('<model>', 'spec file (.ts)')
    .requiredOption('--param <k=range>', 'a parameter and its values: n=2..5 or n=1,3,8 (repeatable: the grid is their product)', parseRange, {})
    .option('--out <file.csv>', 'write the CSV here (default: print it)')
    .option('--chart <file.svg>', 'draw the growth of the state space (states against the first parameter, one line per value of the others)')
    .option('--max-states <n>', 'per run: stop with unknown after this many states', (v) => Number(v))
    .option('--timeout <seconds>', 'per run: stop with unknown after this long', (v) => Number(v))
    .option('--no-por', 'no partial-order reduction')
    .option('--no-symmetry', 'no symmetry reduction')
    .action(async (file: string, f: { param: Record<string, ParamValue[]>; out?: string; chart?: string; maxStates?: number; timeout?: number; por: boolean; symmetry: boolean }) => {
      const protocol = await loadProtocol(file);
      const rows: SweepRow[] = [];
      for (const params of grid(f.param)) {
        const progress = terminalProgress(`${Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}: `);
        try {
          const result = check(protocol, {
            file,
            params,
            por: f.por,
            symmetry: f.symmetry,
            maxStates: f.maxStates,
            timeoutMs: f.timeout !== undefined ? f.timeout * 1000 : undefined,
            onProgress: progress.onProgress,
          });
          rows.push({ params, result });
        } finally {
          progress.done();
        }
      }
      const csv = sweepCsv(rows);
      if (f.out) {
        writeFileSync(f.out, csv);
        io.err(`${rows.length} runs written to ${f.out}`);
      } else io.out(csv.trimEnd());
      if (f.chart) {
        writeFileSync(f.chart, renderGrowthChart(rows, protocol.name));
        io.err(`chart written to ${f.chart}`);
      }
      setCode(0);
    });
}
