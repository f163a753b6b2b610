/**
 * Symmetry reduction on collapsed vectors (collapsed-state.ts): the representative of a
 * state's class is, among its permuted forms, the least in an order of contents (local
 * states place by place, then down flags, queues, submit counters, cut). Components are
 * compared by their encodings in byte order, never by id: ids are given in discovery order,
 * which differs between runs and between the threads of a parallel search, and a
 * representative that depended on it would make the ample sets of partial-order reduction,
 * and so the reduced counts, depend on it too. The order also decides how much partial-order
 * reduction keeps (ring N=5 M=2 / N=7 with both reductions: 577,248 / 21,658 states in byte
 * order, 615,439 / 34,005 in an order of hashes, in the same time; 482,378 / 15,858 by id).
 *
 * What a permutation does to a component is worked out once per component and remembered:
 * a local state's id maps to the id of the local state with the member names renamed, a
 * queue's id to the id of its contents with senders moved and names renamed (re-sorted for
 * an unordered queue). A permuted vector is then array lookups, and the successor cache
 * (step-deltas.ts) serves symmetric searches.
 *
 * Permutations are tried in lexicographic order of their inverses; one that is greater at
 * some place of the local states, all of which up to there name no member (they map to
 * themselves under every permutation), is dropped with every permutation that places the
 * same processes up to there. With many permutations (COLOURS_FROM), the members' colours
 * (symmetry-colours.ts) rule out those that do not place each full group's members in
 * order of colour, as symmetry on states does (symmetry.ts): then each successor is built
 * as a state once, for its colours.
 */
import { enqueue } from '../network/index.ts';
import type { Entry } from '../network/index.ts';
import type { Message, Value } from '../spec/index.ts';
import { Writer } from './codec.ts';
import { grownTo } from './doubled-array.ts';
import type { CollapsedStates, IdVector } from './collapsed-state.ts';
import type { Model } from './model.ts';
import { ColourOrder, MemberColours, fixedLocal, mentionsMember } from './symmetry-colours.ts';
import type { FixedLocal } from './symmetry.ts';
import { orderedPermutations } from './symmetry-groups.ts';
import { renameValue } from './symmetry.ts';

/**
 * Colours (symmetry-colours.ts) are taken from this many permutations on: below, trying every
 * permutation costs less than working out the colours of every successor. One-thread
 * searches, each pair in one process (`npx tsx`): lock-server, rounds=2, with 5 clients (120
 * permutations) 199 ms without colours against 469 ms with them; with 6 (720) 708 against
 * 644 ms; with 7 (5,040) 7.1 s against 1.5 s. Four peers that name each other (24
 * permutations) 0.70 s against 1.85 s; six workers and a hub that keys them by name (720)
 * 7.1 s against 6.2 s.
 */
export const COLOURS_FROM = 720;

/** The kinds of component whose keys IdSymmetry.key keeps. */
const LOCAL = 0;
const QUEUE = 1;

/** A map with no slots (shared: never written). */
const EMPTY_MAP: Int32Array<ArrayBuffer> = new Int32Array(0);

const UNKNOWN = 0;
const FIXED = 1;
const NAMES_MEMBER = 2;

export class IdSymmetry {
  private readonly n: number;
  private readonly perms: Int32Array[];
  private readonly inverse: Int32Array[];
  private readonly pastPrefix: Int32Array;
  private readonly rename: Map<string, string>[];
  private readonly members: ReadonlySet<string>;
  /** Per permutation, per queue: the queue whose contents it holds after the permutation. */
  private readonly queueFrom: Int32Array[];
  /** Per queue: 1 when unordered (its contents are kept sorted). */
  private readonly unordered: Uint8Array;
  /** Per permutation: mapped local id + 1 by local id (0: not worked out yet). */
  private readonly valueMaps: Int32Array<ArrayBuffer>[];
  /** Per permutation: mapped queue id + 1 by queue id, for ordered queues and for unordered ones. */
  private readonly queueMaps: Int32Array<ArrayBuffer>[];
  private readonly sortedMaps: Int32Array<ArrayBuffer>[];
  /** The slots of all those maps together; see {@link grown}. */
  private mapSlots = 0;
  /** The most slots the maps hold together before they are emptied (2^24: 64 MiB; tests lower it). */
  static mapSlotsLimit = 1 << 24;
  /** Per local id: UNKNOWN, FIXED (names no member) or NAMES_MEMBER. */
  private fixedness: Int32Array<ArrayBuffer> = new Int32Array(1024);
  /** By local id (LOCAL) and by queue id (QUEUE): the encoding of its contents, once worked out. */
  private readonly encs: [Uint8Array[], Uint8Array[]] = [[], []];
  private readonly w = new Writer();
  /**
   * With a group whose members may be permuted in every way, and at least COLOURS_FROM
   * permutations: their colours (symmetry-colours.ts, as symmetry on states takes them), and
   * the order of colour a representative places them in.
   */
  private readonly colourer: MemberColours | null;
  private readonly colourOrder: ColourOrder;
  /** Per local id: its FixedLocal when it names no member (for the colours), null when it does. */
  private readonly fixedLocals: (FixedLocal | null | undefined)[] = [];
  private readonly fixedScratch: (FixedLocal | null)[];
  /** Two scratch vectors: the best permuted form so far is in one of them (or is the state's own). */
  private readonly scratch: [IdVector, IdVector];

  constructor(
    private readonly model: Model,
    private readonly states: CollapsedStates,
  ) {
    const n = model.names.length;
    this.n = n;
    const { perms, inverse, pastPrefix, rename } = orderedPermutations(model.names, model.symmetry);
    this.perms = perms;
    this.inverse = inverse;
    this.pastPrefix = pastPrefix;
    this.members = new Set(model.symmetry.flatMap((g) => g.members));
    this.rename = rename;
    const layout = model.network;
    const qs = layout.queues;
    this.unordered = Uint8Array.from(qs, (info) => (info.ordering === 'unordered' ? 1 : 0));
    this.queueFrom = perms.map((p) => {
      const from = new Int32Array(qs.length).fill(-1);
      qs.forEach((info, q) => {
        const r = info.receiver;
        const s = info.sender >= 0 ? info.sender : model.names.findIndex((_, x) => layout.queueOf(x, r) === q);
        const t = layout.queueOf(p[s], p[r]);
        if (t < 0 || from[t] >= 0) throw new Error(`symmetry: a permutation does not map the queues onto the queues (queue ${q} of ${model.names[s]}->${model.names[r]})`);
        from[t] = q;
      });
      return from;
    });
    this.valueMaps = perms.map(() => EMPTY_MAP);
    this.queueMaps = perms.map(() => EMPTY_MAP);
    this.sortedMaps = perms.map(() => EMPTY_MAP);
    this.scratch = [states.vector(), states.vector()];
    this.colourer = model.symmetry.some((g) => !g.rotation) && perms.length >= COLOURS_FROM ? new MemberColours(model, this.members) : null;
    this.colourOrder = new ColourOrder(model);
    this.fixedScratch = new Array<FixedLocal | null>(n).fill(null);
  }

  /** The representative of v's class: v itself or a scratch vector (valid until the next call). */
  canonical(v: IdVector): IdVector {
    const n = this.n;
    const count = this.perms.length;
    // with colours, only permutations that place each full group's members in order of colour
    // are tried; when the colours are complete those all give the same vector
    const colourer = this.colourer;
    let complete = false;
    if (colourer !== null) {
      for (let i = 0; i < n; i++) this.fixedScratch[i] = this.fixedLocalOf(v.locals[i]);
      this.colourOrder.rank(colourer.of(this.states.build(v), this.fixedScratch));
      complete = colourer.complete && !this.colourOrder.rotations;
    }
    let best: IdVector | null = null;
    let spare = 0;
    for (let k = 0; k < count; k++) {
      const inv = this.inverse[k];
      if (colourer !== null) {
        const j = this.colourOrder.orderedUpTo(inv);
        if (j < n) {
          k = this.pastPrefix[k * n + j] - 1;
          continue;
        }
      }
      if (best === null) {
        // the first permutation tried (the identity, k = 0, unless colours rule it out)
        if (k === 0) best = v;
        else {
          best = this.scratch[spare];
          this.permute(v, k, best);
          spare ^= 1;
        }
        if (complete) return best;
        continue;
      }
      let order = 0;
      let j = 0;
      let fixedUpTo = true;
      for (; j < n; j++) {
        const id = v.locals[inv[j]];
        if (fixedUpTo && this.fixed(id) !== FIXED) fixedUpTo = false;
        const x = this.mapValue(k, id);
        if (x !== best.locals[j]) {
          order = this.compareLocals(x, best.locals[j]);
          break;
        }
      }
      if (order > 0) {
        // every permutation that places the same processes up to j is greater too
        if (fixedUpTo) k = this.pastPrefix[k * n + j] - 1;
        continue;
      }
      if (order === 0 && this.compareRest(v, k, best) >= 0) continue;
      const out = this.scratch[spare];
      this.permute(v, k, out);
      best = out;
      spare ^= 1;
    }
    // (some permutation places the members in order of colour: one that sorts them)
    return best!;
  }

  /** The FixedLocal of local state `id` when it names no member (else null), made once per id. */
  private fixedLocalOf(id: number): FixedLocal | null {
    const known = this.fixedLocals[id];
    if (known !== undefined) return known;
    const made = this.fixed(id) === FIXED ? fixedLocal(this.states.value(id), this.w) : null;
    this.fixedLocals[id] = made;
    return made;
  }

  /** How v under permutation k compares with `best` past the local states (which tie). */
  private compareRest(v: IdVector, k: number, best: IdVector): number {
    const n = this.n;
    const inv = this.inverse[k];
    for (let j = 0; j < n; j++) if (v.down[inv[j]] !== best.down[j]) return v.down[inv[j]] - best.down[j];
    const from = this.queueFrom[k];
    for (let t = 0; t < from.length; t++) {
      const x = this.mapQueue(k, v.queues[from[t]], t);
      if (x !== best.queues[t]) return this.compareQueues(x, best.queues[t]);
    }
    for (let j = 0; j < n; j++) if (v.ids[inv[j]] !== best.ids[j]) return v.ids[inv[j]] - best.ids[j];
    const cut = this.permutedCut(v.cut, this.perms[k]);
    if (cut.length !== best.cut.length) return cut.length - best.cut.length;
    for (let i = 0; i < cut.length; i++) if (cut[i] !== best.cut[i]) return cut[i] - best.cut[i];
    return 0;
  }

  /** v under permutation k, into `out`. */
  private permute(v: IdVector, k: number, out: IdVector): void {
    const n = this.n;
    const inv = this.inverse[k];
    for (let j = 0; j < n; j++) {
      out.locals[j] = this.mapValue(k, v.locals[inv[j]]);
      out.down[j] = v.down[inv[j]];
      out.ids[j] = v.ids[inv[j]];
    }
    out.downCount = v.downCount;
    const from = this.queueFrom[k];
    for (let t = 0; t < from.length; t++) out.queues[t] = this.mapQueue(k, v.queues[from[t]], t);
    out.faults.set(v.faults);
    out.ghost.set(v.ghost);
    out.cut = this.permutedCut(v.cut, this.perms[k]);
  }

  private permutedCut(cut: readonly number[], perm: Int32Array): readonly number[] {
    if (cut.length === 0) return cut;
    const n = this.n;
    return cut
      .map((key) => {
        const a = perm[Math.floor(key / n)];
        const b = perm[key % n];
        return a < b ? a * n + b : b * n + a;
      })
      .sort((x, y) => x - y);
  }

  /** Local states `a` and `b` (distinct ids) by contents: their hashes, or else their values. */
  private compareLocals(a: number, b: number): number {
    return compareBytes(this.encoding(LOCAL, a), this.encoding(LOCAL, b));
  }

  /** Queue contents `a` and `b` (distinct ids, -1 for empty) by contents: empty first, then their hashes, or else their entries. */
  private compareQueues(a: number, b: number): number {
    if (a < 0 || b < 0) return a - b;
    return compareBytes(this.encoding(QUEUE, a), this.encoding(QUEUE, b));
  }

  /** The encoding of local state (`kind` LOCAL) or queue contents (QUEUE) `id` (a queue's with its messages in full, not their ids): made once per id. */
  private encoding(kind: typeof LOCAL | typeof QUEUE, id: number): Uint8Array {
    const encs = this.encs[kind];
    const known = encs[id];
    if (known !== undefined) return known;
    const w = this.w;
    w.reset();
    if (kind === LOCAL) w.value(this.states.value(id));
    else {
      for (const [from, msg, tag] of this.states.queue(id)) {
        w.uint(from);
        w.value(msg as unknown as Value);
        w.value(tag);
      }
    }
    return (encs[id] = w.bytes().slice());
  }

  /** Whether local state `id` names a member (then permutations may change it). */
  private fixed(id: number): number {
    if (id >= this.fixedness.length) this.fixedness = grownTo(this.fixedness, id + 1);
    const f = this.fixedness[id];
    if (f !== UNKNOWN) return f;
    const made = mentionsMember(this.states.value(id), this.members) ? NAMES_MEMBER : FIXED;
    this.fixedness[id] = made;
    return made;
  }

  /** The id of local state `id` under permutation k. */
  private mapValue(k: number, id: number): number {
    let m = this.valueMaps[k];
    if (id < m.length && m[id] !== 0) return m[id] - 1;
    const out = this.fixed(id) === FIXED ? id : this.states.valueId(renameValue(this.states.value(id), this.rename[k]));
    if (id >= m.length) m = this.valueMaps[k] = this.grown(m, id + 1);
    m[id] = out + 1;
    return out;
  }

  /**
   * `m`, one of the maps, grown to hold `need` ids; past IdSymmetry.mapSlotsLimit slots in
   * all, every map is emptied first (they are caches: what is forgotten is worked out again).
   */
  private grown(m: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
    const g = grownTo(m, need);
    this.mapSlots += g.length - m.length;
    if (this.mapSlots <= IdSymmetry.mapSlotsLimit) return g;
    for (const maps of [this.valueMaps, this.queueMaps, this.sortedMaps]) maps.fill(EMPTY_MAP);
    const fresh = grownTo(EMPTY_MAP, need);
    this.mapSlots = fresh.length;
    return fresh;
  }

  /** The id of queue contents `id` (-1: empty) under permutation k, moved to queue t. */
  private mapQueue(k: number, id: number, t: number): number {
    if (id < 0) return -1;
    const sorted = this.unordered[t] === 1;
    let m = sorted ? this.sortedMaps[k] : this.queueMaps[k];
    if (id < m.length && m[id] !== 0) return m[id] - 1;
    const perm = this.perms[k];
    const names = this.rename[k];
    const info = this.model.network.queues[t];
    let entries: readonly Entry[] = [];
    const moved: Entry[] = [];
    for (const [from, msg, tag] of this.states.queue(id)) {
      const e: Entry = Object.freeze([perm[from], renameValue(msg as unknown as Value, names) as unknown as Message, renameValue(tag, names)] as const);
      if (sorted) entries = enqueue(entries, e, info);
      else moved.push(e);
    }
    const out = this.states.queueId(Object.freeze(sorted ? entries : moved));
    if (id >= m.length) {
      m = this.grown(m, id + 1);
      if (sorted) this.sortedMaps[k] = m;
      else this.queueMaps[k] = m;
    }
    m[id] = out + 1;
    return out;
  }
}

/** Two encodings in byte order (shorter first when one is the other's prefix). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
