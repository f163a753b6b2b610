import { NetworkLayout } from '../network/index.ts';
import { assertions, props } from '../properties/index.ts';
import type { Property } from '../properties/index.ts';
import type { ActionDef, FaultBudget, GuardedHandler, Handler, Message, ParamValue, Params, ProcessDef, Protocol, TimeoutMode, Value } from '../spec/index.ts';
import type { NetworkSpec } from '../network/index.ts';
import { EncodeError, assertEncodable } from './codec.ts';
import { SpecError } from './errors.ts';
import { processGroups } from './symmetry-groups.ts';
import type { ProcessGroup } from './symmetry-groups.ts';

type AnyCtx = Parameters<ActionDef<unknown, Message, string>['then']>[1];
type AnyGuardCtx = Parameters<NonNullable<ActionDef<unknown, Message, string>['when']>>[1];

export interface CompiledAction {
  readonly name: string;
  /** 'action <name>', as errors and assertion messages name it. */
  readonly describe: string;
  readonly when: ((s: unknown, ctx: AnyGuardCtx) => boolean) | undefined;
  readonly then: (s: unknown, ctx: AnyCtx) => unknown;
  readonly timeout: TimeoutMode | null;
}

export interface CompiledHandler {
  readonly type: string;
  /** 'receive <type>', as errors and assertion messages name it. */
  readonly describe: string;
  readonly when: ((s: unknown, m: Message, ctx: AnyGuardCtx) => boolean) | undefined;
  readonly then: (s: unknown, m: Message, ctx: AnyCtx) => unknown;
}

export interface CompiledProcess {
  readonly name: string;
  readonly index: number;
  readonly init: Value;
  readonly actions: readonly CompiledAction[];
  readonly handlers: ReadonlyMap<string, CompiledHandler>;
  readonly end: ((s: unknown) => boolean) | undefined;
  readonly persistent: readonly string[] | undefined;
  readonly recover: ((persisted: unknown, init: unknown) => unknown) | undefined;
}

export const FAULT_KINDS = ['lose', 'duplicate', 'reorder', 'crash', 'partition'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The index of each fault kind in FAULT_KINDS, budgets and fault counts (the engine's hot paths use these). */
export const F_LOSE = 0;
export const F_DUP = 1;
export const F_REORDER = 2;
export const F_CRASH = 3;
export const F_PARTITION = 4;

/** Everything the engine needs, resolved from a protocol and the chosen overrides. */
export interface Model {
  readonly name: string;
  readonly file: string | undefined;
  readonly params: Readonly<Params>;
  readonly names: readonly string[];
  readonly procs: readonly CompiledProcess[];
  readonly network: NetworkLayout;
  /** Budget per fault kind, in FAULT_KINDS order. */
  readonly budget: readonly number[];
  readonly crashMailbox: 'keep' | 'drop';
  readonly properties: readonly Property[];
  readonly monitors: readonly { readonly property: number; readonly init: Value }[];
  /** Partial-order reduction asked for (the engine applies it only where it is sound). */
  readonly por: boolean;
  /** The step memo is on (see step-memo.ts). */
  readonly memo: boolean;
  /** Groups of interchangeable processes (empty: no symmetry reduction). */
  readonly symmetry: readonly ProcessGroup[];
}

/** Overrides applied without editing the spec: CLI flags and API options. */
export interface ModelOptions {
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly network?: NetworkSpec;
  readonly faults?: FaultBudget;
  readonly file?: string;
  /** Check only these properties (by name); the others add no monitor state. */
  readonly only?: readonly string[];
  /** Partial-order reduction where it is sound (default on; see Engine.expand). */
  readonly por?: boolean;
  /** Symmetry reduction over the spec's declared groups (default on). */
  readonly symmetry?: boolean;
  /** Replay recorded guards and step bodies instead of running them again, and cache each process's steps as vector changes (default on; see step-memo.ts, step-deltas.ts). */
  readonly memo?: boolean;
}

export function compile(protocol: Protocol, opts: ModelOptions = {}): Model {
  const spec = protocol.spec;
  const file = opts.file;
  const fail = (detail: string, where: { process?: string; handler?: string } = {}): never => {
    const e = new SpecError(detail, where);
    e.file = file;
    throw e;
  };
  const defaults: Params = { ...(spec.params ?? {}) };
  for (const [k, v] of Object.entries(opts.params ?? {})) {
    if (!(k in defaults)) fail(`unknown parameter '${k}' (parameters: ${Object.keys(defaults).join(', ') || 'none'})`);
    const d = defaults[k];
    if (typeof d !== typeof v) fail(`parameter '${k}' must be a ${typeof d}, got ${JSON.stringify(v)}`);
    defaults[k] = v;
  }
  const params = Object.freeze(defaults);
  let procMap: Readonly<Record<string, { def: ProcessDef<unknown, Message, string> }>>;
  try {
    procMap = spec.processes(params);
  } catch (e) {
    return fail(`processes(params) threw: ${(e as Error).message}`);
  }
  const names = Object.keys(procMap);
  if (names.length === 0) fail('the protocol declares no processes');
  const procs = names.map((name, index) => compileProcess(name, index, procMap[name]?.def, spec.timeouts ?? 'quiescent', fail));
  let network: NetworkLayout;
  try {
    network = new NetworkLayout(
      names,
      opts.network ?? (typeof spec.network === 'function' ? spec.network(params) : spec.network),
      typeof spec.topology === 'function' ? spec.topology(params) : spec.topology,
    );
  } catch (e) {
    return fail((e as Error).message);
  }
  const faults: FaultBudget = { ...(spec.faults ?? {}), ...(opts.faults ?? {}) };
  const budget = FAULT_KINDS.map((k) => {
    const b = faults[k] ?? 0;
    if (!(b === Infinity || (Number.isInteger(b) && b >= 0))) fail(`fault budget '${k}' must be a non-negative integer or Infinity, got ${b}`);
    return b;
  });
  const declared = typeof spec.properties === 'function' ? spec.properties(params, props) : (spec.properties ?? []);
  const all: Property[] = [...(declared as readonly Property[]), assertions()];
  const seen = new Set<string>();
  for (const p of all) {
    if (seen.has(p.name)) fail(`two properties are named '${p.name}'`);
    seen.add(p.name);
  }
  for (const name of opts.only ?? []) {
    if (!seen.has(name)) fail(`unknown property '${name}' (properties: ${[...seen].join(', ')})`);
  }
  const properties = opts.only ? all.filter((p) => opts.only!.includes(p.name)) : all;
  const monitors = properties.flatMap((p, i) => (p.monitor ? [{ property: i, init: p.monitor.init }] : []));
  const groups = processGroups(opts.symmetry === false ? [] : typeof spec.symmetry === 'function' ? spec.symmetry(params) : (spec.symmetry ?? []), procs, network, fail);
  return { name: spec.name, file, params, names, procs, network, budget, crashMailbox: spec.crashMailbox ?? 'keep', properties, monitors, por: opts.por ?? true, memo: opts.memo ?? true, symmetry: groups };
}

function compileProcess(
  name: string,
  index: number,
  def: ProcessDef<unknown, Message, string> | undefined,
  defaultTimeout: TimeoutMode,
  fail: (d: string, w?: { process?: string; handler?: string }) => never,
): CompiledProcess {
  if (!def || typeof def !== 'object') return fail('is not a process definition (wrap it in process({...}))', { process: name });
  try {
    assertEncodable(def.init, 'init');
  } catch (e) {
    if (e instanceof EncodeError) return fail(`initial state cannot be encoded: ${e.message}`, { process: name, handler: 'init' });
    throw e;
  }
  const actions: CompiledAction[] = Object.entries(def.actions ?? {}).map(([aname, a]) => {
    if (typeof a?.then !== 'function') fail(`action '${aname}' has no then function`, { process: name, handler: aname });
    const t = a.timeout;
    return { name: aname, describe: `action ${aname}`, when: a.when, then: a.then, timeout: t === true ? defaultTimeout : t === false || t === undefined ? null : t };
  });
  const handlers = new Map<string, CompiledHandler>();
  for (const [type, h] of Object.entries(def.receive ?? {}) as [string, Handler<unknown, Message, Message, string> | GuardedHandler<unknown, Message, Message, string> | undefined][]) {
    if (!h) continue;
    if (typeof h === 'function') handlers.set(type, { type, describe: `receive ${type}`, when: undefined, then: h });
    else if (typeof h.then === 'function') handlers.set(type, { type, describe: `receive ${type}`, when: h.when, then: h.then });
    else fail(`receive handler '${type}' must be a function or { when, then }`, { process: name, handler: `receive ${type}` });
  }
  const persistent = def.persistent as readonly string[] | undefined;
  return {
    name,
    index,
    init: def.init as Value,
    actions,
    handlers,
    end: def.end,
    persistent,
    recover: def.recover as ((p: unknown, i: unknown) => unknown) | undefined,
  };
}

