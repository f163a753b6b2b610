import type { Command } from 'commander';
import { Option } from 'commander';
import { check } from '../check/index.ts';
import type { CheckResult } from '../check/index.ts';
import { SpecError } from '../engine/index.ts';
import { bundledModels } from './bundled.ts';
import { loadProtocol } from './load.ts';
import { terminalProgress } from './progress.ts';
import type { CliOutput } from './main.ts';

export interface MatrixCell {
  readonly model: string;
  readonly file: string;
  readonly property: string;
  readonly verdict: string;
  readonly states: number;
  readonly traceLength: number | null;
  /** For a lasso (liveness counterexample): where its cycle starts (the stem's length). */
  readonly loopStart: number | null;
  readonly expected: string | null;
}

function cellText(c: MatrixCell): string {
  if (c.verdict === 'violated' && c.traceLength !== null && c.loopStart !== null) return `violated (lasso ${c.loopStart}+${c.traceLength - c.loopStart})`;
  if (c.verdict === 'violated') return c.traceLength === null ? 'violated' : `violated (trace ${c.traceLength})`;
  if (c.verdict === 'holds') return c.traceLength !== null ? `holds (witness ${c.traceLength})` : `holds (${c.states} states)`;
  return c.verdict;
}

/** Check every bundled model with its default parameters and tabulate the verdicts. */
export async function runMatrix(files: readonly string[], onResult?: (file: string, r: CheckResult) => void): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  for (const file of files) {
    const protocol = await loadProtocol(file);
    const progress = terminalProgress(`${protocol.name}: `);
    let r: CheckResult;
    try {
      r = check(protocol, { file, onProgress: progress.onProgress });
    } finally {
      progress.done();
    }
    onResult?.(file, r);
    const expect = protocol.spec.expect ?? {};
    for (const p of r.properties) {
      cells.push({
        model: r.model,
        file,
        property: p.name,
        verdict: p.verdict,
        states: r.stats.states,
        traceLength: p.trace ? p.trace.steps.length : null,
        loopStart: p.trace?.loopStart ?? null,
        expected: expect[p.name] ?? null,
      });
    }
  }
  return cells;
}

export function renderMatrix(cells: readonly MatrixCell[], format: 'text' | 'md' | 'csv' | 'json'): string {
  if (format === 'json') return JSON.stringify(cells, null, 2);
  const header = ['model', 'property', 'verdict', 'expected'];
  const rows = cells.map((c) => [c.model, c.property, cellText(c), c.expected === null ? '—' : c.expected === c.verdict ? `${c.expected} ✓` : `${c.expected} ✗ MISMATCH`]);
  if (format === 'csv') return [header, ...cells.map((c) => [c.model, c.property, c.verdict, String(c.states), c.traceLength ?? '', c.expected ?? ''])].map((r) => r.join(',')).join('\n');
  if (format === 'md') return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

export function matrixCommand(program: Command, io: CliOutput, setCode: (c: number) => void): void {
  program
    .command('matrix')
    .description('check every bundled model and print the table of verdicts against the expected ones')
    .argument('[models...]', 'model files (default: every file in models/)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'csv', 'json']).default('text'))
    .action(async (models: string[], flags: { format: 'text' | 'md' | 'csv' | 'json' }) => {
      try {
        const cells = await runMatrix(models.length ? models : bundledModels());
        io.out(renderMatrix(cells, flags.format));
        const bad = cells.filter((c) => c.expected !== null && c.expected !== c.verdict);
        if (bad.length && flags.format === 'text') io.err(`${bad.length} verdict(s) differ from the expected ones`);
        setCode(bad.length ? 1 : 0);
      } catch (e) {
        if (e instanceof SpecError) throw e;
        throw e;
      }
    });
}
