import { Engine, SpecError, describeLabel, viewOf } from '../engine/index.ts';
import type { GlobalState, Model, Step, StepLabel } from '../engine/index.ts';
import type { Property } from '../properties/index.ts';
import { choiceFor, pick, stepWeight } from './bias.ts';
import type { Bias } from './bias.ts';
import type { Coverage } from './coverage.ts';

/**
 * One random walk, as fast-check generates and shrinks it: a choice per step (see
 * `pick`), and the property it must violate to count as a failure (-1: any checked one).
 */
export interface Walk {
  readonly choices: readonly number[];
  readonly target: number;
}

export interface WalkViolation {
  /** Index into model.properties. */
  readonly property: number;
  readonly message: string;
}

export interface WalkOutcome {
  /** The steps taken; with a violation, the last one leads to (or is) the violation. */
  readonly steps: readonly Step[];
  readonly violation: WalkViolation | null;
  /** Why the walk ended: a violation, the depth bound, its choices ran out, no step with weight > 0, or the search was called off. */
  readonly end: 'violation' | 'depth' | 'choices' | 'stuck' | 'aborted';
}

/** A reachability property (`sometimes`) seen true at the end of these steps. */
export interface Witness {
  readonly property: number;
  readonly steps: readonly Step[];
  readonly message: string;
}

export interface WalkerOptions {
  /** Steps per walk at most. */
  readonly depth: number;
  /** Indexes of the properties checked (default: all). */
  readonly properties?: readonly number[];
  readonly coverage?: Coverage;
  /** Polled during walks; true makes the walk end at once with no violation. */
  readonly abort?: () => boolean;
  /** Called the first time each reachability property is seen true. */
  readonly onWitness?: (w: Witness) => void;
}

/** Runs walks over a model's enabled steps, checking safety properties on every state and step. */
export class Walker {
  readonly engine: Engine;
  private readonly checked: ReadonlySet<number>;
  private readonly invariants: readonly number[];
  private readonly deadlock: number;
  private readonly witnessed = new Set<number>();
  private readonly cache = new WeakMap<Walk, WalkOutcome>();

  constructor(
    readonly model: Model,
    readonly bias: Bias,
    readonly opts: WalkerOptions,
  ) {
    this.engine = new Engine(model);
    const props = model.properties;
    this.checked = new Set(opts.properties ?? props.map((_, i) => i));
    this.invariants = [...this.checked].filter((i) => props[i].kind === 'invariant' || props[i].kind === 'reachability');
    this.deadlock = props.findIndex((p, i) => p.kind === 'deadlock' && this.checked.has(i));
  }

  /** Run a walk (outcomes are remembered per walk object, so the shrinker can look at the last failure). */
  run(walk: Walk): WalkOutcome {
    const hit = this.cache.get(walk);
    if (hit) return hit;
    const out = this.execute(walk);
    this.cache.set(walk, out);
    return out;
  }

  private execute(walk: Walk): WalkOutcome {
    const { model, engine, opts } = this;
    const counts = (p: number): boolean => (walk.target < 0 ? this.checked.has(p) : p === walk.target);
    const cov = opts.coverage;
    const steps: Step[] = [];
    const done = (end: WalkOutcome['end'], violation: WalkViolation | null = null): WalkOutcome => {
      if (cov) cov.runs++;
      return { steps, violation, end };
    };
    let s: GlobalState = engine.initial();
    cov?.visit(s, 0);
    for (let d = 0; ; d++) {
      const bad = this.checkState(s, steps, counts);
      if (bad) return done('violation', bad);
      if (d >= opts.depth) return done('depth');
      if (opts.abort && (d & 31) === 0 && opts.abort()) return done('aborted');
      let succ: ReturnType<Engine['successors']>;
      try {
        succ = engine.successors(s);
      } catch (e) {
        throw withPath(e, model, steps);
      }
      if (this.deadlock >= 0 && counts(this.deadlock) && succ.protocolSteps === 0 && !engine.isProperEnd(s)) {
        return done('violation', { property: this.deadlock, message: 'no protocol step is enabled and not every process is at a proper end' });
      }
      if (d >= walk.choices.length) return done('choices');
      const k = pick(walk.choices[d], succ.steps.map((st) => stepWeight(this.bias, model, st)));
      if (k < 0) return done('stuck');
      const step = succ.steps[k];
      steps.push(step);
      if (cov) cov.steps++;
      for (const v of step.violations) if (counts(v.property)) return done('violation', { property: v.property, message: v.message });
      s = engine.canonical(step.next);
      cov?.visit(s, d + 1);
    }
  }

  /** Invariants (a violation) and reachability targets (a witness) on one state. */
  private checkState(s: GlobalState, steps: readonly Step[], counts: (p: number) => boolean): WalkViolation | null {
    if (this.invariants.length === 0) return null;
    const props = this.model.properties;
    const view = viewOf(this.model, s);
    for (const i of this.invariants) {
      const p = props[i];
      if (p.kind === 'reachability' && this.witnessed.has(i)) continue;
      let ok: boolean;
      try {
        ok = callPredicate(p, view);
      } catch (e) {
        throw withPath(e, this.model, steps);
      }
      if (p.kind === 'invariant' && !ok && counts(i)) return { property: i, message: `invariant '${p.name}' is false in this state` };
      if (p.kind === 'reachability' && ok) {
        this.witnessed.add(i);
        this.opts.onWitness?.({ property: i, steps: steps.slice(), message: `'${p.name}' is true in this state` });
      }
    }
    return null;
  }

  /**
   * The walk that takes these steps, as far as they stay enabled: each label is looked up
   * among the enabled steps (exactly, else ignoring queue positions, which shift when an
   * earlier step is removed); a label that is not enabled (or has weight 0) is skipped.
   * This is how the shrinker removes steps without making the rest meaningless.
   *
   * `extend` more steps may follow the labels, each the first enabled protocol step (no
   * fault): this lets the shrinker replace a fault by what happens without it (a lost
   * message is delivered instead).
   */
  rebuild(labels: readonly StepLabel[], target: number, extend = 0): Walk {
    const { engine, model } = this;
    let s = engine.initial();
    const choices: number[] = [];
    const take = (steps: readonly Step[], k: number): boolean => {
      const c = choiceFor(
        k,
        steps.map((st) => stepWeight(this.bias, model, st)),
      );
      if (c < 0) return false;
      choices.push(c);
      s = engine.canonical(steps[k].next);
      return true;
    };
    for (const l of labels) {
      if (choices.length >= this.opts.depth) break;
      const { steps } = engine.successors(s);
      const k = findLabel(steps, l);
      if (k >= 0) take(steps, k);
    }
    for (let i = 0; i < extend && choices.length < this.opts.depth; i++) {
      const { steps } = engine.successors(s);
      const k = steps.findIndex((st) => !st.fault && stepWeight(this.bias, model, st) > 0);
      if (k < 0 || !take(steps, k)) break;
    }
    return { choices, target };
  }
}

const exactKey = (l: StepLabel): string => JSON.stringify(l);
const looseKey = (l: StepLabel): string => JSON.stringify(l, (k, v: unknown) => (k === 'index' || k === 'queue' ? undefined : v));

function findLabel(steps: readonly Step[], l: StepLabel): number {
  const exact = exactKey(l);
  const k = steps.findIndex((st) => exactKey(st.label) === exact);
  if (k >= 0) return k;
  const loose = looseKey(l);
  return steps.findIndex((st) => looseKey(st.label) === loose);
}

function callPredicate(p: Property, view: ReturnType<typeof viewOf>): boolean {
  let r: unknown;
  try {
    r = p.predicate!(view);
  } catch (e) {
    throw new SpecError(`threw: ${e instanceof Error ? e.message : String(e)}`, { handler: `property ${p.name}` });
  }
  if (typeof r !== 'boolean') throw new SpecError(`returned ${String(r)} where a boolean was expected`, { handler: `property ${p.name}` });
  return r;
}

/** Attach the file and the steps that led to a spec error. */
function withPath(e: unknown, model: Model, steps: readonly Step[]): unknown {
  if (!(e instanceof SpecError)) return e;
  e.file ??= model.file;
  e.trace ??= steps.map((st) => describeLabel(st.label));
  return e;
}
