import { describeStop } from '../limits.ts';
import {
  CollapsedStates,
  ComponentTableFull,
  Engine,
  IdSymmetry,
  SharedInterners,
  SpecError,
  Writer,
  allocateComponentSet,
  fingerprint,
  fp,
  grownComponentSet,
  writeState,
} from '../../engine/index.ts';
import type { ComponentCapacity, ComponentLimits, GlobalState, IdVector, Model, SharedComponentSet } from '../../engine/index.ts';
import { buildTrace } from '../../trace/index.ts';
import type { StateIndex } from '../../trace/index.ts';
import type { CheckResult, PropertyResult, StopReason } from '../result.ts';
import { RunMeter } from '../run-meter.ts';
import { holdsDetail, reductionsOf, search } from '../search.ts';
import type { SearchOptions } from '../search.ts';
import { itemSize, levelWork, segmentedWork, singleRecord, unclaimed } from './chunks.ts';
import type { Chunk } from './chunks.ts';
import { Decisions } from './checks.ts';
import { threadTimes } from './cpu.ts';
import type { Finding } from './checks.ts';
import type { LaneError, LevelReport } from './expand.ts';
import type { Lane, LaneFactory } from './lanes.ts';
import { CTRL, OVERFLOW, PROGRESS_STRIDE, STOP, SharedTable, controlBuffer, limitOf } from './table.ts';
import { viewLogBuffers } from './view-logs.ts';

export interface ParallelOptions extends SearchOptions {
  /** Number of lanes (worker threads) expanding states. */
  readonly workers: number;
  /** How the lanes are started: this thread plus worker threads (mixedLanes), or, for tests, in-process lanes. */
  readonly lanes: LaneFactory;
  /** Wait until every lane is ready before the first level (default: lanes join as they become ready). */
  readonly waitForLanes?: boolean;
  /**
   * When to start the lanes made to wait (mixedLanes with `waiting`): once the search has run
   * `afterMs` and is at a level of at least `minLevel` states, or has run `anywayMs`. A worker
   * thread costs this thread about 0.15 s while it loads and warms up, which a search of small
   * levels does not win back.
   */
  readonly startLanes?: { readonly afterMs: number; readonly minLevel: number; readonly anywayMs: number };
  /** Initial slots of the fingerprint table (default: from maxStates, else 64Ki); for tests of growth. */
  readonly tableSlots?: number;
  /**
   * For tests of the pauses: at the start of each level and each time it resumes, the table
   * may take only this many more states (doubled while a pause finds no new state), so that
   * levels pause often, in the middle of expanding a state. Instead of growing ahead of need.
   */
  readonly tableHeadroom?: number;
  /** Initial capacity and limits of each shared component table (defaults: small, growing to 2²⁷ ids and 1 GiB, kept at most half full); for tests. */
  readonly components?: { readonly capacity?: ComponentCapacity; readonly limits?: ComponentLimits };
}

/** The fewest states for which a growth's new slots are filled by the lanes in other threads too (see regrow in searchParallel): below it, the messages cost about what they save. */
const PLACE_TOGETHER_FROM = 1 << 14;

const STOP_REASON: Record<number, StopReason> = {
  [STOP.allDecided]: 'all-decided',
  [STOP.maxStates]: 'max-states',
  [STOP.timeout]: 'timeout',
  [STOP.maxMemory]: 'max-memory',
};

/**
 * Level-synchronous parallel BFS. The coordinator (this thread) hands each BFS level to the
 * lanes, which claim work items (first those of the states they wrote themselves, see
 * chunks.ts), expand states, and insert successors
 * into a shared fingerprint table. States are collapsed vectors (CollapsedStates) over
 * component tables shared by all threads (SharedComponentTable), so that a vector and its
 * fingerprint mean the same state in every thread. Every state at depth d+1 is first
 * inserted by a parent at depth d, so parent links give shortest paths and counterexamples
 * are as short as with one thread; which of several shortest counterexamples is reported
 * may differ from run to run. Symmetry and partial-order reduction are done as by one thread,
 * with the same reduced state space (see Expander.expandRange): the cycle proviso asks the
 * table for the index of a state found again, to tell whether it was known before the level began.
 * Between levels the coordinator grows the tables; a level in which a table would overflow
 * is paused, the table grown, and the level resumed.
 */
export async function searchParallel(model: Model, opts: ParallelOptions): Promise<CheckResult> {
  const meter = new RunMeter(opts);
  const t0 = meter.t0;
  const props = model.properties;
  const engine = new Engine(model);
  const control = controlBuffer(props.length);
  const ctrl = new Int32Array(control);
  ctrl[CTRL.UNDECIDED] = props.length;
  let table = SharedTable.withSlots(opts.tableSlots ?? SharedTable.slotsFor(opts.maxStates ?? 1 << 15), control);
  /** Growths whose slots the lanes in other threads helped fill (for MPCHECK_PARALLEL_STATS). */
  let placedTogether = 0;
  /**
   * Grow the table to hold `need` states: slots at load ½, per-state arrays by half at least
   * (as the one-thread visited set's), each only when it must. `full`: a reservation failed,
   * so whichever of the two bounds the table now grows as well. False when nothing grew.
   */
  const growTable = async (need: number, full: boolean): Promise<boolean> => {
    const bySlots = full && limitOf(table.slotCount) <= table.capacity;
    const byArrays = full && table.capacity <= limitOf(table.slotCount);
    const slots = Math.max(table.slotCount, SharedTable.slotsFor(need), bySlots ? 2 * table.slotCount : 0);
    const capacity = need > table.capacity || byArrays ? Math.max(need, Math.ceil(1.5 * table.capacity)) : table.capacity;
    if (slots === table.slotCount && capacity === table.capacity) return false;
    await regrow(slots, capacity);
    return true;
  };
  /** For tests (ParallelOptions.tableHeadroom): room for exactly `headroom` more states. */
  const growByHeadroom = (headroom: number): Promise<void> => regrow(SharedTable.slotsFor(table.end + headroom), table.end + headroom, table.end + headroom);
  /**
   * table.grown; when the slots grow and the table holds PLACE_TOGETHER_FROM states or more,
   * the ready lanes in other threads (idle now: between levels or in a paused one) fill the
   * new slots together with this thread. Placing is bound by cache misses and page faults,
   * which two threads overlap: on ring N=7 (9.6 million states, two workers) the 19 growths
   * took 1.35–1.36 s instead of 1.85–1.89 s placed by this thread alone, the worker idle.
   */
  const regrow = async (slots: number, capacity: number, limit?: number): Promise<void> => {
    const helpers = table.end >= PLACE_TOGETHER_FROM && slots > table.slotCount ? lanes.filter((l, i) => ready[i] && l.place !== undefined) : [];
    table = table.grown(slots, capacity, limit, helpers.length > 0);
    if (helpers.length === 0) return;
    ctrl[CTRL.CURSOR] = 0;
    const order = { table: table.buffers, states: table.end };
    const done = helpers.map((l) => l.place!(order));
    table.placeShared(order.states);
    await Promise.all(done);
    placedTogether++;
  };
  const W = opts.workers;
  const progressBuf = new SharedArrayBuffer(8 * PROGRESS_STRIDE * W);
  const progress = new Float64Array(progressBuf);
  const findings: (Finding | undefined)[] = props.map(() => undefined);
  const record = (f: Finding): void => {
    findings[f.property] ??= f;
  };

  // the component tables, and this thread's view of them (for the initial state and traces)
  const componentLimits = opts.components?.limits;
  let components: SharedComponentSet = allocateComponentSet(opts.components?.capacity);
  const interners = new SharedInterners(components);
  const collapsed = new CollapsedStates(model, undefined, interners.factory);
  // (the lanes decide alike: every thread takes the same representatives)
  const idSymmetry = engine.symmetric ? new IdSymmetry(model, collapsed) : null;
  const growComponents = (): boolean => {
    const grown = grownComponentSet(components, componentLimits);
    if (grown === components) return false;
    components = grown;
    interners.adopt(grown);
    return true;
  };
  /** The id vector standing for `s` (scratch; its symmetry representative), its fingerprint in fp; only while no lane runs (it may grow the tables). */
  const idsHere = (s: GlobalState): IdVector => {
    for (;;) {
      try {
        const found = collapsed.ids(s, false);
        const ids = idSymmetry === null ? found : idSymmetry.canonical(found);
        ids.fingerprint();
        return ids;
      } catch (e) {
        if (!(e instanceof ComponentTableFull) || !growComponents()) throw e;
      }
    }
  };

  // the initial state, checked here
  const init = engine.initial();
  const w = new Writer();
  try {
    writeState(w, init);
  } catch {
    return search(model, opts); // reproduces the encoding error with its explanation
  }
  // the canonical fingerprint: a worker checks that it loaded the same model
  fingerprint(w.buf, w.pos);
  const initial = [fp[0], fp[1]] as const;
  const initIds = idsHere(init);
  w.reset();
  collapsed.write(w, initIds);
  const initBytes = w.bytes().slice();
  table.reserve(1, 1);
  table.insert(fp[0], fp[1], -1);
  table.release();
  const decisions = new Decisions(model, ctrl);
  decisions.checkState(init, 0);
  decisions.take().forEach(record);

  /** The states of the level to expand, by the lane that wrote them. */
  let level: Chunk[][] = [singleRecord(0, initBytes)];
  let levelSize = 1;
  let depth = 0;
  let maxDepth = 0;
  let transitions = 0;
  /** States expanded through an ample set only (partial-order reduction). */
  let ampleStates = 0;
  let maxQueue = 1;
  let truncated = false;
  let stoppedBy: StopReason = 'exhausted';
  let growth = 2;

  /**
   * Parent links and fingerprints for rebuilding traces (of the table as it is now), with the
   * fingerprints of collapsed vectors: the replay picks successors by them.
   */
  const stateIndex = (): StateIndex => {
    const t = table;
    return {
      pathTo: (i) => t.pathTo(i),
      fingerprintOf: (i) => t.fingerprintOf(i),
      keyOf: (s) => {
        idsHere(s);
        return [fp[0], fp[1]];
      },
    };
  };

  const times0 = threadTimes();
  const usage = Array.from({ length: W }, () => ({ expanded: 0, fromOthers: 0, cpuMs: 0, waitMs: 0, joined: -1, joinedMs: 0, learned: 0, received: 0 }));
  let criticalMs = 0;
  let levels = 0;
  let inLevelsMs = 0;
  let growMs = 0;
  let grows = 0;
  const lanes: Lane[] = opts.lanes(W, { control, progress: progressBuf, options: { maxStates: opts.maxStates, viewLogs: viewLogBuffers(W) }, initial, reductions: { por: engine.por, symmetry: engine.symmetric } });
  const ready = lanes.map(() => false);
  let laneFailure: { error: unknown } | undefined;
  lanes.forEach((l, i) =>
    l.ready.then(
      () => (ready[i] = true),
      (error: unknown) => (laneFailure ??= { error }),
    ),
  );

  const stop = (code: number): void => {
    Atomics.compareExchange(ctrl, CTRL.STOP, STOP.none, code);
  };
  const timers: ReturnType<typeof setInterval>[] = [];
  let lanesStarted = opts.startLanes === undefined;
  const startLanes = (): void => {
    const when = opts.startLanes;
    if (lanesStarted || when === undefined) return;
    const ran = performance.now() - t0;
    if (ran < when.anywayMs && (ran < when.afterMs || levelSize < when.minLevel)) return;
    lanesStarted = true;
    clearInterval(startTimer);
    for (const l of lanes) l.start?.();
  };
  const startTimer = lanesStarted ? undefined : setInterval(startLanes, 50);
  if (startTimer) timers.push(startTimer);
  let timeout: ReturnType<typeof setTimeout> | undefined;
  if (opts.timeoutMs !== undefined) timeout = setTimeout(() => stop(STOP.timeout), Math.max(0, opts.timeoutMs - (performance.now() - t0)));
  timers.push(
    setInterval(() => {
      if (meter.memory() !== null) stop(STOP.maxMemory);
    }, opts.maxMemoryBytes !== undefined ? 20 : 250),
  );
  if (opts.onProgress) {
    const snapshot = () => {
      let tr = 0;
      for (let l = 0; l < W; l++) tr += progress[PROGRESS_STRIDE * l];
      return { states: table.size, transitions: tr, depth: maxDepth, queue: levelSize };
    };
    timers.push(setInterval(() => meter.report(snapshot), opts.progressIntervalMs ?? 250));
  }

  try {
    if (opts.waitForLanes) await Promise.all(lanes.map((l) => l.ready));
    for (;;) {
      if (levelSize === 0) break;
      const code = Atomics.load(ctrl, CTRL.STOP);
      if (code !== STOP.none) {
        stoppedBy = STOP_REASON[code];
        break;
      }
      if (opts.maxStates !== undefined && table.size >= opts.maxStates) {
        stoppedBy = 'max-states';
        break;
      }
      if (opts.maxDepth !== undefined && depth >= opts.maxDepth) {
        truncated = true;
        break;
      }
      startLanes();
      // grow ahead of need, between levels
      const g0 = performance.now();
      let headroom = opts.tableHeadroom;
      if (headroom !== undefined) {
        await growByHeadroom(headroom);
        grows++;
      } else if (await growTable(table.end + Math.ceil(growth * levelSize), false)) grows++;
      if (growComponents()) grows++;
      growMs += performance.now() - g0;

      // every state of depth ≤ depth is in the table, and those found from here on are deeper
      const levelStart = table.end;
      const cut = levelWork(level, itemSize(levelSize, W), W);
      const chunks = cut.chunks;
      let work = cut.work;
      const next: Chunk[][] = Array.from({ length: W }, () => []);
      let nextSize = 0;
      let levelTransitions = 0;
      let levelAmple = 0;
      let remaining: number[][] = [];
      for (;;) {
        if (laneFailure) throw laneFailure.error;
        if (!ready.includes(true)) await Promise.race(lanes.map((l) => l.ready));
        ctrl[CTRL.OVERFLOW] = 0;
        const sizeAtRun = table.size;
        const order = { depth, levelStart, chunks, ...work, table: table.buffers, components };
        for (let i = 0; i < W; i++) {
          if (ready[i] && usage[i].joined < 0) {
            usage[i].joined = depth;
            usage[i].joinedMs = performance.now() - t0;
          }
        }
        const r0 = performance.now();
        const reports: LevelReport[] = await Promise.all(lanes.filter((_, i) => ready[i]).map((l) => l.run(order)));
        inLevelsMs += performance.now() - r0;
        remaining = unclaimed(work);
        let error: LaneError | undefined;
        levels++;
        criticalMs += Math.max(...reports.map((r) => r.cpuMs ?? 0));
        if (process.env.MPCHECK_PARALLEL_STATS === '2') process.stderr.write(`depth ${depth} size ${levelSize}: ${reports.map((r) => `lane ${r.lane} ${r.expanded} states ${(r.cpuMs ?? 0).toFixed(0)} ms cpu ${(r.waitMs ?? 0).toFixed(0)} ms wait`).join(' | ')}\n`);
        for (const r of reports) {
          const u = usage[r.lane];
          u.expanded += r.expanded;
          u.fromOthers += r.fromOthers;
          u.cpuMs += r.cpuMs ?? 0;
          u.waitMs += r.waitMs ?? 0;
          u.learned += r.views?.learned ?? 0;
          u.received += r.views?.received ?? 0;
          levelTransitions += r.transitions;
          levelAmple += r.ampleStates;
          for (const c of r.out) {
            next[r.lane].push(c);
            nextSize += c.records;
          }
          r.findings.forEach(record);
          remaining[r.lane % remaining.length].push(...r.remainders);
          error ??= r.error;
        }
        if (error) throw reproduce(model, engine, stateIndex(), opts, error);
        if (Atomics.load(ctrl, CTRL.STOP) !== STOP.none) break;
        const overflow = Atomics.load(ctrl, CTRL.OVERFLOW);
        if (overflow !== 0) {
          const g1 = performance.now();
          if (headroom !== undefined) {
            // (a state may need more room than the headroom: double it while no state is added)
            headroom = table.size === sizeAtRun ? 2 * headroom : opts.tableHeadroom!;
            await growByHeadroom(headroom);
            grows++;
          } else if (overflow & OVERFLOW.states) {
            const before = table.limit;
            await growTable(table.end + levelSize, true);
            if (table.limit <= before) throw new Error(`parallel search: the table of states was full at ${before} states and did not grow (a bug)`);
            grows++;
          }
          if (growComponents()) grows++;
          else if (overflow & OVERFLOW.components) throw new Error('parallel search: a shared component table reported full but did not need to grow (a bug)');
          growMs += performance.now() - g1;
          if (!anyLeft(remaining)) break;
          work = segmentedWork(remaining);
          continue;
        }
        if (!anyLeft(remaining)) break;
        work = segmentedWork(remaining); // not expected: lanes return only when no work is left or they must stop

      }
      transitions += levelTransitions;
      ampleStates += levelAmple;
      if (nextSize > 0) maxDepth = depth + 1;
      const after = Atomics.load(ctrl, CTRL.STOP);
      if (after !== STOP.none) {
        // stopped inside the level: a limit only matters if some work was left
        if (anyLeft(remaining) || nextSize > 0) stoppedBy = STOP_REASON[after];
        break;
      }
      growth = Math.min(8, Math.max(2, (2 * nextSize) / levelSize));
      level = next;
      levelSize = nextSize;
      if (levelSize > maxQueue) maxQueue = levelSize;
      depth++;
    }
  } catch (e) {
    Atomics.store(ctrl, CTRL.STOP, STOP.error); // lanes still running stop at their next state
    throw e;
  } finally {
    if (timeout) clearTimeout(timeout);
    timers.forEach(clearInterval);
    await Promise.all(lanes.map((l) => l.close()));
  }
  if (process.env.MPCHECK_PARALLEL_STATS) {
    const times1 = threadTimes();
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const lines = usage.map((u, i) =>
      u.joined < 0
        ? `  lane ${i}: never joined (still loading when the search ended)`
        : `  lane ${i}: joined at depth ${u.joined} after ${s(u.joinedMs)}, expanded ${u.expanded} states (${u.fromOthers} of them written by another lane), ${s(u.cpuMs)} on CPU, ${s(u.waitMs)} waiting for a CPU; its successor cache learned ${u.learned} views and took in ${u.received} from other lanes`,
    );
    const here = times0 && times1 ? `; this thread ${s(times1.cpuMs - times0.cpuMs)} on CPU in all` : '';
    process.stderr.write(
      `parallel search: ${W} lanes, ${levels} level runs, sum over levels of the busiest lane's CPU time ${s(criticalMs)}${here}; ` +
        `${s(inLevelsMs)} in levels, ${s(performance.now() - t0 - inLevelsMs)} outside them (${grows} table growths: ${s(growMs)}, ${placedTogether} placed together)\n${lines.join('\n')}\n`,
    );
  }
  if (stoppedBy === 'exhausted' && truncated) stoppedBy = 'max-depth';
  const complete = stoppedBy === 'exhausted';
  const elapsedMs = meter.elapsedMs();
  const peakRss = meter.peakRss();
  const states = table.size;

  const limitText = describeStop(stoppedBy, opts);
  const index = stateIndex();
  const properties: PropertyResult[] = props.map((p, k) => {
    const f = findings[k];
    const base = { name: p.name, kind: p.kind, description: p.description };
    if (f) {
      const trace = buildTrace(engine, index, f, p, opts.overrides);
      if (p.kind === 'reachability') return { ...base, verdict: 'holds', detail: `witness of ${trace.steps.length} steps`, trace };
      return { ...base, verdict: 'violated', detail: f.message, trace };
    }
    if (complete) {
      if (p.kind === 'reachability') return { ...base, verdict: 'violated', detail: `no reachable state satisfies it (${states} states explored)` };
      return { ...base, verdict: 'holds', detail: holdsDetail(engine, states, ampleStates) };
    }
    return { ...base, verdict: 'unknown', detail: `${limitText}; ${states} states explored, none decided it` };
  });

  // the threads that took part: a worker thread that had not loaded the spec (or had not been
  // started) when the search ended did not
  const joined = usage.filter((u) => u.joined >= 0).length;
  const late = W - joined;
  return {
    model: model.name,
    file: model.file,
    params: model.params,
    strategy: 'bfs',
    workers: joined,
    ...(late > 0 ? { workersNote: lateNote(elapsedMs, late, W - 1, lanesStarted ? undefined : opts.startLanes) } : {}),
    complete,
    stoppedBy,
    properties,
    reductions: reductionsOf(engine, ampleStates),
    stats: {
      states,
      transitions,
      depth: maxDepth,
      elapsedMs,
      statesPerSecond: (states * 1000) / Math.max(elapsedMs, 1e-3),
      maxQueue,
      bytesPerState: table.bytes() / Math.max(states, 1),
      peakRssBytes: peakRss,
    },
  };
}

/** Whether any of the segments' lists of work items holds one. */
function anyLeft(segments: readonly (readonly number[])[]): boolean {
  return segments.some((items) => items.length > 0);
}

/**
 * Why `late` of the `of` worker threads did not take part in a search over in `elapsedMs`:
 * they were not started yet (by the rule `start`), or still loading the spec.
 */
function lateNote(elapsedMs: number, late: number, of: number, start: ParallelOptions['startLanes']): string {
  const over = `the search was over in ${(elapsedMs / 1000).toFixed(2)} s`;
  const threads = someWorkerThreads(late, of);
  if (start === undefined) return `${over}, before ${threads} had loaded the spec and joined it`;
  const s = (ms: number): string => `${+(ms / 1000).toFixed(2)} s`;
  return `${over}, before ${threads} ${late === 1 ? 'was' : 'were'} started (worker threads start once a BFS level has ${start.minLevel.toLocaleString('en-US')} states after ${s(start.afterMs)}, or after ${s(start.anywayMs)})`;
}

/** `n` of the `of` worker threads, in words: "the worker thread", "the 3 worker threads", "2 of the 3 worker threads". */
function someWorkerThreads(n: number, of: number): string {
  if (n < of) return `${n} of the ${of} worker threads`;
  return n === 1 ? 'the worker thread' : `the ${n} worker threads`;
}

/**
 * An error in a worker: reproduce it in this thread with the one-thread search, bounded to
 * the depth where it happened, so that it is explained and carries its path exactly as
 * without workers. If it does not recur (a non-deterministic spec), report it as it was.
 * Only while no lane runs (rebuilding the path may add to the component tables).
 */
function reproduce(model: Model, engine: Engine, index: StateIndex, opts: SearchOptions, e: LaneError): unknown {
  if (e.spec || e.encode) {
    try {
      search(model, { overrides: opts.overrides, maxDepth: e.depth + 1 });
    } catch (again) {
      return again;
    }
  }
  if (e.spec) {
    const err = new SpecError(e.spec.detail, e.spec.where);
    err.file = e.spec.file ?? model.file;
    try {
      const trace = buildTrace(engine, index, { state: e.state, message: e.spec.detail }, { name: 'spec error', kind: 'invariant' }, opts.overrides);
      err.trace = trace.steps.map((s) => s.text);
    } catch {
      // the path could not be rebuilt; the error is still reported without it
    }
    return err;
  }
  const err = new Error(`a search worker failed: ${e.message}`);
  if (e.stack) err.stack = `${err.message}\n--- in the worker ---\n${e.stack}`;
  return err;
}

