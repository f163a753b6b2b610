import { compile } from '../engine/index.ts';
import type { ModelOptions } from '../engine/index.ts';
import type { Protocol } from '../spec/index.ts';
import { measureGhost } from './ghost.ts';
import type { CheckResult } from './result.ts';
import { search } from './search.ts';
import type { SearchOptions } from './search.ts';

export interface CheckOptions extends ModelOptions, SearchOptions {
  /** How the network was overridden, in words (recorded in traces). */
  readonly networkName?: string;
  /** Also search without the monitors and report both state counts in `result.ghost`. */
  readonly measureGhost?: boolean;
}

/** Compile a protocol with the given overrides and search its state space. */
export function check(protocol: Protocol, opts: CheckOptions = {}): CheckResult {
  const model = compile(protocol, opts);
  const result = search(model, {
    ...opts,
    overrides: opts.overrides ?? {
      params: model.params,
      ...(opts.faults ? { faults: Object.fromEntries(Object.entries(opts.faults).map(([k, v]) => [k, v === Infinity ? 'inf' : (v as number)])) } : {}),
      ...(opts.networkName ? { network: opts.networkName } : {}),
    },
  });
  return opts.measureGhost ? { ...result, ghost: measureGhost(protocol, opts, model, result) } : result;
}
