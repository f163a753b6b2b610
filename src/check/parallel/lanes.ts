import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { compiledSpecSource } from '../../spec/import-spec.ts';
import type { Model, ModelOptions } from '../../engine/index.ts';
import { Expander } from './expand.ts';
import type { LaneOptions, LevelOrder, LevelReport, PlaceOrder } from './expand.ts';

/**
 * A thread expanding states, as the coordinator sees it: once `ready`, it runs one level
 * order at a time. A lane that is not ready yet (a worker thread still loading the spec)
 * joins at the next level boundary after it is.
 */
export interface Lane {
  readonly ready: Promise<void>;
  /** For a lane made to wait (mixedLanes): start loading now (once; later calls do nothing). */
  start?(): void;
  run(order: LevelOrder): Promise<LevelReport>;
  /**
   * A lane in another thread: take a share of filling the slots of a grown table, alongside
   * the coordinator (see SharedTable.placeShared). Lanes in the coordinator's thread have none.
   */
  place?(order: PlaceOrder): Promise<void>;
  close(): Promise<void>;
}

/** What every lane shares. */
export interface LaneSetup {
  readonly control: SharedArrayBuffer;
  /** Float64 progress counters, PROGRESS_STRIDE (see table.ts) per lane: [transitions, expanded]. */
  readonly progress: SharedArrayBuffer;
  readonly options: LaneOptions;
  /** Fingerprint of the initial state as the coordinator computed it (a worker checks it loaded the same model). */
  readonly initial: readonly [number, number];
  /** The reductions in force in the coordinator's model (a worker checks that its model has the same). */
  readonly reductions: { readonly por: boolean; readonly symmetry: boolean };
}

/** Starts `count` lanes, numbered 0..count-1. */
export type LaneFactory = (count: number, setup: LaneSetup) => Lane[];

/** How a worker thread rebuilds the model: the spec file and the options it was compiled with. */
export interface ModelSource {
  readonly file: string;
  readonly options: ModelOptions;
}

/** Data a worker thread starts from. */
export interface WorkerData extends LaneSetup {
  readonly source: ModelSource;
  /** The spec module as this thread compiled it (when it did), so the worker need not compile it again. */
  readonly specCode?: string;
  readonly lane: number;
}

/** Messages between the coordinator and a worker thread. */
export type ToWorker = { type: 'level'; order: LevelOrder } | { type: 'place'; order: PlaceOrder };
type FromWorker = { type: 'ready' } | { type: 'failed'; message: string; stack?: string } | { type: 'report'; report: LevelReport } | { type: 'placed' };

/** The worker thread entry: plain JavaScript that registers tsx (as bin/mpcheck.js does) and loads worker.ts. */
const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/**
 * The default lanes: this thread is lane 0 and starts at once; lanes 1..count-1 are worker
 * threads that import the spec file and compile it themselves, and join when loaded (so
 * their start-up, 0.15–0.6 s of loading the code and the spec each, overlaps the search).
 * With `waiting`, a worker thread starts only when the coordinator calls its `start` (see
 * ParallelOptions.startLanes): a short search does not pay for it (it slows this thread
 * while it loads, and a second V8 has to warm up).
 */
export function mixedLanes(model: Model, source: ModelSource, waiting = false): LaneFactory {
  return (count, setup) => {
    const lanes: Lane[] = [inProcessLane(model, setup, 0, () => 4, YIELD_EVERY_MS)];
    for (let lane = 1; lane < count; lane++) lanes.push(threadLane(source, setup, lane, waiting));
    return lanes;
  };
}

/** Every lane a worker thread (the coordinator only coordinates). */
export function threadLanes(source: ModelSource): LaneFactory {
  return (count, setup) => Array.from({ length: count }, (_, lane) => threadLane(source, setup, lane));
}

/**
 * Lanes in this thread, for tests: each has its own engine but all share the table and the
 * work items; they take turns between work items (`turn` says how many items a lane expands
 * before it yields), which exercises the shared-table and level logic without threads.
 */
export function inProcessLanes(model: Model, turn: () => number = () => 1): LaneFactory {
  return (count, setup) => Array.from({ length: count }, (_, lane) => inProcessLane(model, setup, lane, turn));
}

/**
 * How often the lane in the coordinator's thread lets the event loop run (the worker
 * threads' lanes do not need it): often enough for the timers (the time limit, progress every
 * 250 ms, starting the workers), and not after every few work items, which on small levels
 * (a reduced search) meant hundreds of turns of the event loop.
 */
const YIELD_EVERY_MS = 10;

/** A lane in this thread: it yields to the event loop every `turn()` work items, and no more often than every `yieldEveryMs`. */
function inProcessLane(model: Model, setup: LaneSetup, lane: number, turn: () => number, yieldEveryMs = 0): Lane {
  const ex = new Expander(model, setup.control, new Float64Array(setup.progress), lane, setup.options);
  return {
    ready: Promise.resolve(),
    async run(order: LevelOrder): Promise<LevelReport> {
      // the coordinator calls every lane's run in turn: return at once, so that the lanes
      // after this one get their orders before it starts (it used to expand for 10 ms first,
      // or the whole of a small level, while the worker thread waited for its order)
      await Promise.resolve();
      ex.begin(order);
      let budget = turn();
      let last = performance.now();
      while (ex.step()) {
        if (--budget > 0) continue;
        budget = turn();
        if (yieldEveryMs > 0 && performance.now() - last < yieldEveryMs) continue;
        // let timers (time limit, progress, starting the workers) and in-process lanes run
        await new Promise((r) => setImmediate(r));
        last = performance.now();
      }
      return ex.end();
    },
    async close(): Promise<void> {},
  };
}

function threadLane(source: ModelSource, setup: LaneSetup, lane: number, waiting = false): Lane {
  let worker: Worker | undefined;
  let starting: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  /** Replies the worker owes, in the order the messages went (it answers them one at a time, in order). */
  const replies: { resolve: (value: unknown) => void; reject: (e: unknown) => void }[] = [];
  let closed = false;
  const ready = new Promise<void>((resolve, reject) => (starting = { resolve, reject }));
  ready.catch(() => {}); // observed by the coordinator when it looks for lanes to join
  const fail = (e: unknown): void => {
    starting?.reject(e);
    starting = undefined;
    for (const r of replies.splice(0)) r.reject(e);
  };
  /** Post `m` and wait for the worker's reply to it. */
  const ask = <T>(m: ToWorker): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      replies.push({ resolve: resolve as (value: unknown) => void, reject });
      worker!.postMessage(m);
    });
  const start = (): void => {
    if (worker !== undefined || closed) return;
    let w: Worker;
    try {
      const specCode = compiledSpecSource(resolve(source.file));
      w = new Worker(ENTRY, { workerData: { ...setup, source, lane, ...(specCode ? { specCode } : {}) } satisfies WorkerData });
    } catch (e) {
      fail(e); // (the coordinator sees it as this lane's failure)
      return;
    }
    worker = w;
    w.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        starting?.resolve();
        starting = undefined;
      } else if (m.type === 'failed') {
        fail(Object.assign(new Error(m.message), { stack: m.stack }));
      } else {
        replies.shift()?.resolve(m.type === 'report' ? m.report : undefined);
      }
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (!closed) fail(new Error(`a search worker exited unexpectedly (code ${code})`));
    });
  };
  if (!waiting) start();
  return {
    ready,
    start,
    run: (order) => ask<LevelReport>({ type: 'level', order }),
    place: (order) => ask<void>({ type: 'place', order }),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await worker?.terminate();
    },
  };
}
