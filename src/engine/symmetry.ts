import { enqueue } from '../network/index.ts';
import type { Entry } from '../network/index.ts';
import type { Value } from '../spec/index.ts';
import { Writer } from './codec.ts';
import type { Model } from './model.ts';
import type { GlobalState } from './state.ts';
import { writeRest } from './state.ts';
import { ColourOrder, MemberColours, fixedLocal, mentionsMember } from './symmetry-colours.ts';
import { orderedPermutations } from './symmetry-groups.ts';

/** A local state that names no member: its encoding, the same under every permutation, and that as text (for its colour). */
export interface FixedLocal {
  readonly bytes: Uint8Array;
  readonly text: string;
}
const NAMES_MEMBER = 0;

/**
 * Symmetry reduction over groups of interchangeable processes. A process refers to a member
 * of its group only by name (a string equal to the name, an object key equal to it, or a
 * submit id `name#k`) and never orders members by name (no sorting of names); the
 * permutation renames those strings and moves local states, queues, submit counters and
 * crash flags. Every state of a class gets the same representative (see canonical), so two
 * states that differ only by which member is which get one fingerprint.
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
  /** Set by compareLocals: how many bytes of the best encoding the permutation compared shares (its local states up to decidedAt). */
  private agreed = 0;
  private readonly colourer: MemberColours;
  /** The order of colour members are placed in. */
  private readonly order: ColourOrder;
  /** During canonical: per process, its local state's encoding when it names no member, else null. */
  private readonly fixed: (FixedLocal | null)[];
  /** fixedOf's answers for local states that are objects (they are shared between states); NAMES_MEMBER for those that name a member. */
  private readonly fixedObjects = new WeakMap<object, FixedLocal | typeof NAMES_MEMBER>();

  constructor(private readonly model: Model) {
    const n = model.names.length;
    const { perms, inverse, pastPrefix, rename } = orderedPermutations(model.names, model.symmetry);
    this.perms = perms;
    this.inverse = inverse;
    this.pastPrefix = pastPrefix;
    this.members = new Set(model.symmetry.flatMap((g) => g.members));
    this.fixed = new Array<FixedLocal | null>(n).fill(null);
    this.order = new ColourOrder(model);
    this.colourer = new MemberColours(model, this.members);
    this.rename = rename;
  }

  /**
   * The representative of `s`'s symmetry class. Each member of a group gets a *colour*: what
   * a permutation cannot change about it (its local state, crash flag, submit counter and the
   * messages it has in flight to and from each process, where processes outside the groups
   * name it, with member names blanked out; see symmetry-colours.ts). The representative is,
   * among the permutations that place each group's members in order of colour, the one
   * whose permuted state has the least encoding. That is a
   * function of the class, not of `s`: permuting `s` permutes the colours with the members,
   * so the same permuted states qualify. Members of different colours are never swapped;
   * only members of one colour are tried in every order, and not even that when the colours
   * are complete (then the first permutation in colour order is the representative).
   *
   * Permutations are kept in lexicographic order of their inverses (which process goes to
   * each place). One that puts a member out of colour order at some place is dropped with
   * every permutation that places the same processes up to there; so is one whose local
   * states, compared one at a time with the best so far, are greater at a place up to which
   * every local state names no member (those encode the same under every permutation and are
   * encoded once). A permutation that ties on every local state encodes only the rest of the
   * state; one that wins is encoded from the place where it won. The first permutation in
   * colour order is encoded only when a second one is compared with it, and only the
   * representative is built as a state.
   */
  canonical(s: GlobalState): GlobalState {
    const n = s.locals.length;
    const fixed = this.fixed;
    for (let i = 0; i < n; i++) fixed[i] = this.fixedOf(s.locals[i]);
    const colourOrder = this.order;
    colourOrder.rank(this.colourer.of(s, fixed));
    // the best permutation so far (-1: none yet), its encoding in this.best once written
    let best = -1;
    let written = false;
    const bw = this.best;
    const w = this.w;
    const perms = this.perms.length;
    for (let k = 0; k < perms; k++) {
      const inv = this.inverse[k];
      // the colour order: place j must hold a member of the j-th least colour of its group
      const j = colourOrder.orderedUpTo(inv);
      if (j < n) {
        k = this.pastPrefix[k * n + j] - 1;
        continue;
      }
      // with complete colours every permutation that gets here gives the same state: the first is taken
      if (this.colourer.complete && !colourOrder.rotations) return this.permuted(s, k);
      if (best < 0) {
        // the first: encoded only if another one comes to be compared with it
        best = k;
        continue;
      }
      if (!written) {
        bw.reset();
        this.write(bw, s, best, 0);
        written = true;
      }
      const order = this.compareLocals(s, k);
      if (order > 0) {
        // every permutation that places the same processes up to there is greater too
        if (this.fixedUpTo) k = this.pastPrefix[k * n + this.decidedAt] - 1;
        continue;
      }
      if (order === 0) {
        // the local states tie (they fill bw up to this.agreed): the rest decides
        w.reset();
        writeRest(w, this.permutedRest(s, this.perms[k], this.rename[k]));
        if (!lessFrom(w, bw, this.agreed)) continue;
        bw.pos = this.agreed;
        bw.raw(w.bytes());
      } else {
        // less from place decidedAt on
        bw.pos = this.agreed;
        this.write(bw, s, k, this.decidedAt);
      }
      best = k;
    }
    return this.permuted(s, best);
  }

  /** `s` under permutation k. */
  private permuted(s: GlobalState, k: number): GlobalState {
    return this.rename[k].size === 0 ? s : this.apply(s, this.perms[k], this.rename[k]);
  }

  /** Every permuted form of `s`, one per permutation (for tests). */
  orbit(s: GlobalState): GlobalState[] {
    return this.perms.map((p, k) => this.apply(s, p, this.rename[k]));
  }

  /** A local state's encoding (and that as text) when it names no member, else null; remembered per object. */
  private fixedOf(v: Value): FixedLocal | null {
    if (v === null || typeof v !== 'object') return this.fixedLocal(v);
    const known = this.fixedObjects.get(v);
    if (known !== undefined) return known === NAMES_MEMBER ? null : known;
    const made = this.fixedLocal(v);
    this.fixedObjects.set(v, made ?? NAMES_MEMBER);
    return made;
  }

  private fixedLocal(v: Value): FixedLocal | null {
    return mentionsMember(v, this.members) ? null : fixedLocal(v, this.w);
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
      let bytes = this.fixed[i]?.bytes ?? null;
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
        this.agreed = at;
        return c;
      }
      at += bytes.length;
    }
    this.agreed = at;
    return 0;
  }

  /** The encoding of `s` under permutation k (as writeState writes it) from the local state at place `from` on. */
  private write(w: Writer, s: GlobalState, k: number, from: number): void {
    const inv = this.inverse[k];
    const names = this.rename[k];
    for (let j = from; j < inv.length; j++) {
      const f = this.fixed[inv[j]];
      if (f !== null) w.raw(f.bytes);
      else w.value(renameValue(s.locals[inv[j]], names));
    }
    writeRest(w, this.permutedRest(s, this.perms[k], names));
  }

  /** Move process i to perm[i] everywhere, renaming member names inside values. */
  private apply(s: GlobalState, perm: Int32Array, names: Map<string, string>): GlobalState {
    const locals = new Array<Value>(s.locals.length);
    for (let i = 0; i < locals.length; i++) locals[perm[i]] = renameValue(s.locals[i], names);
    return { locals, ...this.permutedRest(s, perm, names) };
  }

  /** Everything of `s` but its local states, with process i moved to perm[i] and member names renamed. */
  private permutedRest(s: GlobalState, perm: Int32Array, names: Map<string, string>): Omit<GlobalState, 'locals'> {
    const m = this.model;
    const n = m.names.length;
    const down = new Array<number>(n);
    const ids = new Array<number>(n);
    for (let i = 0; i < n; i++) {
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
    return { down, queues, faults: s.faults, ids, ghost: s.ghost.map((g) => renameValue(g, names)), cut };
  }
}

/** `bytes` against b's bytes from `at`: negative when less, positive when greater, 0 when b holds them there. */
function compareAt(bytes: Uint8Array, b: Writer, at: number): number {
  const end = Math.min(bytes.length, b.pos - at);
  const buf = b.buf;
  for (let i = 0; i < end; i++) if (bytes[i] !== buf[at + i]) return bytes[i] - buf[at + i];
  return bytes.length > end ? 1 : 0;
}

/** Whether a's bytes are less than b's bytes from `at` on. */
function lessFrom(a: Writer, b: Writer, at: number): boolean {
  const n = Math.min(a.pos, b.pos - at);
  for (let i = 0; i < n; i++) if (a.buf[i] !== b.buf[at + i]) return a.buf[i] < b.buf[at + i];
  return a.pos < b.pos - at;
}

/** A value with every member name (and submit id `name#k`) renamed, in strings and object keys; the same object when nothing changes. */
export function renameValue(v: Value, names: Map<string, string>): Value {
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
