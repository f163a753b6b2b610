import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { inProcessLanes, searchParallel } from '../../src/check/index.ts';
import type { ParallelOptions } from '../../src/check/parallel/index.ts';
import type { LevelReport } from '../../src/check/parallel/expand.ts';
import type { LaneFactory } from '../../src/check/parallel/lanes.ts';
import type { CheckResult, SearchOptions } from '../../src/check/index.ts';
import type { Model } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import type { RandomSpec } from './random-models.ts';

/** The lanes `factory` makes, each of their level reports shown to `seen` on its way to the coordinator. */
export function watched(factory: LaneFactory, seen: (report: LevelReport) => void): LaneFactory {
  return (count, setup) =>
    factory(count, setup).map((lane) => ({
      ...lane,
      run: async (order) => {
        const report = await lane.run(order);
        seen(report);
        return report;
      },
    }));
}

/**
 * What must not depend on the number of workers: verdicts, counterexample lengths, the
 * reductions in force, and (for a complete search) the counts, with the states expanded
 * through an ample set only.
 */
export function summary(r: CheckResult): object {
  // once every property is decided a search stops, and whether states were left depends on
  // the order of expansion (one thread may decide the last one at the very last state, lanes
  // earlier): then only the verdicts and the counterexample lengths are the same
  const decided = r.properties.every((p) => p.trace !== undefined);
  return {
    properties: r.properties.map((p) => ({ name: p.name, verdict: p.verdict, steps: p.trace?.steps.length })),
    reductions: { por: r.reductions.por, symmetry: r.reductions.symmetry },
    ...(decided
      ? { decided: true }
      : r.complete
        ? { complete: true, states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth, ampleStates: r.reductions.ampleStates }
        : { complete: false }),
  };
}

/** Parallel search in this thread: lanes take turns between work items. */
export function inProcess(
  model: Model,
  workers: number,
  opts: SearchOptions & Pick<ParallelOptions, 'tableSlots' | 'components' | 'tableHeadroom'> & { turn?: () => number } = {},
): Promise<CheckResult> {
  return searchParallel(model, { ...opts, workers, lanes: inProcessLanes(model, opts.turn) });
}

/** Every trace of the result replays on `model` and confirms its finding. */
export function expectTracesReplay(model: Model, r: CheckResult): void {
  for (const p of r.properties) {
    if (!p.trace) continue;
    const rep = replayTrace(model, JSON.parse(JSON.stringify(p.trace)));
    expect(rep.ok && rep.confirmed, `${p.name}: ${rep.conclusion}`).toBe(true);
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const models = JSON.stringify(join(root, 'test', 'check', 'random-models.ts'));

/** A spec file whose default export is the random protocol `spec` (in `mode`, see toProtocol). */
export function randomSpecFile(spec: RandomSpec, mode: 'invariants' | 'local' = 'invariants'): string {
  return `import { toProtocol } from ${models};\nexport default toProtocol(${JSON.stringify(spec)}, ${JSON.stringify(mode)});\n`;
}

/** A spec file whose default export is symmetricSpec(...args). */
export function symmetricSpecFile(args: readonly unknown[]): string {
  return `import { symmetricSpec } from ${models};\nexport default symmetricSpec(${args.map((a) => JSON.stringify(a)).join(', ')});\n`;
}
