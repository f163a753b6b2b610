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
  /** Per permutation, which process moves to each place (the inverse). */
  private readonly inverse: Int32Array[];
  /** The names of every group's members (the names a permutation renames). */
  private readonly members: ReadonlySet<string>;
  private readonly w = new Writer();
  private readonly best = new Writer();
  /**
   * pastPrefix[k·n + j]: the first permutation after k that places a different process in
   * one of the places 0..j (all those in between place the same processes there as k).
   */
  private readonly pastPrefix: Int32Array;
  /** Set by compareLocals: the place at which it decided, and whether the local states up to it were fixed encodings. */
  private decidedAt = 0;
  private fixedUpTo = false;
  /** During canonical: per process, its local state's encoding when it names no member, else null. */
  private readonly fixed: (Uint8Array | null)[];

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
    // in lexicographic order of their inverses, so that the permutations that place the same
    // processes in the first j places are consecutive (see canonical)
    const inverses = perms.map((p) => {
      const inv = new Int32Array(n);
      p.forEach((to, from) => (inv[to] = from));
      return inv;
    });
    const order = inverses.map((_, k) => k).sort((a, b) => compareInts(inverses[a], inverses[b]));
    perms = order.map((k) => perms[k]);
    this.perms = perms;
    this.inverse = order.map((k) => inverses[k]);
    this.pastPrefix = prefixEnds(this.inverse, n);
    this.members = new Set(model.symmetry.flat());
    this.fixed = new Array<Uint8Array | null>(n).fill(null);
    this.rename = perms.map((p) => {
      const m = new Map<string, string>();
      p.forEach((to, from) => {
        if (to !== from) m.set(model.names[from], model.names[to]);
      });
      return m;
    });
  }

  /**
   * The representative of `s`'s symmetry class: the permuted state whose encoding is the
   * least. A permutation is compared with the best so far local state by local state, in
   * the encoding's order, and dropped at the first local state that makes it greater; only a
   * permutation that ties on every local state or wins is built in full. A local state that
   * names no member of a group encodes the same under every permutation and is encoded once.
   * The result is the one {@link exhaustive} gives.
   */
  canonical(s: GlobalState): GlobalState {
    let best = s;
    const bw = this.best;
    bw.reset();
    writeState(bw, s);
    const n = s.locals.length;
    const fixed = this.fixed;
    for (let i = 0; i < n; i++) fixed[i] = mentionsMember(s.locals[i], this.members) ? null : this.encoded(s.locals[i]);
    const n2 = this.perms.length;
    for (let k = 0; k < n2; k++) {
      if (this.rename[k].size === 0) continue;
      const order = this.compareLocals(s, k);
      if (order > 0) {
        // every permutation that places the same processes up to there is greater too
        if (this.fixedUpTo) k = this.pastPrefix[k * n + this.decidedAt] - 1;
        continue;
      }
      const t = this.apply(s, this.perms[k], this.rename[k]);
      if (order === 0) {
        this.w.reset();
        writeState(this.w, t);
        if (!lessBytes(this.w, bw)) continue;
      }
      best = t;
      bw.reset();
      writeState(bw, t);
    }
    return best;
  }

  /** The representative computed the slow way, every permutation built and encoded in full (for tests). */
  exhaustive(s: GlobalState): GlobalState {
    let best = s;
    const bw = new Writer();
    writeState(bw, s);
    for (let k = 0; k < this.perms.length; k++) {
      const t = this.apply(s, this.perms[k], this.rename[k]);
      const w = new Writer();
      writeState(w, t);
      if (lessBytes(w, bw)) {
        best = t;
        bw.reset();
        writeState(bw, t);
      }
    }
    return best;
  }

  /** The encoding of one value, in an array of its own. */
  private encoded(v: Value): Uint8Array {
    this.w.reset();
    this.w.value(v);
    return this.w.bytes().slice();
  }

  /**
   * How `s` under permutation k compares with the best encoding so far (this.best) on the
   * local states, which the encoding begins with: negative when less, positive when greater,
   * 0 when they tie.
   */
  private compareLocals(s: GlobalState, k: number): number {
    const inv = this.inverse[k];
    const names = this.rename[k];
    const best = this.best;
    let at = 0;
    let fixedUpTo = true;
    for (let j = 0; j < inv.length; j++) {
      const i = inv[j];
      let bytes = this.fixed[i];
      if (bytes === null) {
        fixedUpTo = false;
        this.w.reset();
        this.w.value(renameValue(s.locals[i], names));
        bytes = this.w.bytes();
      }
      const c = compareAt(bytes, best, at);
      if (c !== 0) {
        this.decidedAt = j;
        this.fixedUpTo = fixedUpTo;
        return c;
      }
      at += bytes.length;
    }
    return 0;
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

function compareInts(a: Int32Array, b: Int32Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** See Symmetry.pastPrefix: for sequences in lexicographic order. */
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

/** `bytes` against b's bytes from `at`: negative when less, positive when greater, 0 when b holds them there. */
function compareAt(bytes: Uint8Array, b: Writer, at: number): number {
  const end = Math.min(bytes.length, b.pos - at);
  const buf = b.buf;
  for (let i = 0; i < end; i++) if (bytes[i] !== buf[at + i]) return bytes[i] - buf[at + i];
  return bytes.length > end ? 1 : 0;
}

/** Whether renaming members could change `v`: it holds a member name (or submit id `name#k`) as a string or as an object key. */
function mentionsMember(v: Value, members: ReadonlySet<string>): boolean {
  if (typeof v === 'string') {
    if (members.has(v)) return true;
    const hash = v.indexOf('#');
    return hash > 0 && members.has(v.slice(0, hash));
  }
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return (v as readonly Value[]).some((x) => mentionsMember(x, members));
  const obj = v as Readonly<Record<string, Value>>;
  for (const k of Object.keys(obj)) if (members.has(k) || mentionsMember(obj[k], members)) return true;
  return false;
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

