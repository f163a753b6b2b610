import type { Value } from '../spec/index.ts';
import type { Writer } from './codec.ts';
import type { Model } from './model.ts';
import type { GlobalState } from './state.ts';
import type { FixedLocal } from './symmetry.ts';

/**
 * The colours of symmetry reduction (symmetry.ts): per member of a group, a text for what
 * no permutation of the members changes about it, so that permuting a state permutes the
 * colours with the members. The representative of a state places members in order of
 * colour; members of one colour are the only ones tried in every order, and not even they
 * when the colours are complete.
 */
export class MemberColours {
  /** Set by {@link of}: the colours say everything a permutation can move (see there). */
  complete = false;
  private readonly isMember: Uint8Array;
  /** See abstractOf. */
  private readonly abstracts = new WeakMap<object, { readonly self: string | null; readonly text: string; readonly other: boolean }>();

  constructor(
    private readonly model: Model,
    /** The names of every group's members. */
    private readonly members: ReadonlySet<string>,
  ) {
    this.isMember = new Uint8Array(model.names.length);
    model.names.forEach((name, i) => (this.isMember[i] = members.has(name) ? 1 : 0));
  }

  /**
   * The colour of every member, as a string ('' for processes in no group): its local state
   * (`fixed[i]`, its encoding, when it names no member), crash flag and submit counter, the
   * messages in flight between it and each process in no group, and (as multisets) between it
   * and other members, and the places where processes in no group name it.
   * Sets {@link complete} when the colours say everything a permutation can move: then two
   * members of one colour are interchangeable (swapping them gives the same state), and every
   * permutation that places the members in order of colour gives the same state. That holds
   * when members name no other member (in their local states or in the messages they send or
   * are sent), no message between members or between processes in no group is in flight
   * that names one, no shared mailbox other than a FIFO one holds a member's message, no link
   * is cut, and the processes in no group name members only as values (their places are in
   * the colours), not as object keys.
   */
  of(s: GlobalState, fixed: readonly (FixedLocal | null)[]): string[] {
    const m = this.model;
    const n = s.locals.length;
    const names = this.members;
    const isMember = this.isMember;
    const flags = { other: false };
    let complete = s.cut.length === 0 && s.ghost.length === 0;
    const out: string[] = new Array<string>(n).fill('');
    // per member, what is in flight between it and each process in no group (by that process), and between it and other members (a multiset)
    const fixedTo: string[][][] = [];
    const withMembers: string[][] = [];
    for (let i = 0; i < n; i++) {
      fixedTo.push([]);
      withMembers.push([]);
    }
    // where the processes in no group name each member (a server's holder, the places in its
    // waiting list, the places of a member's messages in a shared mailbox): a permutation
    // renames the name, not the place
    const named = new Map<string, string[]>();
    const layout = m.network;
    for (let q = 0; q < s.queues.length; q++) {
      const entries = s.queues[q];
      if (entries.length === 0) continue;
      const info = layout.queues[q];
      const to = info.receiver;
      const kept = info.ordering === 'unordered' || info.ordering === 'priority';
      if (info.ordering === 'priority' && entries.length > 1) complete = false; // (its order is its history's)
      // per sender: its entries in this queue, in queue order (sorted where the queue keeps its own order)
      const bySender = new Map<number, string[]>();
      for (let e = 0; e < entries.length; e++) {
        const [from, msg, tag] = entries[e];
        if (!isMember[from] && !isMember[to]) {
          if (mentionsMember(msg as unknown as Value, names) || mentionsMember(tag, names)) complete = false;
          continue;
        }
        if (isMember[from] && isMember[to]) complete = false;
        const self = m.names[isMember[from] ? from : to];
        flags.other = false;
        const text = `${this.abstractOf(msg as unknown as Value, self, flags)}/${this.abstractOf(tag, self, flags)}`;
        if (flags.other) complete = false;
        let list = bySender.get(from);
        if (!list) bySender.set(from, (list = []));
        list.push(text);
        if (info.sender < 0 && isMember[from] && !isMember[to]) {
          if (info.ordering === 'mailbox') (named.get(m.names[from]) ?? named.set(m.names[from], []).get(m.names[from])!).push(`q${q}@${e}`);
          else complete = false;
        }
      }
      if (info.sender < 0 && isMember[to]) {
        // a member's shared mailbox: the senders' turns in it (processes in no group by index)
        const turns = entries.map(([from]) => (isMember[from] ? '*' : `${from}`));
        withMembers[to].push(`mailbox ${kept ? turns.sort().join(',') : turns.join(',')}`);
      }
      for (const [from, list] of bySender) {
        if (kept) list.sort();
        const seq = list.join(';');
        if (isMember[from]) (isMember[to] ? withMembers[from] : (fixedTo[from][to] ??= [])).push(`>${seq}`);
        if (isMember[to]) (isMember[from] ? withMembers[to] : (fixedTo[to][from] ??= [])).push(`<${seq}`);
      }
    }
    for (let x = 0; x < n; x++) if (!isMember[x] && fixed[x] === null && !mentionsOf(s.locals[x], `${x}`, names, named)) complete = false;
    for (let i = 0; i < n; i++) {
      if (!isMember[i]) continue;
      const ft = fixedTo[i];
      let fixedPart = '';
      for (let x = 0; x < ft.length; x++) if (ft[x]) fixedPart += `${x}:${ft[x].join('|')} `;
      const where = named.get(m.names[i])?.sort().join(' ') ?? '';
      flags.other = false;
      // (a local state that names no member is told by its encoding)
      const own = fixed[i];
      const local = own !== null ? `\0${own.text}` : this.abstractOf(s.locals[i], m.names[i], flags);
      if (flags.other) complete = false;
      out[i] = `${local} ${s.down[i]} ${s.ids[i]} ${fixedPart}[${withMembers[i].sort().join('|')}] ${where}`;
    }
    this.complete = complete;
    return out;
  }

  /**
   * abstractKey of a message, a tag or a member's local state, remembered per object (they
   * are shared between states): for every `self` when it names no member (one message may
   * go to many members), else for the last `self` it was asked for.
   */
  private abstractOf(v: Value, self: string, flags: { other: boolean }): string {
    if (v === null || typeof v !== 'object') return abstractKey(v, this.members, self, flags);
    const known = this.abstracts.get(v);
    if (known !== undefined && (known.self === self || known.self === null)) {
      if (known.other) flags.other = true;
      return known.text;
    }
    const mine = { other: false };
    const text = abstractKey(v, this.members, self, mine);
    this.abstracts.set(v, { self: mentionsMember(v, this.members) ? self : null, text, other: mine.other });
    if (mine.other) flags.other = true;
    return text;
  }
}

/** The member a string names: the string itself, or the owner of a submit id `name#k`; null for none. */
function memberNamed(v: string, members: ReadonlySet<string>): string | null {
  if (members.has(v)) return v;
  const hash = v.indexOf('#');
  return hash > 0 && members.has(v.slice(0, hash)) ? v.slice(0, hash) : null;
}

/**
 * A text for `v` that no renaming of members changes: `self` (the member the value belongs
 * to) becomes '@', other member names '*' (submit ids `name#k`: '@#k', '*#k'), and the
 * values under member-named keys are listed as a sorted multiset; `flags.other` is set when
 * a member other than `self` is named (or a member name is a key).
 */
function abstractKey(v: Value, members: ReadonlySet<string>, self: string, flags: { other: boolean }): string {
  if (typeof v === 'string') {
    const owner = memberNamed(v, members);
    if (owner === null) return JSON.stringify(v);
    if (owner !== self) flags.other = true;
    return (owner === self ? '@' : '*') + v.slice(owner.length);
  }
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${(v as readonly Value[]).map((x) => abstractKey(x, members, self, flags)).join(',')}]`;
  const obj = v as Readonly<Record<string, Value>>;
  const own: string[] = [];
  const named: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    if (members.has(k)) {
      flags.other = true;
      named.push(abstractKey(obj[k], members, self, flags));
    } else own.push(`${JSON.stringify(k)}:${abstractKey(obj[k], members, self, flags)}`);
  }
  return `{${own.join(',')}|${named.sort().join(',')}}`;
}

/**
 * Add to `out`, under each member name `v` holds, the path (from `path`) where it holds it:
 * array indexes and keys that are not member names are kept; a submit id `name#k` adds
 * '#k'; under a member-named key (a map keyed by members), the member is given its entry,
 * with the value's text relative to it (abstractKey). Returns false when such a value names
 * another member (then the entries are not told apart).
 */
function mentionsOf(v: Value, path: string, members: ReadonlySet<string>, out: Map<string, string[]>): boolean {
  const add = (name: string, where: string): void => {
    let list = out.get(name);
    if (!list) out.set(name, (list = []));
    list.push(where);
  };
  if (typeof v === 'string') {
    const owner = memberNamed(v, members);
    if (owner !== null) add(owner, path + v.slice(owner.length));
    return true;
  }
  if (v === null || typeof v !== 'object') return true;
  let exact = true;
  if (Array.isArray(v)) {
    (v as readonly Value[]).forEach((x, i) => {
      if (!mentionsOf(x, `${path}[${i}]`, members, out)) exact = false;
    });
    return exact;
  }
  const obj = v as Readonly<Record<string, Value>>;
  for (const k of Object.keys(obj)) {
    if (members.has(k)) {
      // a map keyed by members: the member's entry, its value told relative to the member
      const flags = { other: false };
      add(k, `${path}{@}=${abstractKey(obj[k], members, k, flags)}`);
      if (flags.other) exact = false;
    } else if (!mentionsOf(obj[k], `${path}.${JSON.stringify(k)}`, members, out)) exact = false;
  }
  return exact;
}

/** Whether renaming members could change `v`: it holds a member name (or submit id `name#k`) as a string or as an object key. */
export function mentionsMember(v: Value, members: ReadonlySet<string>): boolean {
  if (typeof v === 'string') return memberNamed(v, members) !== null;
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return (v as readonly Value[]).some((x) => mentionsMember(x, members));
  const obj = v as Readonly<Record<string, Value>>;
  for (const k of Object.keys(obj)) if (members.has(k) || mentionsMember(obj[k], members)) return true;
  return false;
}

/**
 * The order of colour a representative places members in: per process, the rank of its
 * colour among the distinct colours of its group's members (-1 for a process in no group),
 * and per place the rank a member placed there must have for the members to be in order of
 * colour. Members of a group that is only rotated are all of rank 0 (a rotation cannot sort
 * them).
 */
export class ColourOrder {
  private readonly ranks: Int32Array;
  private readonly wanted: Int32Array;
  /** The groups (member indexes), with their places (the same indexes, ascending). */
  private readonly groups: readonly (readonly number[])[];
  private readonly places = new Map<readonly number[], readonly number[]>();
  private readonly rotated: ReadonlySet<readonly number[]>;
  /** Some group is only rotated. */
  readonly rotations: boolean;

  constructor(model: Model) {
    const n = model.names.length;
    this.ranks = new Int32Array(n).fill(-1);
    this.wanted = new Int32Array(n).fill(-1);
    this.groups = model.symmetry.map((g) => g.members.map((name) => model.names.indexOf(name)));
    this.rotated = new Set(this.groups.filter((_, k) => model.symmetry[k].rotation));
    this.rotations = this.rotated.size > 0;
    for (const g of this.groups) this.places.set(g, g.slice().sort((a, b) => a - b));
  }

  /** Rank the members by these colours (MemberColours.of). */
  rank(colours: readonly string[]): void {
    const rank = this.ranks;
    const want = this.wanted;
    for (const group of this.groups) {
      if (this.rotated.has(group)) {
        for (const m of group) rank[m] = want[m] = 0;
        continue;
      }
      // the members in order of colour; a member's rank counts the distinct colours before its own
      const order = group.slice().sort((a, b) => (colours[a] < colours[b] ? -1 : colours[a] > colours[b] ? 1 : 0));
      let r = 0;
      for (let m = 0; m < order.length; m++) {
        if (m > 0 && colours[order[m]] !== colours[order[m - 1]]) r++;
        rank[order[m]] = r;
      }
      // the group's places (its members' indexes, ascending) take the ranks in ascending order
      this.places.get(group)!.forEach((place, m) => (want[place] = rank[order[m]]));
    }
  }

  /** How many places, from 0 on, the permutation with inverse `inv` (the process placed at each place) fills in order of colour. */
  orderedUpTo(inv: Int32Array): number {
    const rank = this.ranks;
    const want = this.wanted;
    let j = 0;
    while (j < inv.length && rank[inv[j]] === want[j]) j++;
    return j;
  }
}

/** A local state that names no member: its encoding and that as text (written with `w`). */
export function fixedLocal(v: Value, w: Writer): FixedLocal {
  w.reset();
  w.value(v);
  const bytes = w.bytes().slice();
  return { bytes, text: charText(bytes) };
}

/** The bytes as a string of char codes 0–255, in chunks (spreading a long array as arguments overflows the stack). */
function charText(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}
