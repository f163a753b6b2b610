import { resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { SpecError, compile } from '../engine/index.ts';
import { isProtocol } from '../spec/index.ts';
import { importSpec, reuseCompiledSpec } from '../spec/import-spec.ts';
import { Coverage } from './coverage.ts';
import { runSeed } from './sim-batch.ts';
import type { FromWorker, SerializedError, ToWorker, WorkerInit } from './swarm-messages.ts';

/** A swarm worker: loads the spec itself, then runs the seeds it is sent, one at a time. */
const init = workerData as WorkerInit;
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);
const control = new Int32Array(init.control);

function serialize(e: unknown): SerializedError {
  if (e instanceof SpecError) return { name: e.name, message: e.message, spec: { detail: e.detail, where: e.where, file: e.file, trace: e.trace?.map(String) } };
  if (e instanceof Error) return { name: e.name, message: e.stack ?? e.message };
  return { name: 'Error', message: String(e) };
}

try {
  if (init.specCode) reuseCompiledSpec(resolve(init.file), init.specCode);
  const mod = (await importSpec(resolve(init.file))) as { default?: unknown };
  if (!isProtocol(mod.default)) throw new SpecError('the default export is not a protocol');
  const model = compile(mod.default, { ...init.model, file: init.file });
  const coverage = new Coverage(true);
  let last = performance.now();
  const counters = () => ({ steps: coverage.steps, runs: coverage.runs, maxDepth: coverage.maxDepth, fresh: coverage.drain() });
  port.on('message', (m: ToWorker) => {
    const index = m.plan.index;
    const abort = (): boolean => {
      const now = performance.now();
      if (now - last >= init.progressIntervalMs) {
        last = now;
        const c = counters();
        port.postMessage({ type: 'progress', ...c } satisfies FromWorker, [c.fresh.buffer as ArrayBuffer]);
      }
      return Atomics.load(control, 1) === 1 || index > Atomics.load(control, 0);
    };
    try {
      const result = runSeed(model, m.plan, init.settings, coverage, abort);
      const c = counters();
      port.postMessage({ type: 'done', result, ...c } satisfies FromWorker, [c.fresh.buffer as ArrayBuffer]);
    } catch (e) {
      post({ type: 'error', error: serialize(e) });
    }
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'error', error: serialize(e) });
}
