import { CollapsedStates, Engine, SpecError, StepDeltas, Writer, fp } from '../engine/index.ts';
import type { GlobalState, IdVector, Model, Step, SuccessorSink } from '../engine/index.ts';
import { Frontier } from './frontier.ts';
import { CsrBuilder } from './graph.ts';
import type { Csr } from './graph.ts';
import type { StopReason } from './result.ts';
import { RunMeter } from './run-meter.ts';
import type { SearchOptions } from './search.ts';
import { VisitedSet } from './visited.ts';

/** The explored state graph: every reachable state (up to a limit) and every step between them. */
export interface ExploredGraph {
  readonly engine: Engine;
  /** Fingerprints of the states, by index (0 = the initial state). */
  readonly visited: VisitedSet;
  /** Every enabled step is an edge; edges of a state are in the engine's successor order. */
  readonly graph: Csr;
  /** 1 for states whose successors were enumerated; a limit leaves the others unexpanded (no edges). */
  readonly expanded: Uint8Array;
  readonly complete: boolean;
  readonly stoppedBy: StopReason;
  readonly maxDepth: number;
  /** Steps enumerated (= edges). */
  readonly transitions: number;
  readonly elapsedMs: number;
  readonly peakRssBytes: number;
}

export type ExploreOptions = Pick<SearchOptions, 'maxStates' | 'maxDepth' | 'timeoutMs' | 'maxMemoryBytes' | 'onProgress' | 'progressIntervalMs' | 'deltas'>;

/**
 * Breadth-first exploration that keeps the edges: like the safety search, but each state's
 * out-edges are recorded (with the class `classify` gives the step), and `observe` sees
 * each state once, in index order, to record what the liveness properties need of it.
 * Successors come from the successor cache where it serves (step-deltas.ts), which then
 * classifies the steps it records; `classify` must depend on a step's label and whether it
 * is a fault only.
 */
export function exploreGraph(
  model: Model,
  classify: (step: Pick<Step, 'label' | 'fault'>) => number,
  observe: (index: number, state: GlobalState) => void,
  opts: ExploreOptions = {},
): ExploredGraph {
  const engine = new Engine(model);
  const visited = new VisitedSet();
  const frontier = new Frontier(false);
  const graph = new CsrBuilder();
  const writer = new Writer();
  // states as collapsed vectors (see search.ts); lassos are rebuilt from step ordinals, not fingerprints
  const states = new CollapsedStates(model);
  let expanded = new Uint8Array(1024);
  const meter = new RunMeter(opts);
  let transitions = 0;
  let maxDepth = 0;
  let truncated = false;
  let stoppedBy: StopReason = 'exhausted';
  let popped = 0;

  /** Put the fingerprint of `s`'s id vector in fp; returns the vector. */
  const idsOf = (s: GlobalState, fromDecoded: boolean): IdVector => {
    const ids = states.ids(s, fromDecoded);
    ids.fingerprint();
    return ids;
  };
  const bytesOf = (ids: IdVector): Uint8Array => {
    writer.reset();
    states.write(writer, ids);
    return writer.bytes();
  };
  const init = idsOf(engine.initial(), false);
  visited.add(fp[0], fp[1], -1);
  frontier.push(0, 0, bytesOf(init));

  // the successor cache, as in the safety search (no partial-order reduction here: the
  // liveness properties keep it off)
  const deltas = (opts.deltas ?? model.memo) && StepDeltas.serves(engine) ? new StepDeltas(engine, states) : null;
  deltas?.classifyWith(classify);
  const parentIds = states.vector();
  let index = 0;
  let depth = 0;
  /** Record the edge to a successor (its ids valid during the call, fingerprint hi, lo) of class `cls`. */
  const edge = (ids: IdVector, hi: number, lo: number, cls: number): boolean => {
    let target = visited.add(hi, lo, index);
    if (target < 0) target = visited.lastFound;
    else {
      frontier.push(target, depth + 1, bytesOf(ids));
      if (depth + 1 > maxDepth) maxDepth = depth + 1;
    }
    graph.edge(target, cls);
    transitions++;
    return true;
  };
  const fire = (step: Step): boolean => {
    const ids = idsOf(step.next, true);
    return edge(ids, fp[0], fp[1], classify(step));
  };
  const snapshot = () => ({ states: visited.size, transitions, depth: maxDepth, queue: frontier.size });
  const sink: SuccessorSink = {
    vector: (child, hi, lo) => edge(child, hi, lo, deltas!.stepClass),
    step: fire,
    seek: () => {},
  };

  try {
    while (frontier.size > 0) {
      const bytes = frontier.pop();
      index = frontier.index;
      depth = frontier.depth;
      if (index !== popped) throw new Error(`internal: BFS expanded state ${index} out of order (expected ${popped})`);
      popped++;
      let s: GlobalState;
      if (deltas !== null) {
        states.parse(bytes, parentIds);
        s = states.decodeParsed(parentIds);
      } else s = states.decode(bytes);
      observe(index, s);
      if (index >= expanded.length) {
        const b = new Uint8Array(expanded.length * 2);
        b.set(expanded);
        expanded = b;
      }
      if (opts.maxDepth !== undefined && depth >= opts.maxDepth) {
        truncated = true;
        graph.close();
        continue;
      }
      if (deltas !== null && deltas.applies(parentIds)) {
        const parent = s;
        deltas.expand(parentIds, visited.hiOf(index), visited.loOf(index), () => parent, sink);
      } else for (const step of engine.successors(s).steps) fire(step);
      graph.close();
      expanded[index] = 1;
      if ((popped & 255) === 0) {
        const limit = meter.check(snapshot);
        if (limit !== null) {
          stoppedBy = limit;
          break;
        }
      }
      if (opts.maxStates !== undefined && visited.size >= opts.maxStates && frontier.size > 0) {
        stoppedBy = 'max-states';
        break;
      }
    }
  } catch (e) {
    if (e instanceof SpecError && !e.file) e.file = model.file;
    throw e;
  }
  // states discovered but never expanded: present, without edges
  while (graph.n < visited.size) {
    if (graph.n >= expanded.length) {
      const b = new Uint8Array(expanded.length * 2);
      b.set(expanded);
      expanded = b;
    }
    graph.close();
  }
  if (stoppedBy === 'exhausted' && truncated) stoppedBy = 'max-depth';
  return {
    engine,
    visited,
    graph,
    expanded: expanded.subarray(0, visited.size),
    complete: stoppedBy === 'exhausted',
    stoppedBy,
    maxDepth,
    transitions,
    elapsedMs: meter.elapsedMs(),
    peakRssBytes: meter.peakRss(),
  };
}
