import { describeStop } from './limits.ts';
import { CollapsedStates, EncodeError, Engine, IdSymmetry, SpecError, StepDeltas, Writer, assertEncodable, fp } from '../engine/index.ts';
import type { GlobalState, IdVector, Model, Step, StepViolation, SuccessorSink } from '../engine/index.ts';
import { hasEndChecks } from '../properties/index.ts';
import type { Property } from '../properties/index.ts';
import { buildTrace } from '../trace/index.ts';
import type { StateIndex, TraceOverrides } from '../trace/index.ts';
import { Frontier } from './frontier.ts';
import { RunMeter } from './run-meter.ts';
import { StateChecks, noStepViolations } from './state-checks.ts';
import type { FrontierOptions } from './frontier.ts';
import type { Progress } from './progress.ts';
import type { CheckResult, PropertyResult, Reductions, StopReason } from './result.ts';
import { VisitedSet } from './visited.ts';

export interface SearchOptions {
  readonly strategy?: 'bfs' | 'dfs';
  readonly maxStates?: number;
  /** States at this depth are not expanded. */
  readonly maxDepth?: number;
  readonly timeoutMs?: number;
  /**
   * Stop with `unknown` when the process's resident memory passes this many bytes. The
   * frontier spills to disk beyond a quarter of it.
   */
  readonly maxMemoryBytes?: number;
  /** The frontier's memory budget, spill directory and chunk size, instead of those `maxMemoryBytes` implies (for tests). */
  readonly frontier?: FrontierOptions;
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
  /** Recorded in traces so that a replay builds the same model. */
  readonly overrides?: TraceOverrides;
  /** Use the successor cache (step-deltas.ts) where it applies; default: when the model's memo is on. */
  readonly deltas?: boolean;
  /** Remember invariant results by what they read (predicate-memo.ts); default: when the model's memo is on. */
  readonly predicateMemo?: boolean;
  /** Under symmetry, take representatives on collapsed vectors (id-symmetry.ts) rather than on states (symmetry.ts); default on. */
  readonly symmetryOnIds?: boolean;
}

/** Where a property was decided: a state (invariant, deadlock, witness) or a step out of a state. */
interface Finding {
  readonly state: number;
  readonly ordinal?: number;
  readonly message: string;
}

/** Exhaustive search (BFS or DFS) over the model's reachable states. */
export function search(model: Model, opts: SearchOptions = {}): CheckResult {
  const strategy = opts.strategy ?? 'bfs';
  const engine = new Engine(model);
  const props = model.properties;
  const findings: (Finding | undefined)[] = props.map(() => undefined);
  const deadlockProp = props.findIndex((p) => p.kind === 'deadlock');
  const endChecks = hasEndChecks(props, model.monitors);
  let undecided = props.length;

  const visited = new VisitedSet();
  // Under a memory bound the frontier spills beyond a quarter of it: the visited set cannot
  // spill and needs its table twice over while it grows, and V8's heap and the engine's caches
  // take their share, so the rest is left to them. RSS then passes the bound (verdict unknown)
  // only when the visited set alone is too large.
  const frontier = new Frontier(strategy === 'dfs', opts.frontier ?? { maxBytesInMemory: opts.maxMemoryBytes === undefined ? undefined : opts.maxMemoryBytes / 4 });
  const writer = new Writer();
  const meter = new RunMeter(opts);
  let transitions = 0;
  let maxDepth = 0;
  let maxQueue = 0;
  let truncated = false;
  let stoppedBy: StopReason = 'exhausted';

  const decide = (k: number, f: Finding): void => {
    if (findings[k]) return;
    findings[k] = f;
    undecided--;
  };

  const states = new CollapsedStates(model);
  // representatives on vectors: found by array lookups, and the successor cache can serve
  const idSymmetry = engine.symmetric && (opts.symmetryOnIds ?? true) ? new IdSymmetry(model, states) : null;
  /** The vector that stands for `ids` in the visited set (`ids` itself without symmetry on vectors). */
  const standIn = (ids: IdVector): IdVector => (idSymmetry === null ? ids : idSymmetry.canonical(ids));
  // Under symmetry on states a state is checked as found, not as its representative, whose ids
  // would key the memo; on vectors the representative is checked (the properties treat the
  // members alike), built from its ids, and the memo applies.
  const checks = new StateChecks(model, (opts.predicateMemo ?? model.memo) && (!engine.symmetric || idSymmetry !== null) ? StateChecks.memoFor(model) : null);
  const build = (ids: IdVector): GlobalState => states.build(ids);
  const decided = (k: number): boolean => findings[k] !== undefined;
  const decideAt = (k: number, state: number, message: string): void => decide(k, { state, message });
  /** Invariants and witnesses on the state `ids` stands for (`s`, when built). */
  const checkState = (ids: IdVector, s: GlobalState | null, index: number): void => {
    checks.run(ids, s, build, index, decided, decideAt);
  };

  /** The id vector of `s` (reached by `step`), its fingerprint in fp. */
  const idsOf = (s: GlobalState, step: Step | null, fromDecoded: boolean): IdVector => {
    let ids: IdVector;
    try {
      ids = standIn(states.ids(s, fromDecoded));
    } catch (e) {
      if (e instanceof EncodeError) throw explainEncode(model, s, step);
      throw e;
    }
    ids.fingerprint();
    return ids;
  };
  /** The bytes of `ids`, valid until the next call. */
  const bytesOf = (ids: IdVector): Uint8Array => {
    writer.reset();
    states.write(writer, ids);
    return writer.bytes();
  };

  /** Parent links and fingerprints for rebuilding traces, with the fingerprints of collapsed states. */
  const stateIndex: StateIndex = {
    pathTo: (i) => visited.pathTo(i),
    fingerprintOf: (i) => visited.fingerprintOf(i),
    keyOf: (s) => {
      standIn(states.ids(s, false)).fingerprint();
      return [fp[0], fp[1]];
    },
  };

  // initial state
  const init = engine.initial();
  {
    const ids = idsOf(idSymmetry ? init : engine.representative(init), null, false);
    visited.add(fp[0], fp[1], -1);
    frontier.push(0, 0, bytesOf(ids));
    checkState(ids, idSymmetry ? null : init, 0);
  }

  /** The state being expanded, for {@link visit}. */
  const cur: { steps: readonly Step[]; index: number; depth: number; levelStart: number; ordinal: number } = { steps: [], index: 0, depth: 0, levelStart: Infinity, ordinal: 0 };
  let level = -1;
  /**
   * Fire step k of the current state. Returns false when it closes a possible cycle: it leads
   * to a state already seen that is not deeper than the current one (BFS: discovered before
   * this level's successors began; DFS: any state already seen).
   */
  const visit = (k: number): boolean => {
    const step = cur.steps[k];
    return fire(step, idSymmetry ? step.next : engine.representative(step.next), k);
  };
  /** Fire `step` (numbered `ordinal`) out of the current state, to `next` (its successor or that's representative). */
  const fire = (step: Step, next: GlobalState, ordinal: number): boolean => {
    let ids: IdVector;
    try {
      ids = idsOf(next, step, true);
    } catch (e) {
      throw attachPath(e, engine, stateIndex, cur.index, opts.overrides, model);
    }
    return arrive(ids, fp[0], fp[1], step.next, step.violations, ordinal);
  };
  /**
   * A step numbered `ordinal` out of the current state reaches the state `ids` (valid during
   * the call) with fingerprint hi, lo (`next`, when built).
   */
  const arrive = (ids: IdVector, hi: number, lo: number, next: GlobalState | null, violations: readonly StepViolation[], ordinal: number): boolean => {
    transitions++;
    for (let k = 0; k < violations.length; k++) decide(violations[k].property, { state: cur.index, ordinal, message: violations[k].message });
    const child = visited.add(hi, lo, cur.index);
    if (child < 0) return visited.lastFound >= cur.levelStart;
    frontier.begin(states.maxBytes(ids));
    frontier.commit(child, cur.depth + 1, states.writeAt(frontier.out, frontier.outAt, ids));
    if (cur.depth + 1 > maxDepth) maxDepth = cur.depth + 1;
    if (checks.invariants.length) checkState(ids, idSymmetry ? null : next, child);
    return true;
  };

  // The successor cache serves states where no link is cut (under symmetry, when the
  // representatives are taken on the vectors it writes).
  const deltas = (opts.deltas ?? model.memo) && StepDeltas.serves(engine, idSymmetry !== null) ? new StepDeltas(engine, states) : null;
  const parentIds = states.vector();
  let parentState: GlobalState | null = null;
  // (from the parsed ids: a DFS frontier reuses the popped bytes' memory for the children)
  const decodeParent = (): GlobalState => (parentState ??= states.decodeParsed(parentIds));
  const sink: SuccessorSink = {
    vector: (child, hi, lo, violations) => {
      const ids = standIn(child);
      if (ids === child) return arrive(child, hi, lo, null, violations, cur.ordinal++);
      ids.fingerprint();
      return arrive(ids, fp[0], fp[1], null, violations, cur.ordinal++);
    },
    step: (step) => fire(step, step.next, cur.ordinal++),
    seek: (ordinal) => {
      cur.ordinal = ordinal;
    },
  };

  /** A state with no protocol step enabled (`s` builds it): is it a deadlock, do the end-of-run checks hold? */
  const stateChecks = (s: () => GlobalState, index: number): void => {
    for (const v of noStepViolations(engine, s, deadlockProp >= 0 && !findings[deadlockProp] ? deadlockProp : -1, endChecks)) decide(v.property, { state: index, message: v.message });
  };
  const snapshot = () => ({ states: visited.size, transitions, depth: maxDepth, queue: frontier.size });
  /** After a state is expanded: statistics, progress, limits. False when a limit ends the search. */
  const tick = (): boolean => {
    if (frontier.size > maxQueue) maxQueue = frontier.size;
    if ((expanded & 255) === 0) {
      const limit = meter.check(snapshot);
      if (limit !== null) {
        stoppedBy = limit;
        return false;
      }
    }
    if (opts.maxStates !== undefined && visited.size >= opts.maxStates && frontier.size > 0) {
      stoppedBy = 'max-states';
      return false;
    }
    return true;
  };

  let expanded = 0;
  /** States expanded through an ample set only (partial-order reduction). */
  let reduced = 0;
  try {
    while (frontier.size > 0 && undecided > 0) {
      const buf = frontier.popRecord();
      const at = frontier.recordAt;
      const index = frontier.index;
      const depth = frontier.depth;
      if (opts.maxDepth !== undefined && depth >= opts.maxDepth) {
        truncated = true;
        continue;
      }
      if (strategy === 'bfs' && depth !== level) {
        // every state of this level is known now: those of the next have indexes from here on
        level = depth;
        cur.levelStart = visited.size;
      }
      cur.index = index;
      cur.depth = depth;
      if (deltas !== null) {
        states.parseAt(buf, at, parentIds);
        if (deltas.applies(parentIds)) {
          parentState = null;
          cur.ordinal = 0;
          let protocolSteps: number;
          try {
            protocolSteps = deltas.expand(parentIds, visited.hiOf(index), visited.loOf(index), decodeParent, sink);
          } catch (e) {
            throw attachPath(e, engine, stateIndex, index, opts.overrides, model);
          }
          if (protocolSteps === 0) stateChecks(decodeParent, index);
          if (deltas.ample) reduced++;
          ++expanded;
          if (!tick()) break;
          continue;
        }
      }
      // (already parsed when the cache is on)
      const s = deltas !== null ? states.decodeParsed(parentIds) : states.decode(buf.subarray(at, at + frontier.recordLength));
      let result: ReturnType<Engine['expand']>;
      try {
        result = engine.expand(s);
      } catch (e) {
        throw attachPath(e, engine, stateIndex, index, opts.overrides, model);
      }
      const { steps, protocolSteps, ampleStart, ampleEnd, partial } = result;
      if (protocolSteps === 0) stateChecks(() => s, index);
      cur.steps = steps;
      // With an ample set, take only its steps unless one of them closes on a state already
      // seen (cycle proviso): then expand fully.
      if (ampleStart >= 0) {
        let closes = false;
        for (let k = ampleStart; k < ampleEnd; k++) if (!visit(k)) closes = true;
        if (closes) {
          if (partial) {
            // the expansion stopped at the ample set: take the whole list (same steps first)
            try {
              cur.steps = engine.successors(s).steps;
            } catch (e) {
              throw attachPath(e, engine, stateIndex, index, opts.overrides, model);
            }
          }
          for (let k = 0; k < ampleStart; k++) visit(k);
          for (let k = ampleEnd; k < cur.steps.length; k++) visit(k);
        } else reduced++;
      } else {
        for (let k = 0; k < steps.length; k++) visit(k);
      }
      ++expanded;
      if (!tick()) break;
    }
  } catch (e) {
    frontier.close();
    if (e instanceof SpecError && !e.file) e.file = model.file;
    throw e;
  }
  if (stoppedBy === 'exhausted' && undecided === 0 && frontier.size > 0) stoppedBy = 'all-decided';
  frontier.close();
  if (stoppedBy === 'exhausted' && truncated) stoppedBy = 'max-depth';
  const complete = stoppedBy === 'exhausted';
  const elapsedMs = meter.elapsedMs();
  const peakRss = meter.peakRss();

  const limitText = describeStop(stoppedBy, opts);
  const properties: PropertyResult[] = props.map((p, k) => {
    const f = findings[k];
    const base = { name: p.name, kind: p.kind, description: p.description };
    if (f) {
      const trace = buildTrace(engine, stateIndex, f, p, opts.overrides);
      if (p.kind === 'reachability') return { ...base, verdict: 'holds', detail: `witness of ${trace.steps.length} steps`, trace };
      return { ...base, verdict: 'violated', detail: f.message, trace };
    }
    if (complete) {
      if (p.kind === 'reachability') return { ...base, verdict: 'violated', detail: `no reachable state satisfies it (${visited.size} states explored)` };
      return { ...base, verdict: 'holds', detail: holdsDetail(engine, visited.size, reduced) };
    }
    return { ...base, verdict: 'unknown', detail: `${limitText}; ${visited.size} states explored, none decided it` };
  });

  return {
    model: model.name,
    file: model.file,
    params: model.params,
    strategy,
    complete,
    stoppedBy,
    properties,
    reductions: reductionsOf(engine, reduced),
    stats: {
      states: visited.size,
      transitions,
      depth: maxDepth,
      elapsedMs,
      statesPerSecond: (visited.size * 1000) / Math.max(elapsedMs, 1e-3),
      maxQueue,
      bytesPerState: visited.bytes() / Math.max(visited.size, 1),
      peakRssBytes: peakRss,
      ...(frontier.spilledBytes > 0 ? { spilledBytes: frontier.spilledBytes } : {}),
    },
  };
}



/** The reductions in force, `ampleStates` states expanded through an ample set. */
export function reductionsOf(engine: Engine, ampleStates: number): Reductions {
  const all = engine.visibility?.seeEveryStep ?? [];
  return { por: engine.por, ampleStates, symmetry: engine.symmetric, ...(all.length ? { seeEveryStep: all } : {}) };
}

/**
 * What a property that holds was checked on (a complete search of `states` states, `ampleStates`
 * of them expanded through an ample set: with none, partial-order reduction left out nothing).
 */
export function holdsDetail(engine: Engine, states: number, ampleStates: number): string {
  const por = engine.por && ampleStates > 0;
  if (!por && !engine.symmetric) return `checked on all ${states} reachable states`;
  const kinds = [por ? 'partial-order' : '', engine.symmetric ? 'symmetry' : ''].filter(Boolean).join(' and ');
  return `checked on the ${states} states of the reduced state space (${kinds} reduction)`;
}

/** A state that cannot be encoded: find which process (or message) holds the bad value. */
function explainEncode(model: Model, s: GlobalState, step: Step | null): SpecError {
  const handler = step ? describeHandler(step) : 'init';
  for (let i = 0; i < model.names.length; i++) {
    try {
      assertEncodable(s.locals[i], 'state');
    } catch (e) {
      if (e instanceof EncodeError) return new SpecError(`produced a state that cannot be encoded: ${e.message}`, { process: model.names[i], handler });
    }
  }
  for (const send of step?.sends ?? []) {
    try {
      assertEncodable(send.msg, 'message');
    } catch (e) {
      if (e instanceof EncodeError) return new SpecError(`sent a message that cannot be encoded: ${e.message}`, { process: send.from, handler });
    }
  }
  return new SpecError(`produced a state that cannot be encoded (ghost or network data)`, { handler });
}

function describeHandler(step: Step): string {
  const l = step.label;
  if (l.kind === 'action') return `action ${l.action}`;
  if (l.kind === 'deliver') return `receive ${l.msg.type}`;
  return l.kind;
}

/** Attach the path that reached the failing state to a spec error. */
function attachPath(e: unknown, engine: Engine, visited: StateIndex, index: number, overrides: TraceOverrides | undefined, model: Model): unknown {
  if (!(e instanceof SpecError)) return e;
  e.file ??= model.file;
  try {
    const path = visited.pathTo(index).map((i) => visited.fingerprintOf(i));
    const trace = buildTrace(engine, visited, { state: index, message: e.detail }, { name: 'spec error', kind: 'invariant' }, overrides, path);
    e.trace = trace.steps.map((s) => s.text);
  } catch {
    // the path could not be rebuilt; the error is still reported without it
  }
  return e;
}
