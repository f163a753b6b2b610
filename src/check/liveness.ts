import { describeStop } from './limits.ts';
import { SpecError } from '../engine/index.ts';
import type { Model, Step } from '../engine/index.ts';
import { FairnessError } from '../properties/index.ts';
import type { Fairness, FairnessSpec, Property } from '../properties/index.ts';
import { buildLassoTrace, fairnessFor, groupsOfStep } from '../trace/index.ts';
import type { Trace, TraceOverrides } from '../trace/index.ts';
import { cycleThrough } from './cycle.ts';
import { exploreGraph } from './explore.ts';
import type { ExploreOptions, ExploredGraph } from './explore.ts';
import { EnabledSets, FairCycleFinder } from './fair-cycle.ts';
import type { FairComponent, FairnessGroups } from './fair-cycle.ts';
import { Stems, bfsTree } from './paths.ts';
import type { PropertyResult, StopReason } from './result.ts';
import { ObligationFacts, PredicateFacts, lazyView } from './state-facts.ts';
import type { StateFacts } from './state-facts.ts';

export interface LivenessOptions extends ExploreOptions {
  /** Fairness assumed (default none). */
  readonly fairness?: FairnessSpec;
  /** Recorded in lasso traces so that a replay builds the same model. */
  readonly overrides?: TraceOverrides;
}

/** Statistics of the liveness check: the graph it explored and the SCCs it looked at. */
export interface LivenessStats {
  readonly states: number;
  /** Edges stored: every enabled step instance. */
  readonly edges: number;
  /** Strongly connected components examined (over all properties, including refinements). */
  readonly sccs: number;
  /** Fairness groups that occur in the graph (e.g. one per channel for `deliver:*`). */
  readonly fairnessGroups: number;
  readonly depth: number;
  readonly elapsedMs: number;
  readonly peakRssBytes: number;
  /** Bytes of the visited set and the stored edges, divided by states. */
  readonly bytesPerState: number;
  readonly complete: boolean;
  readonly stoppedBy: StopReason;
}

export interface LivenessOutcome {
  /** A result per liveness property, keyed by its index in model.properties. */
  readonly results: ReadonlyMap<number, PropertyResult>;
  readonly stats: LivenessStats;
}

/** A fair component found for a property, with the state of it closest to the initial state. */
interface Found {
  readonly comp: FairComponent;
  readonly at: number;
  readonly dist: number;
  readonly stems: Stems;
  readonly reason: (path: readonly number[], loopStart: number) => string;
}

/**
 * Decide the model's liveness properties: explore the reachable graph keeping every edge,
 * then for each property look for a fair cycle (a strongly connected set of states, see
 * FairCycleFinder) on which it is violated forever, reachable by a stem that allows it:
 *
 * - eventually(goal): the stem and the cycle stay in states where goal is false;
 * - leadsTo(trigger, goal): the stem reaches a trigger ∧ ¬goal state, and from there on
 *   the stem and the cycle stay in ¬goal states;
 * - obligations (atLeastOnce): one obligation is pending in every state of the cycle, and
 *   its receiver is up in at least one of them.
 *
 * The counterexample is a lasso: the shortest such stem, then a cycle built through the
 * component (see cycleThrough), replayed into a trace.
 */
export function checkLiveness(model: Model, opts: LivenessOptions = {}): LivenessOutcome {
  const spec = opts.fairness ?? {};
  let fairness: Fairness;
  try {
    fairness = fairnessFor(model, spec);
  } catch (e) {
    if (e instanceof FairnessError) {
      const err = new SpecError(e.message);
      err.file = model.file;
      throw err;
    }
    throw e;
  }
  const live = model.properties.flatMap((p, i) => (p.kind === 'liveness' && p.liveness ? [i] : []));

  // fairness groups and edge classes, interned as steps are seen
  const groupIds = new Map<string, number>();
  const strong: boolean[] = [];
  const classIds = new Map<string, number>([['', 0]]);
  const classGroups: number[][] = [[]];
  const classify = (step: Pick<Step, 'label' | 'fault'>): number => {
    const refs = groupsOfStep(fairness, step);
    if (refs.length === 0) return 0;
    const ids = refs.map((r) => {
      const k = `${r.strength} ${r.group}`;
      let id = groupIds.get(k);
      if (id === undefined) {
        id = strong.length;
        groupIds.set(k, id);
        strong.push(r.strength === 'strong');
      }
      return id;
    });
    ids.sort((a, b) => a - b);
    const key = ids.join(',');
    let c = classIds.get(key);
    if (c === undefined) {
      c = classGroups.length;
      classIds.set(key, c);
      classGroups.push(ids);
    }
    return c;
  };

  // what each property needs to know of each state
  const facts: StateFacts[] = [];
  const perProperty = new Map<number, { goal?: PredicateFacts; trigger?: PredicateFacts; obligations?: ObligationFacts }>();
  for (const i of live) {
    const p = model.properties[i];
    const lv = p.liveness!;
    if (lv.kind === 'obligations') {
      const o = new ObligationFacts(model, i);
      perProperty.set(i, { obligations: o });
      facts.push(o);
    } else {
      const goal = new PredicateFacts(model, p, 'goal', lv.goal);
      const trigger = lv.kind === 'leadsTo' ? new PredicateFacts(model, p, 'trigger', lv.trigger) : undefined;
      perProperty.set(i, { goal, trigger });
      facts.push(goal, ...(trigger ? [trigger] : []));
    }
  }

  const explored = exploreGraph(model, classify, (index, s) => {
    const view = lazyView(model, s);
    for (const f of facts) f.observe(index, s, view);
  }, opts);

  const g = explored.graph;
  const groups: FairnessGroups = { strong, classGroups };
  const finder = new FairCycleFinder(g, groups, new EnabledSets(g, groups));
  const free = bfsTree(g, 0);
  const expandedNodes = (keep: (v: number) => boolean): Int32Array => {
    const out: number[] = [];
    for (let v = 0; v < g.n; v++) if (explored.expanded[v] && keep(v)) out.push(v);
    return Int32Array.from(out);
  };
  const closest = (comps: readonly FairComponent[], stems: Stems, reason: Found['reason'], best: Found | null): Found | null => {
    for (const comp of comps) {
      for (const v of comp.states) {
        const d = stems.dist[v];
        if (d < 0) continue;
        if (!best || d < best.dist) best = { comp, at: v, dist: d, stems, reason };
      }
    }
    return best;
  };

  const results = new Map<number, PropertyResult>();
  const fairText = fairness.describe();
  const size = `${explored.visited.size} states, ${explored.transitions} steps`;
  for (const i of live) {
    const p = model.properties[i];
    const lv = p.liveness!;
    const f = perProperty.get(i)!;
    let found: Found | null = null;
    let holdsText = '';
    let unknownNote = '';
    if (lv.kind === 'eventually' || lv.kind === 'leadsTo') {
      const goal = f.goal!;
      const trigger = f.trigger;
      const stems = new Stems(g, free, (v) => !goal.holds(v), trigger ? (v) => trigger.holds(v) : null);
      const comps = finder.find(expandedNodes((v) => stems.dist[v] >= 0));
      found = closest(comps, stems, (path, loopStart) => {
        if (!trigger) return `'${p.name}' never holds: ${ending(path, loopStart)}`;
        const at = triggerPoint(path, loopStart, trigger, goal);
        return `the trigger of '${p.name}' holds ${at === 0 ? 'in the initial state' : `after step ${at}`} and its goal never holds from there on: ${ending(path, loopStart)}`;
      }, null);
      holdsText = trigger ? 'on every fair run, each trigger state is followed by a goal state' : 'every fair run reaches it';
    } else {
      const o = f.obligations!;
      let service = false;
      for (let v = 0; v < o.observed && !service; v++) service = o.service.get(v) === 1;
      // an auto-layer property that has seen no submit in a partial graph cannot tell the layer
      const undecidable = !service && lv.inferLayer === true && !explored.complete;
      const byId: number[][] = undecidable ? [] : o.obligations.map(() => []);
      if (undecidable) unknownNote = ' (no submit seen yet, so whether the spec has a service layer is open)';
      for (const v of undecidable ? [] : expandedNodes(() => true)) {
        if ((o.service.get(v) === 1) !== service) continue;
        o.forEach(v, (id) => byId[id].push(v));
      }
      const stems = new Stems(g, free, () => true, null);
      byId.forEach((nodes, id) => {
        if (nodes.length === 0) return;
        const up = new Set<number>();
        for (const v of nodes) o.forEach(v, (k, isUp) => k === id && isUp && up.add(v));
        if (up.size === 0) return;
        const comps = finder.find(Int32Array.from(nodes), (v) => up.has(v));
        const ob = o.obligations[id];
        found = closest(comps, stems, (path, loopStart) =>
          service
            ? `message ${ob.key}, submitted${ob.receiver ? ` to ${ob.receiver}` : ''}, is never delivered: ${ending(path, loopStart)}`
            : `message ${ob.key} is sent but never received: ${ending(path, loopStart)}`,
        found);
      });
      const none = byId.every((x) => x.length === 0);
      holdsText = none
        ? `vacuously: no ${service ? 'message was ever submitted' : 'message was ever sent'}`
        : service ? 'every submitted message is delivered on every fair run' : 'every message sent is received on every fair run';
    }
    const base = { name: p.name, kind: p.kind, description: p.description };
    if (found) {
      const trace = lasso(explored, found, p, spec, opts.overrides, fairText);
      const cycle = trace.steps.length - trace.loopStart!;
      results.set(i, { ...base, verdict: 'violated', detail: `lasso (${trace.loopStart}-step stem, ${cycle === 0 ? 'stays in its last state' : `${cycle}-step cycle`}): ${trace.reason}`, trace });
    } else if (explored.complete) {
      results.set(i, { ...base, verdict: 'holds', detail: `${holdsText} (fairness: ${fairText}; all ${size})` });
    } else {
      results.set(i, { ...base, verdict: 'unknown', detail: `${describeStop(explored.stoppedBy, opts, 'exploration stopped early')}; no fair violating cycle among the ${explored.expanded.reduce((a, b) => a + b, 0)} states expanded${unknownNote}` });
    }
  }

  return {
    results,
    stats: {
      states: explored.visited.size,
      edges: explored.transitions,
      sccs: finder.sccsExamined,
      fairnessGroups: strong.length,
      depth: explored.maxDepth,
      elapsedMs: explored.elapsedMs,
      peakRssBytes: explored.peakRssBytes,
      bytesPerState: (explored.visited.bytes() + 8 * explored.transitions + 4 * g.n) / Math.max(g.n, 1),
      complete: explored.complete,
      stoppedBy: explored.stoppedBy,
    },
  };

  /** States along a path of edges, from the initial state. */
  function statesOf(path: readonly number[]): number[] {
    return [0, ...path.map((e) => g.targets[e])];
  }

  function ending(path: readonly number[], loopStart: number): string {
    return loopStart === path.length
      ? 'the run ends in a state where no step is enabled and stays there forever'
      : `the cycle of steps ${loopStart + 1}–${path.length} repeats forever`;
  }

  function triggerPoint(path: readonly number[], loopStart: number, trigger: PredicateFacts, goal: PredicateFacts): number {
    const states = statesOf(path);
    for (let k = 0; k < states.length; k++) {
      if (!trigger.holds(states[k])) continue;
      if (states.slice(Math.min(k, loopStart)).every((v) => !goal.holds(v))) return k;
    }
    throw new Error('internal: the lasso of a leadsTo violation has no trigger point');
  }
}

function lasso(explored: ExploredGraph, found: Found, p: Property, spec: FairnessSpec, overrides: TraceOverrides | undefined, fairText: string): Trace {
  const g = explored.graph;
  const stem = found.stems.pathTo(found.at);
  const cycle = cycleThrough(g, found.comp, found.at);
  const path = [...stem, ...cycle];
  const ordinals: number[] = [];
  let src = 0;
  for (const e of path) {
    if (e < g.offsets[src] || e >= g.offsets[src + 1]) throw new Error('internal: lasso path is not connected');
    ordinals.push(e - g.offsets[src]);
    src = g.targets[e];
  }
  const reason = `${found.reason(path, stem.length)} (fairness: ${fairText})`;
  return buildLassoTrace(explored.engine, ordinals, stem.length, p, reason, spec, overrides);
}

