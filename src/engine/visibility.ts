import { compareValues } from '../network/index.ts';
import { predicateReads } from '../properties/index.ts';
import type { Notices, PredicateReads } from '../properties/index.ts';
import type { Value } from '../spec/index.ts';
import type { Model } from './model.ts';
import { VIOLATED } from './monitor-step.ts';
import { UNSAFE, noticedBits, stepVisibility } from './unsafe.ts';

/**
 * What the checked properties see of a step, for partial-order reduction (the condition that
 * an ample set smaller than all enabled steps holds only invisible steps):
 * - a state predicate (`always`, `sometimes`) sees a step that changes a field of a local state
 *   it reads (found from its source, see predicate-reads.ts), or, when it reads the messages
 *   in flight, any step that sends or takes one;
 * - a monitor sees what its `notices` says, which may change with its ghost.
 *
 * A step's own facts give its bits ({@link ofStep}): UNSAFE.always for a change a predicate
 * reads, UNSAFE.events for service events, UNSAFE.traffic for a send or a receipt. They depend
 * only on the step, so the successor cache records them with the process's view; each state
 * says which count ({@link noticed}).
 */
export class Visibility {
  /** Per process: the top-level fields of its local state some predicate reads, 'all', or null (none). */
  private readonly fields: (readonly string[] | 'all' | null)[];
  /** The processes with an entry in `fields`. */
  private readonly read: readonly number[];
  /** Bits every state counts: UNSAFE.traffic when a predicate reads the messages in flight. */
  readonly base: number;
  /** Per monitor (in model.monitors order): what it notices at a ghost. */
  private readonly noticers: readonly ((ghost: Value) => Notices)[];

  /** The state predicates whose reads could not be followed: they see every step that changes a local state. */
  readonly seeEveryStep: readonly string[];

  /** The visibility of `model`'s properties, or null when some monitor does not say what it notices (partial-order reduction is then off). */
  static of(model: Model): Visibility | null {
    const noticers: ((ghost: Value) => Notices)[] = [];
    for (const { property } of model.monitors) {
      const monitor = model.properties[property].monitor!;
      if (!monitor.notices) return null;
      noticers.push(monitor.notices.bind(monitor));
    }
    const reads: PredicateReads[] = [];
    const all: string[] = [];
    for (const p of model.properties) {
      if ((p.kind !== 'invariant' && p.kind !== 'reachability') || !p.predicate) continue;
      const r = predicateReads(p.predicate);
      reads.push(r);
      if (r.procs === 'all') all.push(p.name);
    }
    return new Visibility(model.names, reads, noticers, all);
  }

  private constructor(names: readonly string[], reads: readonly PredicateReads[], noticers: Visibility['noticers'], seeEveryStep: readonly string[]) {
    this.noticers = noticers;
    this.seeEveryStep = seeEveryStep;
    const fields: (Set<string> | 'all' | null)[] = names.map(() => null);
    const add = (p: number, f: ReadonlySet<string> | 'all'): void => {
      const was = fields[p];
      if (f === 'all' || was === 'all') fields[p] = 'all';
      else fields[p] = new Set([...(was ?? []), ...f]);
    };
    let inFlight = false;
    for (const r of reads) {
      inFlight ||= r.inFlight;
      if (r.procs === 'all') {
        for (let p = 0; p < names.length; p++) add(p, 'all');
        continue;
      }
      for (const [name, f] of r.procs) {
        if (name === '*') for (let p = 0; p < names.length; p++) add(p, f);
        else if (names.includes(name)) add(names.indexOf(name), f);
      }
    }
    this.fields = fields.map((f) => (f === null || f === 'all' ? f : [...f]));
    this.read = names.flatMap((_, p) => (fields[p] === null ? [] : [p]));
    this.base = inFlight ? UNSAFE.traffic : 0;
  }

  /**
   * The UNSAFE bits of one step from local states `before` to `after`, with `events` service
   * events, sending or taking a transport message when `traffic`.
   */
  ofStep(before: readonly Value[], after: readonly Value[], events: number, traffic: boolean): number {
    let bits = stepVisibility(events, traffic);
    for (let j = 0; j < this.read.length; j++) {
      const p = this.read[j];
      if (before[p] !== after[p] && this.changes(this.fields[p]!, before[p], after[p])) {
        bits |= UNSAFE.always;
        break;
      }
    }
    return bits;
  }

  /** The bits states with these monitor ghosts count (besides UNSAFE.always and the faults left). */
  noticed(ghost: readonly Value[]): number {
    let bits = this.base;
    for (let k = 0; k < this.noticers.length; k++) bits |= this.noticedBy(k, ghost[k]);
    return bits;
  }

  /** Monitor k's bits at ghost `g` (see {@link noticed}). */
  noticedBy(k: number, g: Value): number {
    if (g === VIOLATED) return 0;
    return noticedBits(this.noticers[k](g));
  }

  private changes(fields: readonly string[] | 'all', a: Value, b: Value): boolean {
    if (fields === 'all' || !isRecord(a) || !isRecord(b)) return compareValues(a, b) !== 0;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const x = a[f];
      const y = b[f];
      if (x !== y && (x === undefined || y === undefined || compareValues(x, y) !== 0)) return true;
    }
    return false;
  }
}

function isRecord(v: Value): v is { readonly [k: string]: Value } {
  return typeof v === 'object' && v !== null;
}
