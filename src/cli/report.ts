import type { CheckResult, PropertyResult } from '../check/index.ts';
import { SpecError } from '../engine/index.ts';
import { renderTrace } from '../trace/index.ts';
import { describeFairness } from '../properties/index.ts';

const fmt = new Intl.NumberFormat('en-US');
const MARK = { holds: '✓', violated: '✗', unknown: '?' } as const;

export function formatParams(p: Readonly<Record<string, unknown>>): string {
  const e = Object.entries(p);
  return e.length ? e.map(([k, v]) => `${k}=${String(v)}`).join(' ') : 'none';
}

export function formatStats(r: CheckResult): string {
  const s = r.stats;
  return [
    `states ${fmt.format(s.states)}`,
    `transitions ${fmt.format(s.transitions)}`,
    `depth ${s.depth}`,
    `${(s.elapsedMs / 1000).toFixed(2)} s`,
    `${fmt.format(Math.round(s.statesPerSecond))} states/s`,
    `${s.bytesPerState.toFixed(1)} B/state (visited set)`,
    `peak RSS ${Math.round(s.peakRssBytes / 2 ** 20)} MiB`,
    ...(s.spilledBytes ? [`frontier spilled to disk: ${Math.round(s.spilledBytes / 2 ** 20)} MiB`] : []),
  ].join(' · ');
}

export function verdictLine(p: PropertyResult, width: number): string {
  return `  ${MARK[p.verdict]} ${p.name.padEnd(width)} ${p.verdict.padEnd(8)} ${p.detail}`;
}

function workersText(r: CheckResult): string {
  if (r.workersNote) return ` · ${r.workers ?? 1} worker${(r.workers ?? 1) === 1 ? '' : 's'} (${r.workersNote})`;
  return r.workers !== undefined && r.workers > 1 ? ` · ${r.workers} workers` : '';
}

/** The human report of one check: header, a line per property, statistics, then each trace. */
export function renderResult(r: CheckResult, opts: { states?: boolean } = {}): string {
  const width = Math.max(...r.properties.map((p) => p.name.length));
  const lines = [
    `mpcheck · ${r.model}${r.file ? ` (${r.file})` : ''} · params ${formatParams(r.params)} · ${r.strategy}${workersText(r)}${r.reductions.por ? ' · partial-order reduction' : ''}${r.reductions.symmetry ? ' · symmetry reduction' : ''}${r.complete ? '' : ` · stopped: ${r.stoppedBy}`}`,
    ...r.properties.map((p) => verdictLine(p, width)),
    formatStats(r),
    ...monitorLine(r),
    ...seeEveryStepLine(r),
  ];
  if (r.liveness) {
    const l = r.liveness;
    lines.push(
      `liveness: fairness ${describeFairness(r.fairness)} · graph of ${fmt.format(l.states)} states, ${fmt.format(l.edges)} steps${r.reductions.por || r.reductions.symmetry ? ' (unreduced: the reductions above are the safety search\'s)' : ''} · ${fmt.format(l.sccs)} SCCs examined · ${l.fairnessGroups} fairness group${l.fairnessGroups === 1 ? '' : 's'} · ${(l.elapsedMs / 1000).toFixed(2)} s${l.complete ? '' : ` · stopped: ${l.stoppedBy}`}`,
    );
  }
  const shortening = shorteningLine(r);
  if (shortening) lines.push('', shortening);
  for (const p of r.properties) {
    if (!p.trace) continue;
    lines.push('', renderTrace(p.trace, { states: opts.states }));
  }
  return lines.join('\n');
}

/** The predicates that keep partial-order reduction from taking any step that changes a local state alone. */
function seeEveryStepLine(r: CheckResult): string[] {
  const all = r.reductions.seeEveryStep;
  if (!r.reductions.por || !all || all.length === 0) return [];
  const names = all.map((n) => `'${n}'`).join(', ');
  return [`partial-order reduction: ${names} ${all.length === 1 ? 'uses' : 'use'} the state in a way mpcheck cannot follow, so ${all.length === 1 ? 'it sees' : 'they see'} every step (read fields as v.procs.name.field, v.procs[name].field or through Object.values/entries)`];
}

/** Whether the traces are shortest, when partial-order reduction may have made them longer (see shorten.ts). */
export function shorteningLine(r: CheckResult): string | null {
  const sh = r.shortening;
  if (sh) {
    const which = sh.shortened.length ? `shortened ${sh.shortened.join(', ')}` : 'none was shorter';
    if (sh.complete) return `Traces are shortest: a search without partial-order reduction to depth ${sh.depth} (${fmt.format(sh.states)} states) ${sh.shortened.length ? which : 'found none shorter'}.`;
    return `Traces may not be shortest: the search without partial-order reduction stopped at its limit (${fmt.format(sh.states)} states, before depth ${sh.depth}); ${which} (--no-por finds the shortest).`;
  }
  if (r.strategy === 'bfs' || !r.reductions.por || r.reductions.ampleStates === 0) return null;
  return r.properties.some((p) => p.trace && p.trace.loopStart === undefined) ? 'Traces may not be shortest (depth-first search, with partial-order reduction).' : null;
}

/** Which monitors ran, and (when measured) how many states their ghost state added. */
export function monitorLine(r: CheckResult): string[] {
  const g = r.ghost;
  if (g) {
    if (g.monitors.length === 0) return ['monitors: none (no ghost state)'];
    const added = g.statesWith - g.statesWithout;
    const ratio = g.statesWithout ? (g.statesWith / g.statesWithout).toFixed(2) : '—';
    return [
      `monitors: ${g.monitors.join(', ')} · ghost state: ${fmt.format(g.statesWith)} states with them, ${fmt.format(g.statesWithout)} without (${added >= 0 ? '+' : ''}${fmt.format(added)}, ×${ratio})${g.complete ? '' : ' · counts within the limits'}`,
    ];
  }
  const monitors = r.properties.filter((p) => p.kind === 'monitor').map((p) => p.name);
  return monitors.length ? [`monitors: ${monitors.join(', ')} (--ghost measures the states they add)`] : [];
}

/** The one-paragraph message for a spec error, with the path that reached it. */
export function renderSpecError(e: SpecError): string {
  const lines = [`spec error: ${e.describe()}`];
  if (e.trace) {
    lines.push(e.trace.length ? `reached after ${e.trace.length} step(s):` : 'reached in the initial state');
    e.trace.forEach((t, i) => lines.push(`  ${i + 1}. ${String(t)}`));
  }
  return lines.join('\n');
}
