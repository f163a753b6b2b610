import type { MinFaultsResult, SimulationProgress, SimulationResult } from '../check/index.ts';
import { renderTrace } from '../trace/index.ts';
import { documentHead, propertyHead } from './json.ts';
import { formatParams, verdictLine } from './report.ts';

const fmt = new Intl.NumberFormat('en-US');

export function simulationProgressLine(p: SimulationProgress): string {
  return `runs ${fmt.format(p.runs)}/${fmt.format(p.plannedRuns)} · states ${fmt.format(p.states)} · deepest ${p.maxDepth} · ${fmt.format(Math.round(p.stepsPerSecond))} steps/s · ${(p.elapsedMs / 1000).toFixed(1)} s`;
}

/** How much of the space the walks touched, in one line. Never a claim that a property holds. */
export function coverageLine(r: SimulationResult): string {
  const s = r.stats;
  return [
    `runs ${fmt.format(s.runs)}`,
    `steps ${fmt.format(s.steps)}`,
    `distinct states touched ${fmt.format(s.states)}`,
    `deepest step ${s.maxDepth}`,
    `${(s.elapsedMs / 1000).toFixed(2)} s`,
    `${fmt.format(Math.round(s.stepsPerSecond))} steps/s`,
    `seeds run ${s.seedsRun}`,
    `workers ${r.workers}`,
  ].join(' · ');
}

/** The command line that replays the finding's walk exactly (fast-check seed + path). */
export function replayCommand(r: SimulationResult, extra: readonly string[]): string | null {
  const v = r.properties.find((p) => p.found);
  if (!v?.found || !r.file) return null;
  return ['mpcheck simulate', r.file, '--seed', String(v.found.seed), '--path', v.found.path, '--depth', String(r.depth), ...(r.uniform ? ['--uniform'] : []), ...extra].join(' ');
}

export function renderSimulation(r: SimulationResult, opts: { states?: boolean; replayFlags?: readonly string[]; minFaults?: MinFaultsResult | null } = {}): string {
  const width = Math.max(...r.properties.map((p) => p.name.length));
  const [a, b] = r.seeds;
  const lines = [
    `mpcheck · ${r.model}${r.file ? ` (${r.file})` : ''} · params ${formatParams(r.params)} · simulate · seed${a === b ? ` ${a}` : `s ${a}..${b}`} × ${r.runsPerSeed} run${r.runsPerSeed === 1 ? '' : 's'} · depth ${r.depth} · ${r.uniform ? 'uniform' : 'swarm bias per seed'}${r.stoppedBy === 'timeout' ? ' · stopped: timeout' : ''}`,
    ...r.properties.map((p) => verdictLine(p, width)),
    coverageLine(r),
    `a simulation samples the state space; it does not exhaust it: a property without a violation is unknown, not proven (use mpcheck check)`,
  ];
  const v = r.properties.find((p) => p.found);
  if (v?.found && v.trace) {
    const f = v.found;
    const faults = v.trace.steps.filter((s) => s.fault).length;
    const withFaults = (n: number): string => (f.foundFaults > 0 || faults > 0 ? ` (${n} fault${n === 1 ? '' : 's'})` : '');
    lines.push(`found by seed ${f.seed}, run ${f.run} (bias: ${f.bias}) after ${f.foundSteps} steps${withFaults(f.foundFaults)}; shrunk to ${v.trace.steps.length} steps${withFaults(faults)} in ${f.shrinks} shrink${f.shrinks === 1 ? '' : 's'}`);
    const cmd = replayCommand(r, opts.replayFlags ?? []);
    if (cmd) lines.push(`replay this walk: ${cmd}`);
    if (opts.minFaults) lines.push(`fault-minimal: ${opts.minFaults.summary}`);
    const shown = opts.minFaults && opts.minFaults.trace !== v.trace ? opts.minFaults.trace : v.trace;
    lines.push('', renderTrace(shown, { states: opts.states }));
  }
  for (const p of r.properties) if (p.kind === 'reachability' && p.trace) lines.push('', renderTrace(p.trace, { states: opts.states }));
  return lines.join('\n');
}

/**
 * The `--json` document of a simulation, `format: "mpcheck-simulation/1"`; like
 * `mpcheck-result/1`, fields are only ever added.
 */
export function simulationJson(r: SimulationResult, minFaults: MinFaultsResult | null): object {
  return {
    ...documentHead('mpcheck-simulation/1', r),
    seeds: r.seeds,
    runsPerSeed: r.runsPerSeed,
    depth: r.depth,
    uniform: r.uniform,
    workers: r.workers,
    stoppedBy: r.stoppedBy,
    stats: r.stats,
    properties: r.properties.map((p) => ({
      ...propertyHead(p),
      ...(p.found ? { found: p.found } : {}),
      ...(p.found && minFaults ? { minFaults: minFaultsJson(minFaults) } : {}),
      ...(p.trace ? { trace: p.trace } : {}),
    })),
  };
}

export function minFaultsJson(m: MinFaultsResult): object {
  return { faults: m.faults, total: m.total, original: m.original, proven: m.proven, summary: m.summary, searches: m.searches, trace: m.trace };
}
