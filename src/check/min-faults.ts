import { FAULT_KINDS, compile } from '../engine/index.ts';
import type { FaultKind } from '../engine/index.ts';
import type { FaultBudget, Protocol } from '../spec/index.ts';
import type { Trace } from '../trace/index.ts';
import { check } from './check.ts';
import type { CheckOptions } from './check.ts';

/** Faults of each kind (only the kinds that occur). */
export type FaultCount = Partial<Record<FaultKind, number>>;

/** One exhaustive search made to rule out (or find) a trace with fewer faults. */
export interface FaultSearch {
  readonly budget: FaultCount;
  readonly verdict: 'violated' | 'holds' | 'unknown';
  readonly states: number;
}

export interface MinFaultsResult {
  readonly property: string;
  /** Faults the given counterexample uses. */
  readonly original: FaultCount;
  /** Faults of the fewest-faults counterexample found (the given one if none with fewer was found). */
  readonly faults: FaultCount;
  readonly total: number;
  readonly trace: Trace;
  /** True when every budget with fewer faults was searched exhaustively and none breaks the property. */
  readonly proven: boolean;
  readonly searches: readonly FaultSearch[];
  /** One sentence: "needs 2 losses and 1 crash; no trace with fewer faults exists within the budget (…)". */
  readonly summary: string;
}

/**
 * Reduce a counterexample to the fewest faults that still break its property. For each
 * total t = 0, 1, … below the trace's own count, every budget vector with t faults (no
 * kind above the spec's budget) is searched exhaustively (a search with a budget covers
 * every trace using at most that many faults of each kind). The first t whose search finds
 * the violation is the minimum, provided every search below it was complete; if one of
 * them hit a limit, the answer says a trace with fewer faults was not ruled out.
 *
 * `opts` are the options the counterexample was found with (params, network, faults) plus
 * limits for each search (`maxStates`, `timeoutMs`).
 */
export function minimizeFaults(protocol: Protocol, trace: Trace, opts: CheckOptions = {}): MinFaultsResult {
  const model = compile(protocol, { ...opts, only: undefined });
  const pIndex = model.properties.findIndex((p) => p.name === trace.property);
  if (pIndex < 0) throw new RangeError(`the model has no property '${trace.property}'`);
  const budget = Object.fromEntries(FAULT_KINDS.map((k, i) => [k, model.budget[i]])) as Record<FaultKind, number>;
  const original = faultsOf(trace);
  const kinds = FAULT_KINDS.filter((k) => budget[k] > 0);
  const need = totalOf(original);
  // `only` drops the other properties' monitors, which changes the states; it is safe (and
  // faster: the search stops at the first violation) when no other property has a monitor.
  const only = model.properties.every((p, i) => i === pIndex || !p.monitor) ? [trace.property] : undefined;
  const searches: FaultSearch[] = [];
  let complete = true;
  for (let t = 0; t < need; t++) {
    for (const vector of vectorsOfTotal(kinds, t, budget)) {
      const faults: FaultBudget = Object.fromEntries(FAULT_KINDS.map((k) => [k, vector[k] ?? 0]));
      const r = check(protocol, { ...opts, faults, only, strategy: 'bfs', overrides: { params: model.params, faults: faults as Record<string, number>, ...(opts.networkName ? { network: opts.networkName } : {}) } });
      const p = r.properties.find((x) => x.name === trace.property)!;
      searches.push({ budget: vector, verdict: p.verdict, states: r.stats.states });
      if (p.verdict === 'violated' && p.trace) {
        const faultsUsed = faultsOf(p.trace);
        return result(trace.property, original, faultsUsed, p.trace, complete, searches, budget);
      }
      if (p.verdict !== 'holds') complete = false;
    }
  }
  return result(trace.property, original, original, trace, complete, searches, budget);
}

function result(property: string, original: FaultCount, faults: FaultCount, trace: Trace, proven: boolean, searches: FaultSearch[], budget: Record<FaultKind, number>): MinFaultsResult {
  const total = totalOf(faults);
  const within = `within the budget (${formatBudget(budget)})`;
  const below = searches.filter((s) => totalOf(s.budget) < total);
  const how = below.length ? `: ${below.map((s) => `${formatCount(s.budget)} ${s.verdict} on ${s.states} states`).join('; ')}` : '';
  let summary: string;
  if (total === 0) summary = 'needs no faults';
  else if (proven) summary = `needs ${describeFaults(faults)}; no trace with fewer faults exists ${within}${how}`;
  else {
    const open = below.filter((s) => s.verdict === 'unknown').map((s) => formatCount(s.budget));
    summary = `needs at most ${describeFaults(faults)}; a trace with fewer faults is not ruled out (search hit a limit with ${open.join(', ')})`;
  }
  return { property, original, faults, total, trace, proven, searches, summary };
}

/** Faults a trace uses, counted from its steps. */
export function faultsOf(trace: Trace): FaultCount {
  const out: FaultCount = {};
  for (const s of trace.steps) {
    const k = s.label.kind;
    if ((FAULT_KINDS as readonly string[]).includes(k)) out[k as FaultKind] = (out[k as FaultKind] ?? 0) + 1;
  }
  return out;
}

const totalOf = (c: FaultCount): number => Object.values(c).reduce((a, b) => a + (b ?? 0), 0);

/** Every way to spread `t` faults over `kinds`, none above its budget. */
function* vectorsOfTotal(kinds: readonly FaultKind[], t: number, budget: Record<FaultKind, number>): Generator<FaultCount> {
  if (kinds.length === 0) {
    if (t === 0) yield {};
    return;
  }
  const [k, ...rest] = kinds;
  for (let n = Math.min(t, budget[k]); n >= 0; n--) {
    for (const v of vectorsOfTotal(rest, t - n, budget)) yield n ? { [k]: n, ...v } : v;
  }
}

const WORDS: Record<FaultKind, [string, string]> = {
  lose: ['loss', 'losses'],
  duplicate: ['duplication', 'duplications'],
  reorder: ['reordering', 'reorderings'],
  crash: ['crash', 'crashes'],
  partition: ['partition', 'partitions'],
};

/** `2 losses and 1 crash` */
export function describeFaults(c: FaultCount): string {
  const parts = FAULT_KINDS.filter((k) => (c[k] ?? 0) > 0).map((k) => `${c[k]} ${WORDS[k][c[k] === 1 ? 0 : 1]}`);
  if (parts.length === 0) return 'no faults';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function formatCount(c: FaultCount): string {
  const parts = FAULT_KINDS.filter((k) => (c[k] ?? 0) > 0).map((k) => `${k}=${c[k]}`);
  return parts.length ? parts.join(',') : 'no faults';
}

function formatBudget(b: Record<FaultKind, number>): string {
  const parts = FAULT_KINDS.filter((k) => b[k] > 0).map((k) => `${k} ≤ ${b[k] === Infinity ? '∞' : b[k]}`);
  return parts.length ? parts.join(', ') : 'no faults';
}
