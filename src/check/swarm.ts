import { resolve } from 'node:path';
import { compiledSpecSource } from '../spec/import-spec.ts';
import { Worker } from 'node:worker_threads';
import { SpecError, compile } from '../engine/index.ts';
import type { Protocol } from '../spec/index.ts';
import { Coverage } from './coverage.ts';
import type { SeedResult } from './sim-batch.ts';
import { summarize } from './sim-result.ts';
import type { SimulationResult } from './sim-result.ts';
import { overridesOf, prepare } from './simulate.ts';
import type { SimulateProtocolOptions } from './simulate.ts';
import type { FromWorker, SerializedError, ToWorker, WorkerInit } from './swarm-messages.ts';

/** Options of a swarm; they cross to the workers, so `network` must be plain data (a priority function cannot: set it in the spec). */
export interface SwarmOptions extends SimulateProtocolOptions {
  /** Worker threads (each runs whole seeds). */
  readonly workers: number;
}

const NO_FINDING = 2 ** 31 - 1;

/**
 * Swarm search on worker threads. Seeds are handed out in order; a worker that finds a
 * violation calls off every seed after its own (the ones before it run to the end), and the
 * finding of the lowest seed wins. So the counterexample depends on the seeds only, never on
 * the number of workers or on which finished first.
 *
 * Workers load the spec from `file` themselves (functions do not cross threads); `protocol`
 * is the same spec, loaded here for the report.
 */
export async function swarm(protocol: Protocol, file: string, opts: SwarmOptions): Promise<SimulationResult> {
  const model = compile(protocol, { ...opts, file });
  const { plan, settings } = prepare(model, { ...opts, overrides: opts.overrides ?? overridesOf(model, opts) });
  const count = Math.max(1, Math.min(opts.workers, plan.length));
  const control = new SharedArrayBuffer(8);
  const ctl = new Int32Array(control);
  ctl[0] = NO_FINDING;
  const coverage = new Coverage();
  const steps = new Array<number>(count).fill(0);
  const walks = new Array<number>(count).fill(0);
  const plannedRuns = plan.reduce((n, p) => n + p.runs, 0);
  const results: SeedResult[] = [];
  const t0 = performance.now();
  const every = opts.progressIntervalMs ?? 250;
  let lastProgress = t0;
  let timedOut = false;
  let failure: SerializedError | undefined;
  let next = 0;

  const specCode = compiledSpecSource(resolve(file));
  const init: WorkerInit = {
    file,
    ...(specCode ? { specCode } : {}),
    model: { params: opts.params, network: opts.network, faults: opts.faults },
    settings,
    control,
    progressIntervalMs: Math.max(50, every / 2),
  };
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const account = (k: number, m: { steps: number; runs: number; maxDepth: number; fresh: Uint32Array }): void => {
    steps[k] = m.steps;
    walks[k] = m.runs;
    coverage.maxDepth = Math.max(coverage.maxDepth, m.maxDepth);
    coverage.merge(m.fresh);
    const now = performance.now();
    if (opts.onProgress && now - lastProgress >= every) {
      lastProgress = now;
      const el = now - t0;
      opts.onProgress({ runs: sum(walks), plannedRuns, steps: sum(steps), states: coverage.states, maxDepth: coverage.maxDepth, elapsedMs: el, stepsPerSecond: (sum(steps) * 1000) / Math.max(el, 1) });
    }
  };

  await new Promise<void>((resolveAll) => {
    let live = count;
    const timer = opts.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), Atomics.store(ctl, 1, 1)), opts.timeoutMs) : undefined;
    const retire = (w: Worker): void => {
      void w.terminate();
      if (--live === 0) {
        if (timer) clearTimeout(timer);
        resolveAll();
      }
    };
    const fail = (w: Worker, e: SerializedError): void => {
      failure ??= e;
      Atomics.store(ctl, 1, 1);
      retire(w);
    };
    const feed = (w: Worker): void => {
      const p = plan[next];
      if (!p || failure || timedOut || p.index > Atomics.load(ctl, 0)) return retire(w);
      next++;
      w.postMessage({ type: 'seed', plan: p } satisfies ToWorker);
    };
    for (let k = 0; k < count; k++) {
      const w = new Worker(new URL('./swarm-worker.js', import.meta.url), { workerData: init });
      let settled = false;
      w.on('message', (m: FromWorker) => {
        if (settled) return;
        if (m.type === 'ready') return feed(w);
        if (m.type === 'progress') return account(k, m);
        if (m.type === 'error') return ((settled = true), fail(w, m.error));
        account(k, m);
        results.push(m.result);
        if (m.result.finding && m.result.index < Atomics.load(ctl, 0)) Atomics.store(ctl, 0, m.result.index);
        feed(w);
      });
      w.on('error', (e) => {
        if (settled) return;
        settled = true;
        fail(w, { name: e.name, message: e.stack ?? e.message });
      });
    }
  });
  if (failure) throw deserialize(failure);
  const totals = { steps: sum(steps), states: coverage.states, maxDepth: coverage.maxDepth, elapsedMs: performance.now() - t0 };
  return summarize(model, plan, results, totals, { depth: settings.depth, uniform: settings.uniform, workers: count, properties: settings.properties, timedOut });
}

function deserialize(e: SerializedError): Error {
  if (e.spec) {
    const err = new SpecError(e.spec.detail, e.spec.where);
    err.file = e.spec.file;
    err.trace = e.spec.trace;
    return err;
  }
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
