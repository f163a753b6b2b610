import { minimizeFaults } from '../check/index.ts';
import type { CheckOptions, CheckResult, MinFaultsResult } from '../check/index.ts';
import type { Protocol } from '../spec/index.ts';
import { renderTrace } from '../trace/index.ts';
import { minFaultsJson } from './sim-report.ts';

/** `check --min-faults`: the fewest faults for every violated property with a trace. */
export function minFaultsOfResult(protocol: Protocol, r: CheckResult, opts: CheckOptions): Map<string, MinFaultsResult> {
  const out = new Map<string, MinFaultsResult>();
  for (const p of r.properties) if (p.verdict === 'violated' && p.trace) out.set(p.name, minimizeFaults(protocol, p.trace, opts));
  return out;
}

/** The text section: a line per property, and the chart of a fault-minimal trace when it is not the one shown above. */
export function renderMinFaults(r: CheckResult, mins: ReadonlyMap<string, MinFaultsResult>, states?: boolean): string {
  if (mins.size === 0) return '';
  const lines = ['\nFault-minimal counterexamples:'];
  const charts: string[] = [];
  for (const [name, m] of mins) {
    lines.push(`  ${name}: ${m.summary}`);
    const shown = r.properties.find((p) => p.name === name)?.trace;
    if (shown && m.trace !== shown) charts.push('', `Fault-minimal ${renderTrace(m.trace, { states }).replace(/^Counterexample/, 'counterexample')}`);
  }
  return [...lines, ...charts].join('\n');
}

/** Add `minFaults` to the properties of a `--json` result document. */
export function withMinFaults(doc: object, mins: ReadonlyMap<string, MinFaultsResult>): object {
  const d = doc as { properties: { name: string }[] };
  return { ...d, properties: d.properties.map((p) => (mins.has(p.name) ? { ...p, minFaults: minFaultsJson(mins.get(p.name)!) } : p)) };
}
