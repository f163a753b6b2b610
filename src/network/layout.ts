import type { ChannelFaults, ChannelSpec, NetworkSpec, OnFull, Ordering } from './channel.ts';
import { isChannelSpec, network } from './channel.ts';
import type { Message } from '../spec/index.ts';

/** One buffer in the network state: a per-pair channel or a per-receiver mailbox. */
export interface QueueInfo {
  readonly id: number;
  readonly ordering: Exclude<Ordering, 'sync'>;
  readonly capacity: number;
  readonly onFull: OnFull;
  readonly priority?: (msg: Message) => number;
  readonly faults: ChannelFaults;
  readonly receiver: number;
  /** The only sender for a per-pair channel; -1 for a mailbox shared by several senders. */
  readonly sender: number;
}

/** Two channel specs give a buffer the same semantics. */
function sameChannel(a: ChannelSpec, b: ChannelSpec): boolean {
  return (
    a === b ||
    (a.ordering === b.ordering &&
      a.capacity === b.capacity &&
      a.onFull === b.onFull &&
      a.priority === b.priority &&
      a.faults.lose === b.faults.lose &&
      a.faults.duplicate === b.faults.duplicate &&
      a.faults.reorder === b.faults.reorder)
  );
}

/**
 * Resolves the network spec against the process names: which buffer each sender→receiver
 * pair writes into, and which buffers each receiver reads.
 */
export class NetworkLayout {
  readonly queues: QueueInfo[] = [];
  /** For receiver r, the ids of the queues it reads, in a fixed order. */
  readonly inputs: number[][];
  private readonly pairQueue: Int32Array;
  private readonly pairSpec: ChannelSpec[];

  /** Pairs allowed by the declared topology (all pairs when none is declared). */
  private readonly linked: Uint8Array;

  constructor(
    readonly names: readonly string[],
    spec: NetworkSpec = network.fifo(),
    topology?: readonly string[],
  ) {
    const n = names.length;
    this.pairQueue = new Int32Array(n * n).fill(-1);
    this.pairSpec = new Array<ChannelSpec>(n * n);
    this.inputs = names.map(() => []);
    const overrides = isChannelSpec(spec) ? new Map<string, ChannelSpec>() : linkOverrides(spec, names);
    const fallback = isChannelSpec(spec) ? spec : spec.default;
    this.linked = topology ? linksOf(topology, names) : new Uint8Array(n * n).fill(1);
    const mailboxOf = new Int32Array(n).fill(-1);
    /** The first sender whose link created receiver r's shared mailbox (its spec is the mailbox's). */
    const mailboxFrom = new Int32Array(n).fill(-1);
    for (let to = 0; to < n; to++) {
      for (let from = 0; from < n; from++) {
        if (!this.linked[from * n + to]) continue;
        const c =
          overrides.get(`${names[from]}->${names[to]}`) ??
          overrides.get(`${names[from]}->*`) ??
          overrides.get(`*->${names[to]}`) ??
          fallback;
        this.pairSpec[from * n + to] = c;
        if (c.ordering === 'sync') continue;
        const shared = c.ordering === 'mailbox' || c.ordering === 'priority';
        if (shared && mailboxOf[to] >= 0) {
          const first = mailboxFrom[to];
          if (!sameChannel(c, this.pairSpec[first * n + to])) {
            throw new Error(
              `links ${names[first]}->${names[to]} and ${names[from]}->${names[to]} share ${names[to]}'s mailbox but give it different semantics (ordering, capacity, onFull, priority function and fault opt-outs must agree)`,
            );
          }
          this.pairQueue[from * n + to] = mailboxOf[to];
          continue;
        }
        const id = this.queues.length;
        this.queues.push({
          id,
          ordering: c.ordering,
          capacity: c.capacity,
          onFull: c.onFull,
          priority: c.priority,
          faults: c.faults,
          receiver: to,
          sender: shared ? -1 : from,
        });
        this.inputs[to].push(id);
        this.pairQueue[from * n + to] = id;
        if (shared) {
          mailboxOf[to] = id;
          mailboxFrom[to] = from;
        }
      }
    }
  }

  /** True when the topology has a link from `from` to `to` (always, without a topology). */
  hasLink(from: number, to: number): boolean {
    return this.linked[from * this.names.length + to] === 1;
  }

  /** The queue a send from `from` to `to` goes into, or -1 for a synchronous channel (or no link). */
  queueOf(from: number, to: number): number {
    return this.pairQueue[from * this.names.length + to];
  }

  channel(from: number, to: number): ChannelSpec {
    return this.pairSpec[from * this.names.length + to];
  }
}

function linksOf(topology: readonly string[], names: readonly string[]): Uint8Array {
  const n = names.length;
  const out = new Uint8Array(n * n);
  for (const link of topology) {
    const m = /^\s*(\S+?)\s*->\s*(\S+)\s*$/.exec(link);
    if (!m) throw new Error(`topology link '${link}' is not of the form 'from->to'`);
    const ends = [m[1], m[2]].map((x) => {
      if (x === '*') return -1;
      const i = names.indexOf(x);
      if (i < 0) throw new Error(`topology link '${link}' names unknown process '${x}' (processes: ${names.join(', ')})`);
      return i;
    });
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if ((ends[0] < 0 || ends[0] === a) && (ends[1] < 0 || ends[1] === b)) out[a * n + b] = 1;
  }
  return out;
}

function linkOverrides(spec: { readonly default: ChannelSpec; readonly [link: string]: ChannelSpec }, names: readonly string[]): Map<string, ChannelSpec> {
  const known = new Set(names);
  const out = new Map<string, ChannelSpec>();
  for (const [key, c] of Object.entries(spec)) {
    if (key === 'default') continue;
    const m = /^\s*([^\s>-][^>]*?)\s*->\s*([^\s]+)\s*$/.exec(key);
    if (!m) throw new Error(`network override '${key}' is not of the form 'from->to'`);
    const [, a, b] = m;
    for (const p of [a, b]) {
      if (p !== '*' && !known.has(p)) throw new Error(`network override '${key}' names unknown process '${p}' (processes: ${names.join(', ')})`);
    }
    out.set(`${a}->${b}`, c);
  }
  return out;
}
