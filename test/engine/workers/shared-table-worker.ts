// Interns the byte strings it is sent into a shared component table, all workers starting at
// once (a barrier on a shared counter), and reports the ids it got.
import { parentPort } from 'node:worker_threads';
import { ComponentTableFull, SharedComponentTable } from '../../../src/engine/shared-component-table.ts';
import type { SharedComponentBuffers } from '../../../src/engine/shared-component-table.ts';

export interface InternOrder {
  readonly buffers: SharedComponentBuffers;
  readonly strings: readonly string[];
  /** Int32 [arrived, workers]: every worker waits until all have arrived. */
  readonly gate: SharedArrayBuffer;
}

export interface InternReport {
  /** Ids of strings[0..ids.length): the worker stopped at the first string that found the table full. */
  readonly ids: number[];
  readonly full: boolean;
  /** The values this worker decodes for its ids. */
  readonly values: string[];
}

const port = parentPort!;
const decoder = new TextDecoder();
const encoder = new TextEncoder();
let table: SharedComponentTable<string> | undefined;
let meta: SharedArrayBuffer | undefined;

port.on('message', (order: InternOrder) => {
  // the same table grown (its counters are kept), or a new one
  if (table && meta === order.buffers.meta) table.adopt(order.buffers);
  else table = new SharedComponentTable<string>(order.buffers, (buf, start, end) => decoder.decode(buf.slice(start, end)));
  meta = order.buffers.meta;
  const bytes = order.strings.map((s) => encoder.encode(s));
  const gate = new Int32Array(order.gate);
  // start together, so that the insertions race
  if (Atomics.add(gate, 0, 1) + 1 === gate[1]) Atomics.notify(gate, 0);
  for (let v = Atomics.load(gate, 0); v < gate[1]; v = Atomics.load(gate, 0)) Atomics.wait(gate, 0, v);
  const ids: number[] = [];
  let full = false;
  for (const b of bytes) {
    try {
      ids.push(table.intern(b, 0, b.length));
    } catch (e) {
      if (!(e instanceof ComponentTableFull)) throw e;
      full = true;
      break;
    }
  }
  port.postMessage({ ids, full, values: ids.map((id) => table!.value(id)) } satisfies InternReport);
});
port.postMessage('ready');
