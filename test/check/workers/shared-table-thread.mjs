// A worker thread for shared-table-threads.test.ts, sharing a SharedTable with other threads
// and starting when the main thread lets all go at once. It either inserts a list of
// fingerprints, or takes its share of filling the slots of a table grown `together`.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { SharedTable } = await import('../../../src/check/parallel/table.ts');

const { buffers, control, gate, keys, lane, place } = workerData;
const table = new SharedTable(buffers, control);
const go = new Int32Array(gate);
Atomics.add(go, 1, 1);
while (Atomics.load(go, 0) === 0) Atomics.wait(go, 0, 0, 50);
if (place) {
  table.placeShared(place.states, place.block);
  parentPort.postMessage(null);
} else {
  const pairs = new Uint32Array(keys);
  const out = new Int32Array(pairs.length / 2);
  for (let k = 0; k < out.length; k++) {
    if (!table.reserve(1)) throw new Error(`no room at insertion ${k}`);
    const got = table.insert(pairs[2 * k], pairs[2 * k + 1], lane);
    // a new index as is; a fingerprint found: -(its index) - 1
    out[k] = got >= 0 ? got : -table.lastFound - 1;
    // as at the end of a level run: the unused rest of the block becomes holes
    if (k % 997 === 996) table.release();
  }
  table.release();
  parentPort.postMessage(out, [out.buffer]);
}
