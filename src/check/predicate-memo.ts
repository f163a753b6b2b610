import { faultsOf, inFlightOf } from '../engine/index.ts';
import type { GlobalState, IdVector, Model, viewOf } from '../engine/index.ts';
import type { Property } from '../properties/index.ts';
import type { Value } from '../spec/index.ts';
import { callPredicate } from './predicate.ts';

/**
 * Invariant and reachability results remembered by what the predicate read.
 *
 * A predicate runs on a view whose parts note when they are read: each process's local state,
 * the list of processes down, the faults used, the messages in flight. The result is kept
 * under the parts it read and their ids in the collapsed vector. Another state whose ids agree
 * on those parts would make the predicate read the same values in the same order, so it gets
 * the same result without the state being built or the predicate run. (Like the step memo,
 * this relies on predicates being deterministic functions of the view.)
 */
export class PredicateMemo {
  /** Per property: the sets of parts (bit masks) its evaluations have read. */
  private readonly masks: number[][];
  /** Per property: result by key (mask and the ids of those parts). */
  private readonly results: Map<string, boolean>[];
  private readonly n: number;
  private readonly view: ReturnType<typeof viewOf>;
  /** The parts read by the evaluation under way. */
  private read = 0;
  private current: () => GlobalState = () => {
    throw new Error('internal: no state to evaluate');
  };
  private built: GlobalState | null = null;
  /** The messages in flight of the state being evaluated, once read. */
  private inFlight: ReturnType<typeof inFlightOf> | null = null;

  /** The memo applies to models of at most this many processes (a bit each, and three more, in a mask). */
  static readonly MAX_PROCESSES = 28;

  constructor(private readonly model: Model) {
    const n = model.names.length;
    this.n = n;
    this.masks = model.properties.map(() => []);
    this.results = model.properties.map(() => new Map());
    const procs: Record<string, Value> = {};
    model.names.forEach((name, i) => {
      Object.defineProperty(procs, name, {
        enumerable: true,
        get: () => {
          this.read |= 1 << i;
          return this.state().locals[i];
        },
      });
    });
    const DOWN = 1 << n;
    const FAULTS = 1 << (n + 1);
    const QUEUES = 1 << (n + 2);
    const self = this;
    this.view = {
      procs,
      get down(): readonly string[] {
        self.read |= DOWN;
        const s = self.state();
        return model.names.filter((_, i) => s.down[i]);
      },
      get inFlight() {
        self.read |= QUEUES;
        return (self.inFlight ??= inFlightOf(model, self.state()));
      },
      get faults() {
        self.read |= FAULTS;
        return faultsOf(self.state());
      },
    };
  }

  /**
   * Whether the predicate of property k is true in the state `ids` stands for; `state` builds
   * that state, and is called only when the predicate must run.
   */
  test(k: number, ids: IdVector, state: () => GlobalState): boolean {
    const masks = this.masks[k];
    const results = this.results[k];
    for (let j = 0; j < masks.length; j++) {
      const known = results.get(this.key(masks[j], ids));
      if (known !== undefined) return known;
    }
    this.read = 0;
    this.built = null;
    this.inFlight = null;
    this.current = state;
    const p: Property = this.model.properties[k];
    const ok = callPredicate(p, this.view, this.model);
    const m = this.read;
    this.built = null;
    this.inFlight = null;
    if (!masks.includes(m)) {
      if (masks.length >= MAX_MASKS) return ok;
      masks.push(m);
    }
    if (results.size >= MAX_RESULTS) results.clear();
    results.set(this.key(m, ids), ok);
    return ok;
  }

  private state(): GlobalState {
    return (this.built ??= this.current());
  }

  /** The mask and the ids of the parts it names. */
  private key(m: number, ids: IdVector): string {
    const n = this.n;
    let key = String(m);
    for (let i = 0; i < n; i++) if (m & (1 << i)) key += ',' + ids.locals[i];
    if (m & (1 << n)) key += 'd' + ids.down.join('');
    if (m & (1 << (n + 1))) key += 'f' + ids.faults.join(',');
    if (m & (1 << (n + 2))) key += 'q' + ids.queues.join(',');
    return key;
  }
}

/** Sets of parts tried per property before a predicate is just run (one or two in practice). */
const MAX_MASKS = 8;
/** Results kept per property before they are cleared. */
const MAX_RESULTS = 1 << 18;
