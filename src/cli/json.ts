import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, PropertyResult } from '../check/index.ts';
import { ROOT } from './bundled.ts';

export const VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The `--json` document of one check. Stable: fields are only ever added.
 * { format: 'mpcheck-result/1', mpcheck, model, file, params, strategy, workers, workersNote?, complete, stoppedBy,
 *   stats: { states, transitions, depth, elapsedMs, statesPerSecond, maxQueue, bytesPerState, peakRssBytes, spilledBytes? },
 *   reductions: { por, ampleStates, symmetry, seeEveryStep? },
 *   properties: [{ name, kind, description, verdict, detail, trace? }],
 *   with liveness properties also: fairness: { weak, strong }, liveness: { states, edges, sccs, fairnessGroups, depth, elapsedMs, peakRssBytes, bytesPerState, complete, stoppedBy },
 *   ghost?: { monitors, statesWith, statesWithout, complete } (with --ghost),
 *   shortening?: { depth, states, complete, shortened } (BFS with partial-order reduction that left out states, and a trace found:
 *     the search without it, to the longest trace's depth, that makes traces shortest; complete false: a limit ended it first) }
 */
export function resultJson(r: CheckResult): object {
  return {
    ...documentHead('mpcheck-result/1', r),
    workers: r.workers ?? 1,
    ...(r.workersNote ? { workersNote: r.workersNote } : {}),
    complete: r.complete,
    stoppedBy: r.stoppedBy,
    stats: r.stats,
    reductions: r.reductions,
    properties: r.properties.map((p) => ({
      ...propertyHead(p),
      ...(p.trace ? { trace: p.trace } : {}),
    })),
    ...(r.liveness ? { fairness: { weak: r.fairness?.weak ?? [], strong: r.fairness?.strong ?? [] }, liveness: r.liveness } : {}),
    ...(r.ghost ? { ghost: r.ghost } : {}),
    ...(r.shortening ? { shortening: r.shortening } : {}),
  };
}

/** What a `--json` document is about: the fields each format starts with, in this order. */
export function documentHead(format: string, r: Pick<CheckResult, 'model' | 'file' | 'params'> & { readonly strategy: string }) {
  return { format, mpcheck: VERSION, model: r.model, file: r.file ?? null, params: r.params, strategy: r.strategy };
}

/** The fields each property of a `--json` document starts with, in this order. */
export function propertyHead(p: PropertyResult) {
  return { name: p.name, kind: p.kind, description: p.description, verdict: p.verdict, detail: p.detail };
}
