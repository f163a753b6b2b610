import { check, simulate } from '../check/index.ts';
import type { CheckOptions, CheckResult, PropertyResult, SimulateOptions, SimulationPropertyResult, SimulationResult } from '../check/index.ts';
import type { Protocol } from '../spec/index.ts';
import { renderTrace } from '../trace/index.ts';
import type { Trace } from '../trace/index.ts';

/** Options of one expectation: the model overrides and search limits of `check`, or a simulation. */
export interface ExpectOptions extends Pick<CheckOptions, 'params' | 'faults' | 'network' | 'maxStates' | 'maxDepth' | 'timeoutMs' | 'strategy'> {
  /**
   * Random simulation instead of exhaustive search (for spaces too large to exhaust). It can
   * only fail a `toSatisfy` (with a shrunk counterexample), never prove it: passing means
   * "no violation found in N runs". Give a fixed `seed` to keep the test deterministic.
   */
  readonly simulate?: Pick<SimulateOptions, 'runs' | 'depth' | 'seed' | 'runsPerSeed' | 'uniform'>;
}

/** A failed protocol expectation; `trace` is the counterexample when there is one. */
export class ProtocolAssertionError extends Error {
  constructor(
    message: string,
    readonly trace?: Trace,
  ) {
    super(message);
    this.name = 'ProtocolAssertionError';
  }
}

export interface ProtocolExpectation {
  /** Resolves when `property` holds (exhaustive search; with `simulate`, when no walk violates it); rejects with the counterexample chart otherwise. */
  toSatisfy(property: string, opts?: ExpectOptions): Promise<CheckResult | SimulationResult>;
  /** Resolves with the counterexample when `property` is violated; rejects when it holds or is undecided. */
  toViolate(property: string, opts?: ExpectOptions): Promise<Trace>;
}

/** Expectations about a protocol's guarantees; `base` options apply to every expectation. */
export function expectProtocol(protocol: Protocol, base: ExpectOptions = {}): ProtocolExpectation {
  const name = protocol.name;
  return {
    async toSatisfy(property, opts = {}) {
      const o = { ...base, ...opts };
      const what = `expected ${name} to satisfy '${property}'${under(o)}`;
      if (o.simulate) {
        const [r, p] = simulated(protocol, o, property);
        if (p.verdict === 'violated' && p.trace) throw new ProtocolAssertionError(`${what}, but a random walk violates it.\n\n${renderTrace(p.trace)}`, p.trace);
        if (p.kind === 'reachability' && p.verdict !== 'holds') throw new ProtocolAssertionError(`${what}, but ${p.detail}`);
        return r;
      }
      const [r, p] = checked(protocol, o, property);
      if (p.verdict === 'holds') return r;
      if (p.verdict === 'violated' && p.trace) throw new ProtocolAssertionError(`${what}, but it is violated.\n\n${renderTrace(p.trace)}`, p.trace);
      throw new ProtocolAssertionError(`${what}, but it is ${p.verdict}: ${p.detail}`);
    },
    async toViolate(property, opts = {}) {
      const o = { ...base, ...opts };
      const what = `expected ${name} to violate '${property}'${under(o)}`;
      if (o.simulate) {
        const [, p] = simulated(protocol, o, property);
        if (p.verdict === 'violated' && p.trace) return p.trace;
        throw new ProtocolAssertionError(`${what}, but ${p.detail}`);
      }
      const [, p] = checked(protocol, o, property);
      if (p.verdict === 'violated' && p.trace) return p.trace;
      throw new ProtocolAssertionError(`${what}, but it ${p.verdict === 'holds' ? 'holds' : `is ${p.verdict}`}: ${p.detail}`);
    },
  };
}

/** Exhaustive search for `property` alone: the result, and the property's verdict in it. */
function checked(protocol: Protocol, o: ExpectOptions, property: string): [CheckResult, PropertyResult] {
  const r = check(protocol, { ...o, only: [property] });
  return [r, r.properties[0]];
}

/** Random walks judged on `property` alone: the result, and the property's verdict in it. */
function simulated(protocol: Protocol, o: ExpectOptions, property: string): [SimulationResult, SimulationPropertyResult] {
  const r = simulate(protocol, { ...o, ...o.simulate, properties: [property] });
  return [r, r.properties.find((x) => x.name === property)!];
}

function under(o: ExpectOptions): string {
  const parts: string[] = [];
  if (o.params && Object.keys(o.params).length) parts.push(`params ${Object.entries(o.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  if (o.faults) parts.push(`faults ${Object.entries(o.faults).map(([k, v]) => `${k}=${v === Infinity ? 'inf' : String(v)}`).join(',')}`);
  return parts.length ? ` under ${parts.join(', ')}` : '';
}
