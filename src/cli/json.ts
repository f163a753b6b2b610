import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../check/index.ts';
import { ROOT } from './bundled.ts';

export const VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The `--json` document of one check. Stable: fields are only ever added.
 * { format: 'mpcheck-result/1', mpcheck, model, file, params, strategy, workers, workersNote?, complete, stoppedBy,
 *   stats: { states, transitions, depth, elapsedMs, statesPerSecond, maxQueue, bytesPerState, peakRssBytes, spilledBytes? },
 *   reductions: { por, ampleStates, symmetry },
 *   properties: [{ name, kind, description, verdict, detail, trace? }],
 *   with liveness properties also: fairness: { weak, strong }, liveness: { states, edges, sccs, fairnessGroups, depth, elapsedMs, peakRssBytes, bytesPerState, complete, stoppedBy },
 *   ghost?: { monitors, statesWith, statesWithout, complete } (with --ghost) }
 */
export function resultJson(r: CheckResult): object {
  return {
    format: 'mpcheck-result/1',
    mpcheck: VERSION,
    model: r.model,
    file: r.file ?? null,
    params: r.params,
    strategy: r.strategy,
    workers: r.workers ?? 1,
    ...(r.workersNote ? { workersNote: r.workersNote } : {}),
    complete: r.complete,
    stoppedBy: r.stoppedBy,
    stats: r.stats,
    reductions: r.reductions,
    properties: r.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      description: p.description,
      verdict: p.verdict,
      detail: p.detail,
      ...(p.trace ? { trace: p.trace } : {}),
    })),
    ...(r.liveness ? { fairness: { weak: r.fairness?.weak ?? [], strong: r.fairness?.strong ?? [] }, liveness: r.liveness } : {}),
    ...(r.ghost ? { ghost: r.ghost } : {}),
  };
}
