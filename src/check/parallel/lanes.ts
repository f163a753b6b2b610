import { Worker } from 'node:worker_threads';
import type { Model, ModelOptions } from '../../engine/index.ts';
import { Expander } from './expand.ts';
import type { LaneOptions, LevelOrder, LevelReport } from './expand.ts';
import type { TableBuffers } from './table.ts';

/** A worker as the coordinator sees it: it runs one level order at a time. */
export interface Lane {
  run(order: LevelOrder): Promise<LevelReport>;
  close(): Promise<void>;
}

/** What every lane shares. */
export interface LaneSetup {
  readonly control: SharedArrayBuffer;
  readonly progress: SharedArrayBuffer;
  readonly table: TableBuffers;
  readonly options: LaneOptions;
  /** Fingerprint of the initial state as the coordinator computed it (a worker checks it loaded the same model). */
  readonly initial: readonly [number, number];
}

/** Starts `count` lanes. */
export type LaneFactory = (count: number, setup: LaneSetup) => Promise<Lane[]>;

/** How a worker thread rebuilds the model: the spec file and the options it was compiled with. */
export interface ModelSource {
  readonly file: string;
  readonly options: ModelOptions;
}

/** Data a worker thread starts from. */
export interface WorkerData extends LaneSetup {
  readonly source: ModelSource;
  readonly lane: number;
}

type FromWorker = { type: 'ready' } | { type: 'failed'; message: string; stack?: string; spec?: { detail: string; where: { process?: string; handler?: string }; file?: string } } | { type: 'report'; report: LevelReport };

/** The worker thread entry: plain JavaScript that registers tsx (as bin/mpcheck.js does) and loads worker.ts. */
const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** Lanes on worker threads; each worker imports the spec file and compiles it itself. */
export function threadLanes(source: ModelSource): LaneFactory {
  return async (count, setup) => {
    const lanes = Array.from({ length: count }, (_, lane) => new ThreadLane(new Worker(ENTRY, { workerData: { ...setup, source, lane } satisfies WorkerData })));
    const ready = await Promise.allSettled(lanes.map((l) => l.ready));
    const failed = ready.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(lanes.map((l) => l.close()));
      throw (failed as PromiseRejectedResult).reason;
    }
    return lanes;
  };
}

class ThreadLane implements Lane {
  readonly ready: Promise<void>;
  private pending: { resolve: (r: LevelReport) => void; reject: (e: unknown) => void } | undefined;
  private starting: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  private closed = false;

  constructor(private readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => (this.starting = { resolve, reject }));
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        this.starting?.resolve();
        this.starting = undefined;
      } else if (m.type === 'failed') {
        this.fail(Object.assign(new Error(m.message), { stack: m.stack, spec: m.spec }));
      } else if (m.type === 'report') {
        const p = this.pending;
        this.pending = undefined;
        p?.resolve(m.report);
      }
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`a search worker exited unexpectedly (code ${code})`));
    });
  }

  run(order: LevelOrder): Promise<LevelReport> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(order);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }

  private fail(e: unknown): void {
    this.starting?.reject(e);
    this.starting = undefined;
    this.pending?.reject(e);
    this.pending = undefined;
  }
}

/**
 * Lanes in this thread, for tests: each has its own engine but all share the table and the
 * cursor; they take turns between work items (`turn` says how many items a lane expands
 * before it yields to the others), which exercises the shared-table and level logic
 * without threads.
 */
export function inProcessLanes(model: Model, turn: () => number = () => 1): LaneFactory {
  return async (count, setup) =>
    Array.from({ length: count }, (_, lane) => {
      const ex = new Expander(model, setup.control, setup.table, new Float64Array(setup.progress), lane, setup.options);
      return {
        async run(order: LevelOrder): Promise<LevelReport> {
          ex.begin(order);
          let budget = turn();
          while (ex.step()) {
            if (--budget <= 0) {
              await new Promise((r) => setImmediate(r));
              budget = turn();
            }
          }
          return ex.end();
        },
        async close(): Promise<void> {},
      };
    });
}
