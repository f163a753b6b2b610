import { enqueue } from '../network/index.ts';
import type { Entry } from '../network/index.ts';
import type { Value } from '../spec/index.ts';
import { Writer } from './codec.ts';
import type { Model } from './model.ts';
import type { GlobalState } from './state.ts';
import { writeState } from './state.ts';

/** The most permutations tried per state; more interchangeable processes than this is an error. */
export const MAX_PERMUTATIONS = 5040;

/**
 * Symmetry reduction over groups of interchangeable processes. A process refers to a member
 * of its group only by name (a string equal to the name, an object key equal to it, or a
 * submit id `name#k`) and never orders members by name (no sorting of names); the
 * permutation renames those strings and moves local states, queues, submit counters and
 * crash flags. The representative of a state is the permutation whose canonical encoding is
 * the least, so two states that differ only by which member is which get one fingerprint.
 */
export class Symmetry {
  private readonly perms: Int32Array[];
  private readonly rename: Map<string, string>[];
  private readonly w = new Writer();
  private readonly best = new Writer();

  constructor(private readonly model: Model) {
    const n = model.names.length;
    let perms: Int32Array[] = [Int32Array.from({ length: n }, (_, i) => i)];
    for (const group of model.symmetry) {
      const idx = group.map((g) => model.names.indexOf(g));
      const next: Int32Array[] = [];
      for (const base of perms) {
        for (const order of permutations(idx.length)) {
          const p = base.slice();
          idx.forEach((from, k) => (p[from] = base[idx[order[k]]]));
          next.push(p);
        }
      }
      perms = next;
      if (perms.length > MAX_PERMUTATIONS) throw new Error(`symmetry: ${perms.length} permutations per state is more than ${MAX_PERMUTATIONS}; make the groups smaller`);
    }
    this.perms = perms;
    this.rename = perms.map((p) => {
      const m = new Map<string, string>();
      p.forEach((to, from) => {
        if (to !== from) m.set(model.names[from], model.names[to]);
      });
      return m;
    });
  }

  /** The representative of `s`'s symmetry class. */
  canonical(s: GlobalState): GlobalState {
    let best = s;
    this.best.reset();
    writeState(this.best, s);
    for (let k = 0; k < this.perms.length; k++) {
      if (this.rename[k].size === 0) continue;
      const t = this.apply(s, this.perms[k], this.rename[k]);
      this.w.reset();
      writeState(this.w, t);
      if (lessBytes(this.w, this.best)) {
        best = t;
        this.best.reset();
        writeState(this.best, t);
      }
    }
    return best;
  }

  /** Move process i to perm[i] everywhere, renaming member names inside values. */
  private apply(s: GlobalState, perm: Int32Array, names: Map<string, string>): GlobalState {
    const m = this.model;
    const n = m.names.length;
    const locals = new Array<Value>(n);
    const down = new Array<number>(n);
    const ids = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      locals[perm[i]] = renameValue(s.locals[i], names);
      down[perm[i]] = s.down[i];
      ids[perm[i]] = s.ids[i];
    }
    const layout = m.network;
    const queues: (readonly Entry[])[] = layout.queues.map(() => []);
    for (let q = 0; q < s.queues.length; q++) {
      const entries = s.queues[q];
      if (entries.length === 0) continue;
      const info = layout.queues[q];
      const to = perm[info.receiver];
      for (const [from, msg, tag] of entries) {
        const pf = perm[from];
        const target = layout.queueOf(pf, to);
        const e: Entry = [pf, renameValue(msg as unknown as Value, names) as unknown as Entry[1], renameValue(tag, names)];
        queues[target] = layout.queues[target].ordering === 'unordered' ? enqueue(queues[target], e, layout.queues[target]) : [...queues[target], e];
      }
    }
    const cut = s.cut
      .map((key) => {
        const a = perm[Math.floor(key / n)];
        const b = perm[key % n];
        return a < b ? a * n + b : b * n + a;
      })
      .sort((x, y) => x - y);
    return { locals, down, queues, faults: s.faults, ids, ghost: s.ghost.map((g) => renameValue(g, names)), cut };
  }
}

function lessBytes(a: Writer, b: Writer): boolean {
  const n = Math.min(a.pos, b.pos);
  for (let i = 0; i < n; i++) if (a.buf[i] !== b.buf[i]) return a.buf[i] < b.buf[i];
  return a.pos < b.pos;
}

/** A value with every member name (and submit id `name#k`) renamed; the same object when nothing changes. */
function renameValue(v: Value, names: Map<string, string>): Value {
  if (typeof v === 'string') {
    const r = names.get(v);
    if (r !== undefined) return r;
    const hash = v.indexOf('#');
    if (hash > 0) {
      const owner = names.get(v.slice(0, hash));
      if (owner !== undefined) return owner + v.slice(hash);
    }
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: Value[] | null = null;
    const arr = v as readonly Value[];
    for (let i = 0; i < arr.length; i++) {
      const r = renameValue(arr[i], names);
      if (r !== arr[i]) (out ??= arr.slice())[i] = r;
    }
    return out ?? v;
  }
  const obj = v as Readonly<Record<string, Value>>;
  const keys = Object.keys(obj);
  if (keys.some((k) => names.has(k))) {
    // keys that are member names (e.g. { c0: 1, c1: 0 }) move with their members
    const out: Record<string, Value> = {};
    for (const k of keys) out[names.get(k) ?? k] = renameValue(obj[k], names);
    return out;
  }
  let out: Record<string, Value> | null = null;
  for (const k of keys) {
    const r = renameValue(obj[k], names);
    if (r !== obj[k]) (out ??= { ...obj })[k] = r;
  }
  return out ?? v;
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

