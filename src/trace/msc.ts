import type { SendRecord } from '../engine/index.ts';
import { compareValues } from '../network/index.ts';
import type { InFlight } from '../properties/index.ts';
import type { Value } from '../spec/index.ts';
import { formatMessage, formatValue } from './format-value.ts';
import type { Trace, TraceState, TraceStep } from './types.ts';

export interface ChartOptions {
  /** Column width per process (default: fits the names, at least 24). */
  readonly width?: number;
  /** Print every process's local state after each step. */
  readonly states?: boolean;
}

const clip = (s: string, n: number): string => (s.length <= n ? s : s.slice(0, Math.max(0, n - 1)) + '…');

/**
 * A text message sequence chart: one column per process, one block per step. A step's
 * actor gets a `●` line; each send is an arrow from sender to receiver; faults are marked
 * `✗ lost`, `⧉ duplicated`, `⇅ reordered`, `☠ crash` (with the messages a dropped mailbox
 * lost), `↻ restart`, `⚡ partition`, `⚕ heal`.
 */
export function renderChart(trace: Trace, opts: ChartOptions = {}): string {
  const names = Object.keys(trace.initial.procs);
  const before = (k: number): TraceState => (k === 0 ? trace.initial : trace.steps[k - 1].state);
  // (a loop, not a spread: a trace may have hundreds of thousands of steps)
  let widest = 24;
  for (const n of names) widest = Math.max(widest, n.length + 4);
  trace.steps.forEach((st, k) => (widest = Math.max(widest, widestText(st, before(k)))));
  const width = opts.width ?? Math.min(56, widest);
  const col = new Map(names.map((n, i) => [n, i]));
  // room for the step numbers and a space (5 up to 999 steps)
  const gutter = Math.max(5, String(trace.steps.length).length + 2);
  const lines: string[] = [];
  const row = (cells: Map<number, string>): string => {
    let out = '';
    for (let i = 0; i < names.length; i++) out += (cells.get(i) ?? '').padEnd(width);
    return out.trimEnd();
  };
  const at = (n: number, text: string) => new Map([[n, clip(text, width - 1)]]);
  const prefix = (s: string) => s.padEnd(gutter);
  lines.push(prefix('') + row(new Map(names.map((n, i) => [i, n]))));
  lines.push(prefix('') + row(new Map(names.map((_, i) => [i, '─'.repeat(Math.min(width - 2, 20))]))));
  if (opts.states) lines.push(...stateLines(trace.initial, names, width, gutter, col));
  const n = trace.steps.length;
  const loop = trace.loopStart;
  trace.steps.forEach((step, k) => {
    if (k === loop) lines.push(prefix('') + `┌─ cycle: step${n - k === 1 ? ` ${k + 1} repeats` : `s ${k + 1}–${n} repeat`} forever ${'─'.repeat(Math.max(0, width - 24))}`);
    lines.push(...stepLines(step, before(k), k + 1, col, gutter, row, at, width, names.length));
    if (opts.states) lines.push(...stateLines(step.state, names, width, gutter, col));
  });
  if (loop !== undefined && loop < n) lines.push(prefix('') + `└─ ↻ back to the state before step ${loop + 1}; the cycle repeats forever`);
  if (loop !== undefined && loop >= n) lines.push(prefix('') + `■ no step is enabled here: the run stays in this state forever`);
  return lines.join('\n');
}

function stepLines(
  step: TraceStep,
  before: TraceState,
  num: number,
  col: Map<string, number>,
  gutter: number,
  row: (cells: Map<number, string>) => string,
  at: (n: number, text: string) => Map<number, string>,
  width: number,
  columns: number,
): string[] {
  const out: string[] = [];
  const head = headOf(step, before);
  const c = col.get(head.process)!;
  head.lines.forEach((text, i) => out.push((i === 0 ? String(num) : '').padEnd(gutter) + row(at(c, text))));
  const pad = ''.padEnd(gutter);
  for (const s of step.sends) out.push(pad + arrow(s, col, width, columns));
  for (const e of step.events) {
    const c = col.get(e.process)!;
    out.push(pad + row(at(c, e.kind === 'submit' ? `  ⇢ submit ${e.id}${e.payload !== null ? ' ' + formatValue(e.payload) : ''}` : `  ⇠ deliver ${e.id}`)));
  }
  for (const v of step.violations) out.push(pad + `!! ${v}`);
  return out;
}

/** The column a step is drawn in and its first lines: the actor's `●` line, or the fault's mark. */
function headOf(step: TraceStep, before: TraceState): { process: string; lines: string[] } {
  const l = step.label;
  switch (l.kind) {
    case 'action':
      return { process: l.process, lines: [`● ${l.timeout ? 'timeout ' : ''}${l.action}${chosen(step)}`] };
    case 'deliver':
      return { process: l.process, lines: [`● recv ${formatMessage(l.msg)} ⟵ ${l.from}${chosen(step)}`] };
    case 'lose':
      return { process: l.to, lines: [`✗ lost ${formatMessage(l.msg)} (${l.from}→${l.to})`] };
    case 'duplicate':
      return { process: l.to, lines: [`⧉ duplicated ${formatMessage(l.msg)} (${l.from}→${l.to})`] };
    case 'reorder':
      return { process: l.to, lines: [`⇅ reordered ${formatMessage(l.msg)} overtakes (${l.from}→${l.to})`] };
    case 'crash':
      return { process: l.process, lines: [`☠ crash ${l.process}`, ...droppedMailbox(before, step.state, l.process).map((m) => `  ✗ mailbox dropped ${formatMessage(m.msg)} ⟵ ${m.from}`)] };
    case 'restart':
      return { process: l.process, lines: [`↻ restart ${l.process}`] };
    case 'partition':
    case 'heal':
      return { process: l.a, lines: [`${l.kind === 'partition' ? '⚡ partition' : '⚕ heal'} ${l.a} ⟷ ${l.b}`] };
  }
}

/** Messages to `p` in flight before a crash and gone after it (a crash with crashMailbox 'drop'). */
function droppedMailbox(before: TraceState, after: TraceState, p: string): InFlight[] {
  const same = (x: InFlight, y: InFlight) => x.from === y.from && compareValues(x.msg as unknown as Value, y.msg as unknown as Value) === 0;
  const left = after.inFlight.filter((m) => m.to === p);
  const out: InFlight[] = [];
  for (const m of before.inFlight) {
    if (m.to !== p) continue;
    const k = left.findIndex((x) => same(x, m));
    if (k >= 0) left.splice(k, 1);
    else out.push(m);
  }
  return out;
}

/** The widest text a step puts in one column (its header, its events, its message labels). */
function widestText(step: TraceStep, before: TraceState): number {
  const head = headOf(step, before).lines.map((x) => x.length);
  const sends = step.sends.map((x) => formatMessage(x.msg).length + OUTCOME[x.outcome].length + 6);
  const events = step.events.map((e) => e.id.length + 14);
  return Math.max(...head.map((n) => n + 2), ...sends, ...events);
}

function chosen(step: TraceStep): string {
  return step.chosen.length ? ` [chose ${step.chosen.map(formatValue).join(', ')}]` : '';
}

const OUTCOME: Record<SendRecord['outcome'], string> = {
  queued: '',
  rendezvous: ' (rendezvous)',
  'dropped-full': ' ✗ dropped: buffer full',
  'failed-full': ' ✗ failed: buffer full',
  'dropped-partition': ' ✗ dropped: partitioned',
  'dropped-down': ' ✗ dropped: receiver down',
};

function arrow(s: SendRecord, col: Map<string, number>, width: number, columns: number): string {
  const a = col.get(s.from)!;
  const b = col.get(s.to)!;
  const label = ` ${formatMessage(s.msg)}${OUTCOME[s.outcome]} `;
  const total = width * columns;
  const line = new Array<string>(total).fill(' ');
  if (a === b) {
    const text = `  ↺ ${formatMessage(s.msg)} to self${OUTCOME[s.outcome]}`;
    return (''.padEnd(a * width) + text).trimEnd();
  }
  const lo = Math.min(a, b) * width + 1;
  const hi = Math.max(a, b) * width + 1;
  for (let i = lo; i < hi; i++) line[i] = '─';
  if (a < b) line[hi - 1] = '▶';
  else line[lo] = '◀';
  const span = hi - lo - 2;
  const text = span >= label.length ? label : clip(label, Math.max(span, 0));
  const start = lo + 1 + Math.max(0, Math.floor((span - text.length) / 2));
  for (let i = 0; i < text.length; i++) line[start + i] = text[i];
  let out = line.join('').trimEnd();
  if (span < label.length) out += ' ' + label.trim();
  return out;
}

function stateLines(st: TraceState, names: readonly string[], width: number, gutter: number, col: Map<string, number>): string[] {
  const cells = names.map((n) => formatValue(st.procs[n]) + (st.down.includes(n) ? ' (down)' : ''));
  const out: string[] = [];
  const chunks = cells.map((c) => chunk(c, width - 2));
  const h = Math.max(...chunks.map((c) => c.length));
  for (let k = 0; k < h; k++) {
    let line = ''.padEnd(gutter);
    for (let i = 0; i < names.length; i++) line += ((k === 0 ? '│ ' : '│ ') + (chunks[i][k] ?? '')).padEnd(width);
    out.push(line.trimEnd());
  }
  void col;
  return out;
}

function chunk(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out.length ? out : [''];
}

/** The chart plus a summary of the final state and the reason the trace ends. */
export function renderTrace(trace: Trace, opts: ChartOptions = {}): string {
  const last = trace.steps.length ? trace.steps[trace.steps.length - 1].state : trace.initial;
  const names = Object.keys(last.procs);
  const n = trace.steps.length;
  const size =
    trace.loopStart === undefined
      ? `${n} step${n === 1 ? '' : 's'}`
      : `lasso: ${trace.loopStart}-step stem, ${n === trace.loopStart ? 'then stays forever' : `${n - trace.loopStart}-step cycle repeated forever`}`;
  const lines = [
    `${trace.kind === 'witness' ? 'Witness' : 'Counterexample'} for '${trace.property}' (${size}): ${trace.reason}`,
    '',
    renderChart(trace, opts),
    '',
    trace.loopStart === undefined ? 'Final state:' : `Final state (= the state ${trace.loopStart === 0 ? 'the run starts in' : `after step ${trace.loopStart}`}, where the cycle starts):`,
    ...names.map((n) => `  ${n}${last.down.includes(n) ? ' (down)' : ''}: ${formatValue(last.procs[n])}`),
    `  in flight: ${last.inFlight.length ? last.inFlight.map((m) => `${formatMessage(m.msg)} ${m.from}→${m.to}`).join('; ') : 'nothing'}`,
  ];
  if (last.cut?.length) lines.push(`  cut links: ${last.cut.join(', ')}`);
  const f = last.faults;
  const used = Object.entries(f).filter(([, v]) => v > 0);
  if (used.length) lines.push(`  faults used: ${used.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return lines.join('\n');
}
