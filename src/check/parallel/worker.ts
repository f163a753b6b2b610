// The body of a search worker thread (started through worker-entry.mjs, which registers tsx).
import { resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { Engine, SpecError, Writer, compile, fingerprint, fp, writeState } from '../../engine/index.ts';
import { isProtocol } from '../../spec/index.ts';
import { importSpec, reuseCompiledSpec } from '../../spec/import-spec.ts';
import { Expander } from './expand.ts';
import type { ToWorker, WorkerData } from './lanes.ts';

const data = workerData as WorkerData;
const port = parentPort!;

try {
  if (data.specCode) reuseCompiledSpec(resolve(data.source.file), data.specCode);
  const mod = (await importSpec(resolve(data.source.file))) as { default?: unknown };
  if (!isProtocol(mod.default)) throw new Error(`${data.source.file}: the default export is not a protocol`);
  const model = compile(mod.default, data.source.options);
  const engine = new Engine(model);
  const w = new Writer();
  writeState(w, engine.initial());
  fingerprint(w.buf, w.pos);
  if (fp[0] !== data.initial[0] || fp[1] !== data.initial[1]) {
    throw new Error(`${data.source.file} does not define the protocol being checked (its initial state differs); parallel search loads the protocol from its spec file`);
  }
  const { por, symmetry } = data.reductions;
  if (engine.por !== por || engine.symmetric !== symmetry) {
    const says = (p: boolean, sym: boolean) => `partial-order reduction ${p ? 'on' : 'off'}, symmetry reduction ${sym ? 'on' : 'off'}`;
    throw new Error(`${data.source.file}: the worker's model has ${says(engine.por, engine.symmetric)}, the search ${says(por, symmetry)} (pass the same por and symmetry options in the lanes' model options)`);
  }
  const ex = new Expander(model, data.control, new Float64Array(data.progress), data.lane, data.options);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'level') port.postMessage({ type: 'report', report: ex.runLevel(m.order) });
    else {
      ex.place(m.order);
      port.postMessage({ type: 'placed' });
    }
  });
  port.postMessage({ type: 'ready' });
} catch (e) {
  const message = e instanceof SpecError ? e.describe() : e instanceof Error ? e.message : String(e);
  port.postMessage({ type: 'failed', message, stack: e instanceof Error ? e.stack : undefined });
}
