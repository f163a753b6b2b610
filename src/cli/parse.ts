import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { FAULT_KINDS } from '../engine/index.ts';
import type { FaultBudget, ParamValue } from '../spec/index.ts';
import type { FairnessSpec } from '../properties/index.ts';
import { network } from '../network/index.ts';
import type { ChannelSpec, OnFull } from '../network/index.ts';

/** `k=v`: numbers and booleans are typed, anything else stays a string. */
export function parseParam(text: string, acc: Record<string, ParamValue> = {}): Record<string, ParamValue> {
  const m = /^([A-Za-z_][\w-]*)=(.*)$/.exec(text);
  if (!m) throw new InvalidArgumentError(`expected name=value, got '${text}'`);
  const [, k, raw] = m;
  const v: ParamValue = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  return { ...acc, [k]: v };
}

/** `lose=1,duplicate=1,crash=1` */
export function parseFaults(text: string): FaultBudget {
  const out: Record<string, number> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const m = /^(\w+)=(\d+|inf)$/.exec(part.trim());
    if (!m) throw new InvalidArgumentError(`expected kind=count (a number or inf), got '${part}'`);
    if (!(FAULT_KINDS as readonly string[]).includes(m[1])) throw new InvalidArgumentError(`unknown fault '${m[1]}' (faults: ${FAULT_KINDS.join(', ')})`);
    out[m[1]] = m[2] === 'inf' ? Infinity : Number(m[2]);
  }
  return out;
}

/** One `--network` option: the channel for every link (`link: 'default'`) or for the links one key names. */
export interface NetworkOption {
  /** `default`, `a->b`, `a->*` or `*->b`. */
  readonly link: string;
  readonly channel: ChannelSpec;
}

const LINK = /^(default|[^\s=>]+->[^\s=>]+)=(.*)$/;

/**
 * `[LINK=]KIND[:capacity][:block|drop|fail][:no-lose|:no-duplicate|:no-reorder]`, e.g. `fifo:2:drop`,
 * `client->server=unordered:2`, `default=mailbox`. Without `LINK=` the option sets the default.
 */
export function parseNetworkOption(text: string): NetworkOption {
  const m = LINK.exec(text.trim());
  return m ? { link: m[1], channel: parseChannel(m[2], text) } : { link: 'default', channel: parseChannel(text.trim(), text) };
}

/** Repeatable `--network`: collect the options, refusing a link given twice. */
export function collectNetwork(text: string, acc: readonly string[] = []): string[] {
  const { link } = parseNetworkOption(text);
  if (acc.some((t) => parseNetworkOption(t).link === link)) throw new InvalidArgumentError(`network link '${link}' is given twice`);
  return [...acc, text];
}

function parseChannel(text: string, whole: string): ChannelSpec {
  const [kind, ...rest] = text.split(':');
  let capacity: number | undefined;
  let onFull: OnFull | undefined;
  const faults: { lose?: boolean; duplicate?: boolean; reorder?: boolean } = {};
  for (const r of rest) {
    if (/^\d+$/.test(r) && Number(r) >= 1) capacity = Number(r);
    else if (r === 'block' || r === 'drop' || r === 'fail') onFull = r;
    else if (r === 'no-lose' || r === 'no-duplicate' || r === 'no-reorder') faults[r.slice(3) as 'lose' | 'duplicate' | 'reorder'] = false;
    else throw new InvalidArgumentError(`unknown network option '${r}' in '${whole}' (a capacity of at least 1, block, drop, fail, no-lose, no-duplicate, no-reorder)`);
  }
  const o = { capacity, onFull, ...faults };
  switch (kind) {
    case 'fifo':
      return network.fifo(o);
    case 'mailbox':
      return network.mailbox(o);
    case 'unordered':
      return network.unordered(o);
    case 'sync':
      if (rest.length) throw new InvalidArgumentError(`a synchronous channel takes no options, got '${whole}'`);
      return network.sync();
    default:
      throw new InvalidArgumentError(`unknown network '${kind}' in '${whole}' (fifo, mailbox, unordered, sync; priority needs a function and is set in the spec)`);
  }
}

export function parsePositiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got '${text}'`);
  return n;
}

export function parseSeconds(text: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new InvalidArgumentError(`expected a positive number of seconds, got '${text}'`);
  return n;
}

/**
 * `strong=deliver:a->b,weak=process:*` (repeatable; items accumulate) or `none`. Replaces
 * the spec's fairness. Group syntax: process:P, action:P.A, deliver:A->B, restart:P, * for each.
 */
export function parseFairness(text: string, acc: FairnessSpec = {}): FairnessSpec {
  if (text.trim() === 'none') return { weak: [...(acc.weak ?? [])], strong: [...(acc.strong ?? [])] };
  const weak = [...(acc.weak ?? [])];
  const strong = [...(acc.strong ?? [])];
  for (const part of text.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^(weak|strong)=(.+)$/.exec(part);
    if (!m) throw new InvalidArgumentError(`expected weak=GROUP or strong=GROUP (GROUP: process:P, action:P.A, deliver:A->B, restart:P; * for each), or none; got '${part}'`);
    (m[1] === 'weak' ? weak : strong).push(m[2]);
  }
  return { weak, strong };
}

/** `A..B` (inclusive), e.g. `--seed-range 1000..1999`. */
export function parseSeedRange(text: string): [number, number] {
  const m = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`expected A..B, got '${text}'`);
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (b < a) throw new InvalidArgumentError(`empty seed range ${text}`);
  if (b > 2 ** 31 - 1) throw new InvalidArgumentError(`seeds go up to ${2 ** 31 - 1}`);
  return [a, b];
}

export function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${text}'`);
  return n;
}

/** `--workers`: a positive integer, or `auto` for as many as the machine has CPUs for this process (os.availableParallelism). */
export function parseWorkers(text: string): number {
  if (text === 'auto') return availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a number of workers (1 or more) or 'auto', got '${text}'`);
  return n;
}
