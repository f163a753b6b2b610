import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../check/index.ts';
import { ROOT } from './bundled.ts';

export const VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The `--json` document of one check. Stable: fields are only ever added.
 * { format: 'mpcheck-result/1', mpcheck, model, file, params, strategy, workers, workersNote?, complete, stoppedBy,
 *   stats: { states, transitions, depth, elapsedMs, statesPerSecond, maxQueue, bytesPerState, peakRssBytes },
 *   properties: [{ name, kind, description, verdict, detail, trace? }] }
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
    properties: r.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      description: p.description,
      verdict: p.verdict,
      detail: p.detail,
      ...(p.trace ? { trace: p.trace } : {}),
    })),
  };
}
