import type { Csr } from './graph.ts';
import { SccFinder, hasSelfLoop } from './scc.ts';

/** The fairness groups of one check, as the graph knows them. */
export interface FairnessGroups {
  /** Per group: true for strong fairness, false for weak. */
  readonly strong: readonly boolean[];
  /** Per edge class: the groups a step of that class belongs to (class 0: none). */
  readonly classGroups: readonly (readonly number[])[];
}

/** Which groups are enabled in each state: the union of the groups of its out-edges (all of them, not only those inside a region). */
export class EnabledSets {
  readonly words: number;
  private readonly bits: Uint32Array;

  constructor(g: Csr, groups: FairnessGroups) {
    this.words = Math.max(1, Math.ceil(groups.strong.length / 32));
    this.bits = new Uint32Array(g.n * this.words);
    for (let v = 0; v < g.n; v++) {
      for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
        for (const k of groups.classGroups[g.classes[e]]) this.bits[v * this.words + (k >>> 5)] |= 1 << (k & 31);
      }
    }
  }

  has(v: number, group: number): boolean {
    return (this.bits[v * this.words + (group >>> 5)] & (1 << (group & 31))) !== 0;
  }
}

/** Something a fair accepting cycle through a component must do: take an edge, or visit a state, that satisfies it. */
export interface Requirement {
  readonly what: string;
  readonly edge?: (e: number) => boolean;
  readonly state?: (v: number) => boolean;
}

/**
 * A set of states through which a fair accepting cycle exists: a strongly connected set
 * (the cycle may use every edge inside it), or a single state with no step enabled at all
 * (`stutter`: the run stays there forever, and with nothing enabled it is fair).
 * A cycle that stays inside `states` and meets every requirement is fair and accepting.
 */
export interface FairComponent {
  readonly states: Int32Array;
  readonly stutter: boolean;
  readonly requirements: readonly Requirement[];
}

/**
 * Finds the fair accepting cycles of induced subgraphs (the Emerson–Lei refinement):
 *
 * For each SCC C of the region (a single state counts only with a self-loop, or when it
 * has no out-edge at all), let a cycle run through all of C's edges — that maximizes both
 * what is taken and where things are disabled:
 * - a strong group enabled somewhere in C but taken on no edge inside C can never be
 *   satisfied by a cycle visiting those states: remove every state where it is enabled,
 *   and search the SCCs of what is left;
 * - a weak group enabled in every state of C and taken on no edge inside C makes every
 *   cycle in C unfair: reject C;
 * - C must contain an accepting state (else no cycle in C is accepting).
 * What is left is fair: a cycle through C that takes each strong group enabled in C,
 * each weak group enabled everywhere in C (or visits a state where it is disabled), and
 * visits an accepting state is a fair accepting cycle.
 */
export class FairCycleFinder {
  private readonly scc: SccFinder;
  private readonly member: Int32Array;
  private token = 0;
  private readonly groupCount: number;
  /** SCCs looked at (including those found while refining), for statistics. */
  sccsExamined = 0;

  constructor(
    private readonly g: Csr,
    private readonly groups: FairnessGroups,
    private readonly enabled: EnabledSets,
  ) {
    this.scc = new SccFinder(g);
    this.member = new Int32Array(g.n);
    this.groupCount = groups.strong.length;
  }

  /** All fair components inside `nodes` that contain a state where `accepting` holds. */
  find(nodes: ArrayLike<number>, accepting: (v: number) => boolean = () => true): FairComponent[] {
    const out: FairComponent[] = [];
    this.search(nodes, accepting, out);
    return out;
  }

  private mark(nodes: ArrayLike<number>): number {
    const t = ++this.token;
    for (let i = 0; i < nodes.length; i++) this.member[nodes[i]] = t;
    return t;
  }

  private search(nodes: ArrayLike<number>, accepting: (v: number) => boolean, out: FairComponent[]): void {
    const { offsets } = this.g;
    const t = this.mark(nodes);
    for (const c of this.scc.components(nodes, this.member, t)) {
      this.sccsExamined++;
      if (c.length === 1) {
        const v = c[0];
        if (offsets[v] === offsets[v + 1]) {
          if (accepting(v)) out.push({ states: c, stutter: true, requirements: [] });
          continue;
        }
        if (!hasSelfLoop(this.g, v)) continue;
      }
      this.analyze(c, accepting, out);
    }
  }

  private analyze(c: Int32Array, accepting: (v: number) => boolean, out: FairComponent[]): void {
    const { offsets, targets, classes } = this.g;
    const n = this.groupCount;
    const t = this.mark(c);
    const taken = new Uint8Array(n);
    const enabledIn = new Int32Array(n);
    for (const v of c) {
      for (let e = offsets[v]; e < offsets[v + 1]; e++) {
        if (this.member[targets[e]] !== t) continue;
        for (const k of this.groups.classGroups[classes[e]]) taken[k] = 1;
      }
      for (let k = 0; k < n; k++) if (this.enabled.has(v, k)) enabledIn[k]++;
    }
    const unfairStrong: number[] = [];
    for (let k = 0; k < n; k++) if (this.groups.strong[k] && enabledIn[k] > 0 && !taken[k]) unfairStrong.push(k);
    if (unfairStrong.length) {
      const rest = c.filter((v) => !unfairStrong.some((k) => this.enabled.has(v, k)));
      if (rest.length) this.search(rest, accepting, out);
      return;
    }
    for (let k = 0; k < n; k++) if (!this.groups.strong[k] && enabledIn[k] === c.length && !taken[k]) return;
    if (!c.some(accepting)) return;
    const inC = new Uint8Array(this.g.n);
    for (const v of c) inC[v] = 1;
    const requirements: Requirement[] = [];
    const takes = (k: number) => (e: number) => this.groups.classGroups[classes[e]].includes(k);
    for (let k = 0; k < n; k++) {
      if (enabledIn[k] === 0) continue;
      if (this.groups.strong[k]) requirements.push({ what: `take strong group #${k}`, edge: takes(k) });
      else if (enabledIn[k] === c.length) requirements.push({ what: `take weak group #${k}`, edge: takes(k) });
      else requirements.push({ what: `take weak group #${k} or visit a state where it is disabled`, edge: takes(k), state: (v) => inC[v] === 1 && !this.enabled.has(v, k) });
    }
    requirements.push({ what: 'visit an accepting state', state: accepting });
    out.push({ states: c, stutter: false, requirements });
  }
}
