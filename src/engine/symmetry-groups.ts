/**
 * The symmetry groups a spec declares: read, checked, and turned into the permutations the
 * reduction tries. A group is either every permutation of its members (a list of names) or
 * only their rotations (`{ rotation: names }`: the i-th member moves to the (i+k)-th place,
 * modulo the group's size). What the spec's code does with its members cannot be checked;
 * what can be is: the members exist and are in one group each, have the same actions and
 * handlers, initial states that the permutations map onto each other's, and links that the
 * permutations map onto links of the same semantics.
 */
import { compareValues } from '../network/index.ts';
import type { ChannelSpec, NetworkLayout } from '../network/index.ts';
import type { SymmetryGroup } from '../spec/index.ts';
import type { CompiledProcess } from './model.ts';
import { renameValue } from './symmetry.ts';

/** A symmetry group as the model keeps it. */
export interface ProcessGroup {
  readonly members: readonly string[];
  /** Only the rotations of the members (else every permutation). */
  readonly rotation: boolean;
}

/** The most permutations tried per state; more interchangeable processes than this is an error. */
export const MAX_PERMUTATIONS = 40320;

type Fail = (detail: string) => never;

/** The spec's groups, checked (see the top of this file). */
export function processGroups(declared: readonly SymmetryGroup[], procs: readonly CompiledProcess[], network: NetworkLayout, fail: Fail): ProcessGroup[] {
  const groups = declared.map((g): ProcessGroup => {
    if (Array.isArray(g) && g.every((x) => typeof x === 'string')) return { members: g as readonly string[], rotation: false };
    const r = (g as { rotation?: unknown }).rotation;
    if (typeof g === 'object' && g !== null && Array.isArray(r) && r.every((x) => typeof x === 'string')) return { members: r as readonly string[], rotation: true };
    return fail(`symmetry group ${JSON.stringify(g)} is neither a list of process names nor { rotation: [names] }`);
  });
  const perms = permutationCount(groups);
  if (perms > MAX_PERMUTATIONS) fail(`symmetry groups ${groups.map(show).join(' ')} give ${perms} permutations per state, more than the ${MAX_PERMUTATIONS} mpcheck keeps; make the groups smaller (or check with symmetry: false / --no-symmetry)`);
  const seen = new Set<string>();
  const names = procs.map((p) => p.name);
  for (const g of groups) {
    const members = g.members.map((name) => procs.find((p) => p.name === name) ?? fail(`symmetry group ${show(g)} names unknown process '${name}'`));
    for (const m of members) {
      if (seen.has(m.name)) fail(`process '${m.name}' is in two symmetry groups (or twice in one)`);
      seen.add(m.name);
    }
    const shape = (p: CompiledProcess) => JSON.stringify([p.actions.map((a) => a.name), [...p.handlers.keys()].sort(), p.persistent ?? null]);
    for (const m of members.slice(1)) {
      if (shape(m) !== shape(members[0])) fail(`symmetry group ${show(g)}: '${m.name}' and '${members[0].name}' do not have the same actions and handlers`);
    }
    // every permutation of the group is made of these (a generating set)
    for (const gen of generators(g)) {
      for (const [from, to] of gen) {
        const a = members[g.members.indexOf(from)];
        const b = members[g.members.indexOf(to)];
        // in values and in object keys (a map keyed by members)
        if (compareValues(renameValue(a.init, gen), b.init) !== 0) fail(`symmetry group ${show(g)}: the initial states of '${a.name}' and '${b.name}' differ beyond their names`);
      }
      const move = (i: number) => names.indexOf(gen.get(names[i]) ?? names[i]);
      for (let a = 0; a < names.length; a++) {
        for (let b = 0; b < names.length; b++) {
          if (a === b) continue;
          const here = network.hasLink(a, b) ? network.channel(a, b) : undefined;
          const there = network.hasLink(move(a), move(b)) ? network.channel(move(a), move(b)) : undefined;
          if (!sameChannel(here, there)) {
            const link = (x: number, y: number, c: ChannelSpec | undefined) => `${names[x]}->${names[y]} ${c ? `(${c.ordering}, capacity ${c.capacity})` : '(no link)'}`;
            fail(`symmetry group ${show(g)}: the permutation ${[...gen].map(([x, y]) => `${x}→${y}`).join(' ')} maps the link ${link(a, b, here)} onto ${link(move(a), move(b), there)}; the members' links must look alike`);
          }
        }
      }
    }
  }
  return groups;
}

/** How many permutations the groups give together. */
function permutationCount(groups: readonly ProcessGroup[]): number {
  let perms = 1;
  for (const g of groups) {
    if (g.rotation) perms *= Math.max(1, g.members.length);
    else for (let k = 2; k <= g.members.length; k++) perms *= k;
  }
  return perms;
}

/**
 * Every permutation the groups give, as `p[i]`: the place process i moves to (the identity
 * first). `names` are the model's process names.
 */
function groupPermutations(names: readonly string[], groups: readonly ProcessGroup[]): Int32Array[] {
  let perms: Int32Array[] = [Int32Array.from({ length: names.length }, (_, i) => i)];
  for (const group of groups) {
    const idx = group.members.map((g) => names.indexOf(g));
    const orders = group.rotation ? idx.map((_, r) => idx.map((_, k) => (k + r) % idx.length)) : [...permutations(idx.length)];
    const next: Int32Array[] = [];
    for (const base of perms) {
      for (const order of orders) {
        const p = base.slice();
        idx.forEach((from, k) => (p[from] = base[idx[order[k]]]));
        next.push(p);
      }
    }
    perms = next;
  }
  return perms;
}

/**
 * The permutations the groups give, in lexicographic order of their inverses (which process
 * goes to each place; the identity first), so that those that place the same processes in
 * the first j places are consecutive: `perms[k][i]` is the place process i moves to,
 * `inverse[k][j]` the process placed at j, and `pastPrefix[k·n + j]` the first permutation
 * after k that places a different process in one of the places 0..j; `rename[k]` maps the
 * name of each process that k moves to the name of the process at its new place.
 */
export function orderedPermutations(
  names: readonly string[],
  groups: readonly ProcessGroup[],
): { perms: Int32Array[]; inverse: Int32Array[]; pastPrefix: Int32Array; rename: Map<string, string>[] } {
  const n = names.length;
  const all = groupPermutations(names, groups);
  const inverses = all.map((p) => {
    const inv = new Int32Array(n);
    p.forEach((to, from) => (inv[to] = from));
    return inv;
  });
  const order = inverses.map((_, k) => k).sort((a, b) => compareInts(inverses[a], inverses[b]));
  const inverse = order.map((k) => inverses[k]);
  const perms = order.map((k) => all[k]);
  const rename = perms.map((p) => {
    const m = new Map<string, string>();
    p.forEach((to, from) => {
      if (to !== from) m.set(names[from], names[to]);
    });
    return m;
  });
  return { perms, inverse, pastPrefix: prefixEnds(inverse, n), rename };
}

function compareInts(a: Int32Array, b: Int32Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** See orderedPermutations' pastPrefix: for sequences in lexicographic order. */
function prefixEnds(seqs: readonly Int32Array[], n: number): Int32Array {
  const out = new Int32Array(seqs.length * n);
  for (let k = seqs.length - 1; k >= 0; k--) {
    // the first place where k and k+1 differ: k+1 ends every prefix reaching that far
    let d = 0;
    if (k + 1 < seqs.length) while (d < n && seqs[k][d] === seqs[k + 1][d]) d++;
    for (let j = 0; j < n; j++) out[k * n + j] = j >= d ? k + 1 : out[(k + 1) * n + j];
  }
  return out;
}

/** Permutations that generate the group, as renamings: for a rotation, by one place; else swaps of the first member with each other one. */
function generators(g: ProcessGroup): Map<string, string>[] {
  const m = g.members;
  if (m.length < 2) return [];
  if (g.rotation) return [new Map(m.map((name, k) => [name, m[(k + 1) % m.length]]))];
  return m.slice(1).map((other) => new Map([[m[0], other], [other, m[0]]]));
}

function sameChannel(a: ChannelSpec | undefined, b: ChannelSpec | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.ordering === b.ordering && a.capacity === b.capacity && a.onFull === b.onFull && a.priority === b.priority && JSON.stringify(a.faults) === JSON.stringify(b.faults);
}

function show(g: ProcessGroup): string {
  return g.rotation ? `{ rotation: [${g.members.join(', ')}] }` : `[${g.members.join(', ')}]`;
}

function* permutations(k: number): Generator<number[]> {
  const a = Array.from({ length: k }, (_, i) => i);
  yield a.slice();
  // Heap's algorithm
  const c = new Array<number>(k).fill(0);
  let i = 0;
  while (i < k) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      [a[j], a[i]] = [a[i], a[j]];
      yield a.slice();
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
}
