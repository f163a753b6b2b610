/**
 * Naive reference checkers: each reads a whole resolved history at once (no ghost state,
 * no vector clocks — happened-before is plain reachability in the event graph) and returns
 * the first violation: the step it happens in and the message the monitor should give.
 */
import type { Message, Value } from 'mpcheck';
import type { Resolved } from './history.ts';

export type Level = 'service' | 'transport';
export type Found = { readonly step: number; readonly message: string } | null;

/** One event of the history, in time order. */
interface Node {
  readonly i: number;
  readonly step: number;
  readonly process: string;
  readonly kind: 'submit' | 'deliver' | 'recv' | 'send';
  readonly id?: string;
  readonly to?: string | null;
  readonly payload?: Value;
  /** For recv: the node that sent the message; for send/submit in channel mode: the uid sent. */
  readonly from?: number;
  readonly uid?: number | null;
}

interface Graph {
  readonly nodes: readonly Node[];
  /** past[i]: every node that happened before node i. */
  readonly past: readonly Set<number>[];
}

/**
 * The event graph. Service level: a step is [receipt?, its events…, its sends…]. Channel
 * level: a receipt is a deliver and each send a submit (numbered per sender), the receipt
 * first. Edges: program order per process, and send → receipt of every transport message.
 */
export function graphOf(history: readonly Resolved[], level: Level): Graph {
  const nodes: Node[] = [];
  const past: Set<number>[] = [];
  const lastOf = new Map<string, number>();
  const sendNode = new Map<number, number>();
  const channelId = new Map<number, string>();
  const counters = new Map<string, number>();
  const add = (n: Omit<Node, 'i'>, sentBy?: number): Node => {
    const i = nodes.length;
    const node = { ...n, i };
    nodes.push(node);
    const p = new Set<number>();
    const prev = lastOf.get(n.process);
    for (const x of [prev, sentBy]) {
      if (x === undefined) continue;
      p.add(x);
      for (const y of past[x]) p.add(y);
    }
    past.push(p);
    lastOf.set(n.process, i);
    return node;
  };
  history.forEach((h, step) => {
    if (h.kind !== 'act') return;
    if (h.received) {
      const by = sendNode.get(h.received.uid);
      if (level === 'service') add({ step, process: h.actor, kind: 'recv' }, by);
      else add({ step, process: h.actor, kind: 'deliver', id: channelId.get(h.received.uid) }, by);
    }
    if (level === 'service') {
      for (const e of h.events) {
        if (e.kind === 'submit') add({ step, process: h.actor, kind: 'submit', id: e.id, to: e.to, payload: e.payload });
        else add({ step, process: h.actor, kind: 'deliver', id: e.id, ...(e.payload !== undefined ? { payload: e.payload } : {}) });
      }
      for (const s of h.sends) {
        const n = add({ step, process: h.actor, kind: 'send', uid: s.uid });
        if (s.uid !== null) sendNode.set(s.uid, n.i);
      }
    } else {
      for (const s of h.sends) {
        if (s.outcome === 'failed-full') continue;
        const k = counters.get(s.from) ?? 0;
        counters.set(s.from, k + 1);
        const id = `${s.from}#${k}`;
        const n = add({ step, process: h.actor, kind: 'submit', id, to: s.to, payload: s.msg as unknown as Value, uid: s.uid });
        if (s.uid !== null) {
          sendNode.set(s.uid, n.i);
          channelId.set(s.uid, id);
        }
      }
    }
  });
  return { nodes, past };
}

export function parse(id: string, processes: readonly string[]): { sender: string; seq: number } | null {
  const m = /^(.*)#(0|[1-9][0-9]*)$/.exec(id);
  if (!m || !processes.includes(m[1])) return null;
  return { sender: m[1], seq: Number(m[2]) };
}

export function byId(a: string, b: string): number {
  const pa = a.slice(0, a.lastIndexOf('#'));
  const pb = b.slice(0, b.lastIndexOf('#'));
  if (pa !== pb) return pa < pb ? -1 : 1;
  return Number(a.slice(a.lastIndexOf('#') + 1)) - Number(b.slice(b.lastIndexOf('#') + 1));
}

const to = (n: Node, q: string): boolean => n.to === null || n.to === q;

export function fifoRef(g: Graph, processes: readonly string[], gaps: boolean): Found {
  const delivered = new Map<string, number[]>(); // `${q}|${p}` → positions in S of what q delivered from p
  for (const d of g.nodes) {
    if (d.kind !== 'deliver') continue;
    const parsed = parse(d.id!, processes);
    if (!parsed) continue;
    const q = d.process;
    const p = parsed.sender;
    const S = g.nodes.filter((n) => n.i < d.i && n.kind === 'submit' && n.process === p && to(n, q)).map((n) => n.id!);
    const key = `${q}|${p}`;
    const done = delivered.get(key) ?? [];
    const due = gaps ? S.slice(done.length ? done[done.length - 1] + 1 : 0) : S.slice(done.length);
    const ok = gaps ? due.includes(d.id!) : due[0] === d.id;
    if (!ok) {
      let message: string;
      if (due.length === 0) message = `${q} delivered ${d.id}, but no message from ${p} to ${q} is due (every one submitted so far was delivered${gaps ? ' or skipped' : ''})`;
      else if (gaps) message = `${q} delivered ${d.id}, but the messages from ${p} to ${q} still due, in submit order, are ${due.join(', ')}`;
      else message = `${q} delivered ${d.id}, but the next message from ${p} to ${q} in submit order is ${due[0]}`;
      return { step: d.step, message };
    }
    delivered.set(key, [...done, S.indexOf(d.id!)]);
  }
  return null;
}

export function causalRef(g: Graph): Found {
  const deliveredBetween = (q: string, id: string, from: number, until: number): boolean =>
    g.nodes.some((n) => n.kind === 'deliver' && n.process === q && n.id === id && n.i > from && n.i < until);
  for (const d of g.nodes) {
    if (d.kind !== 'deliver') continue;
    const q = d.process;
    const sb = g.nodes.find((n) => n.kind === 'submit' && n.id === d.id && n.i < d.i && to(n, q));
    if (!sb || deliveredBetween(q, d.id!, sb.i, d.i)) continue; // not pending for q
    const missing = g.nodes
      .filter((a) => a.kind === 'submit' && to(a, q) && g.past[sb.i].has(a.i) && !deliveredBetween(q, a.id!, a.i, d.i))
      .map((a) => a.id!)
      .sort(byId);
    if (missing.length) return { step: d.step, message: `${q} delivered ${d.id} before ${missing[0]}, although submit(${missing[0]}) happened before submit(${d.id})` };
  }
  return null;
}

export function totalOrderRef(g: Graph, processes: readonly string[]): Found {
  const seqs = new Map<string, string[]>();
  for (const d of g.nodes) {
    if (d.kind !== 'deliver') continue;
    const q = d.process;
    const mine = seqs.get(q) ?? [];
    if (mine.includes(d.id!)) continue;
    for (const r of processes) {
      if (r === q) continue;
      const theirs = seqs.get(r) ?? [];
      if (!theirs.includes(d.id!)) continue;
      const a = mine.find((x) => theirs.includes(x) && theirs.indexOf(x) > theirs.indexOf(d.id!));
      if (a !== undefined) return { step: d.step, message: `${q} delivered ${a} before ${d.id}, but ${r} delivered ${d.id} before ${a}` };
    }
    seqs.set(q, [...mine, d.id!]);
  }
  return null;
}

export function atMostOnceRef(g: Graph): Found {
  for (const d of g.nodes) {
    if (d.kind !== 'deliver') continue;
    if (g.nodes.some((n) => n.i < d.i && n.kind === 'deliver' && n.process === d.process && n.id === d.id)) return { step: d.step, message: `${d.process} delivered ${d.id} twice` };
  }
  return null;
}

export function integrityRef(g: Graph, level: Level): Found {
  for (const d of g.nodes) {
    if (d.kind !== 'deliver') continue;
    const q = d.process;
    const s = g.nodes.find((n) => n.kind === 'submit' && n.id === d.id && n.i < d.i);
    if (!s) return { step: d.step, message: `${q} delivered ${d.id}, which no process submitted` };
    if (!to(s, q)) return { step: d.step, message: `${q} delivered ${d.id}, which was submitted to ${s.to}` };
    if (level === 'service' && d.payload !== undefined && JSON.stringify(d.payload) !== JSON.stringify(s.payload)) {
      return { step: d.step, message: `${q} delivered ${d.id} with payload ${JSON.stringify(d.payload)}, but ${JSON.stringify(s.payload)} was submitted` };
    }
  }
  return null;
}

/** At the end of the history (a state where the run ends, every process up and at a proper end). */
export function deliveredAtEndRef(g: Graph, processes: readonly string[], endStep: number): Found {
  for (const q of processes) {
    const owed = g.nodes
      .filter((s) => s.kind === 'submit' && to(s, q) && !g.nodes.some((n) => n.kind === 'deliver' && n.process === q && n.id === s.id && n.i > s.i))
      .map((s) => s.id!)
      .sort(byId);
    if (owed.length) return { step: endStep, message: `the run ends here (no protocol step is enabled), but ${q} never delivered ${owed.join(', ')}` };
  }
  return null;
}

/** Priority over the transport: at each receipt, nothing with a higher rank was waiting for the receiver on a link that is up. */
export function priorityRef(history: readonly Resolved[], rank: (m: Message) => number): Found {
  const cut = new Set<string>();
  const link = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  for (let step = 0; step < history.length; step++) {
    const h = history[step];
    if (h.kind === 'partition') cut.add(link(h.a, h.b));
    if (h.kind === 'heal') cut.delete(link(h.a, h.b));
    if (h.kind !== 'act' || !h.received) continue;
    const r = h.received;
    const waiting = h.before.filter((m) => m.to === r.to && !cut.has(link(m.from, m.to)) && rank(m.msg) > rank(r.msg));
    if (waiting.length) {
      const top = Math.max(...waiting.map((m) => rank(m.msg)));
      const best = waiting.find((m) => rank(m.msg) === top)!;
      const show = (m: Message) => `{${Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}:${JSON.stringify(v)}`).join(',')}}`;
      return { step, message: `${r.to} received ${show(r.msg)} (priority ${rank(r.msg)}) from ${r.from} while ${show(best.msg)} (priority ${top}) from ${best.from} was waiting` };
    }
  }
  return null;
}
