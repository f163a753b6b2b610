import type { Command } from 'commander';
import { Option } from 'commander';
import { ENVIRONMENTS, check, describeEnvironment, environmentFaults } from '../check/index.ts';
import type { CheckResult, EnvironmentName } from '../check/index.ts';
import { bundledModels } from './bundled.ts';
import { loadProtocol } from './load.ts';
import { terminalProgress } from './progress.ts';
import type { CliOutput } from './main.ts';

export interface MatrixCell {
  readonly model: string;
  readonly file: string;
  readonly environment: EnvironmentName;
  readonly property: string;
  readonly verdict: string;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly traceLength: number | null;
  /** For a lasso (liveness counterexample): where its cycle starts (the stem's length). */
  readonly loopStart: number | null;
  readonly expected: string | null;
}

export type MatrixFormat = 'text' | 'md' | 'csv' | 'json';

/** The cell in words: `holds (N states)`, `violated (trace L)`, `violated (lasso s+c)`, `unknown`. */
export function cellText(c: MatrixCell, short = false): string {
  let t: string;
  if (c.verdict === 'violated' && c.traceLength !== null && c.loopStart !== null) t = `violated (lasso ${c.loopStart}+${c.traceLength - c.loopStart})`;
  else if (c.verdict === 'violated') t = c.traceLength === null ? 'violated' : short ? `✗ ${c.traceLength}` : `violated (trace ${c.traceLength})`;
  else if (c.verdict === 'holds') t = c.traceLength !== null ? `holds (witness ${c.traceLength})` : short ? `✓ ${c.states}` : `holds (${c.states} states)`;
  else t = c.verdict;
  if (short && c.verdict === 'violated' && c.loopStart !== null && c.traceLength !== null) t = `✗ ${c.loopStart}+${c.traceLength - c.loopStart}`;
  if (c.expected !== null && c.expected !== c.verdict) t += ` ≠ expected ${c.expected}`;
  return t;
}

/** Check each model in each environment with its default parameters. */
export async function runMatrix(files: readonly string[], envs: readonly EnvironmentName[] = ENVIRONMENTS, onResult?: (file: string, env: EnvironmentName, r: CheckResult) => void): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  for (const file of files) {
    const protocol = await loadProtocol(file);
    for (const env of envs) {
      const progress = terminalProgress(`${protocol.name} (${env}): `);
      let r: CheckResult;
      try {
        r = check(protocol, { file, faults: environmentFaults(env), onProgress: progress.onProgress });
      } finally {
        progress.done();
      }
      onResult?.(file, env, r);
      const expect = env === 'spec' ? (protocol.spec.expect ?? {}) : (protocol.spec.expectIn?.[env] ?? {});
      for (const p of r.properties) {
        cells.push({
          model: r.model,
          file,
          environment: env,
          property: p.name,
          verdict: p.verdict,
          states: r.stats.states,
          transitions: r.stats.transitions,
          depth: r.stats.depth,
          traceLength: p.trace ? p.trace.steps.length : null,
          loopStart: p.trace?.loopStart ?? null,
          expected: expect[p.name] ?? null,
        });
      }
    }
  }
  return cells;
}

/** Rows: model × property; columns: environments. */
export function renderMatrix(cells: readonly MatrixCell[], format: MatrixFormat): string {
  if (format === 'json') return JSON.stringify(cells, null, 2);
  if (format === 'csv') {
    const header = ['model', 'environment', 'property', 'verdict', 'states', 'transitions', 'depth', 'traceLength', 'loopStart', 'expected'];
    return [header, ...cells.map((c) => [c.model, c.environment, c.property, c.verdict, c.states, c.transitions, c.depth, c.traceLength ?? '', c.loopStart ?? '', c.expected ?? ''])]
      .map((r) => r.join(','))
      .join('\n');
  }
  const envs = [...new Set(cells.map((c) => c.environment))];
  const keys: [string, string][] = [];
  for (const c of cells) if (!keys.some(([m, p]) => m === c.model && p === c.property)) keys.push([c.model, c.property]);
  const at = new Map(cells.map((c) => [`${c.model}\u0000${c.property}\u0000${c.environment}`, c]));
  const header = ['model', 'property', ...envs];
  const rows = keys.map(([m, p]) => [m, p, ...envs.map((e) => {
    const c = at.get(`${m}\u0000${p}\u0000${e}`);
    return c ? cellText(c, format === 'text') : '—';
  })]);
  if (format === 'md') return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  let prev = '';
  const body = rows.map((r) => {
    const shown = r[0] === prev ? ['', ...r.slice(1)] : r;
    prev = r[0];
    return line(shown);
  });
  const legend = `✓ N: holds, N states · ✗ L: violated, counterexample of L steps (s+c: lasso) · environments: ${envs.map((e) => `${e} = ${describeEnvironment(e)}`).join('; ')}`;
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...body, '', legend].join('\n');
}

export function matrixCommand(program: Command, io: CliOutput, setCode: (c: number) => void): void {
  program
    .command('matrix')
    .description('check every bundled model in each standard environment and print the guarantee matrix against the expected verdicts')
    .argument('[models...]', 'model files (default: every file in models/)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'csv', 'json']).default('text'))
    .addOption(new Option('--env <names...>', 'environments (default: all)').choices([...ENVIRONMENTS]))
    .action(async (models: string[], flags: { format: MatrixFormat; env?: EnvironmentName[] }) => {
      const cells = await runMatrix(models.length ? models : bundledModels(), flags.env ?? ENVIRONMENTS);
      io.out(renderMatrix(cells, flags.format));
      const bad = cells.filter((c) => c.expected !== null && c.expected !== c.verdict);
      if (bad.length) io.err(`${bad.length} verdict(s) differ from the expected ones: ${bad.map((c) => `${c.model}/${c.environment}/${c.property}`).join(', ')}`);
      setCode(bad.length ? 1 : 0);
    });
}
