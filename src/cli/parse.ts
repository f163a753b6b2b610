import { InvalidArgumentError } from 'commander';
import { FAULT_KINDS } from '../engine/index.ts';
import type { FaultBudget, ParamValue } from '../spec/index.ts';
import { network } from '../network/index.ts';
import type { NetworkSpec } from '../network/index.ts';

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

/** `fifo`, `mailbox`, `unordered`, `sync`, optionally `:capacity` and `:block|drop|fail`, e.g. `fifo:2:drop`. */
export function parseNetwork(text: string): NetworkSpec {
  const [kind, ...rest] = text.split(':');
  let capacity: number | undefined;
  let onFull: 'block' | 'drop' | 'fail' | undefined;
  for (const r of rest) {
    if (/^\d+$/.test(r)) capacity = Number(r);
    else if (r === 'block' || r === 'drop' || r === 'fail') onFull = r;
    else throw new InvalidArgumentError(`unknown network option '${r}' in '${text}'`);
  }
  const o = { capacity, onFull };
  switch (kind) {
    case 'fifo':
      return network.fifo(o);
    case 'mailbox':
      return network.mailbox(o);
    case 'unordered':
      return network.unordered(o);
    case 'sync':
      return network.sync();
    default:
      throw new InvalidArgumentError(`unknown network '${kind}' (fifo, mailbox, unordered, sync; priority needs a function and is set in the spec)`);
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

export function parseWorkers(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a number of workers (1 or more), got '${text}'`);
  return n;
}
