import { compile } from '../engine/index.ts';
import type { ModelOptions } from '../engine/index.ts';
import type { FairnessSpec } from '../properties/index.ts';
import type { Protocol } from '../spec/index.ts';
import { checkWithLiveness } from './combine.ts';
import { measureGhost } from './ghost.ts';
import type { CheckResult } from './result.ts';
import { safetySearch } from './safety.ts';
import type { SearchOptions } from './search.ts';

export interface CheckOptions extends ModelOptions, SearchOptions {
  /** How the network was overridden, in words (recorded in traces): the CLI's `--network` option, or the list of them. */
  readonly networkName?: string | readonly string[];
  /** Fairness for the liveness properties; replaces the spec's `fairness`. */
  readonly fairness?: FairnessSpec;
  /** Also search without the monitors and report both state counts in `result.ghost`. */
  readonly measureGhost?: boolean;
}

/** Compile a protocol with the given overrides and search its state space. */
export function check(protocol: Protocol, opts: CheckOptions = {}): CheckResult {
  const model = compile(protocol, opts);
  const full = {
    ...opts,
    overrides: opts.overrides ?? {
      params: model.params,
      ...(opts.faults ? { faults: Object.fromEntries(Object.entries(opts.faults).map(([k, v]) => [k, v === Infinity ? 'inf' : (v as number)])) } : {}),
      ...(opts.networkName ? { network: opts.networkName } : {}),
      ...(opts.only ? { only: [...opts.only] } : {}),
    },
  };
  let result: CheckResult;
  if (model.properties.some((p) => p.kind === 'liveness')) {
    const f = protocol.spec.fairness;
    result = checkWithLiveness(model, { ...full, fairness: opts.fairness ?? (typeof f === 'function' ? f(model.params) : f) ?? {} });
  } else result = safetySearch(model, full);
  return opts.measureGhost ? { ...result, ghost: measureGhost(protocol, opts, model, result) } : result;
}
