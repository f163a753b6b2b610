import { SpecError, viewOf } from '../engine/index.ts';
import type { GlobalState, Model } from '../engine/index.ts';
import type { Property, StateView } from '../properties/index.ts';
import type { Value } from '../spec/index.ts';
import { doubled } from '../engine/index.ts';

/** A growable array of one byte per state. */
export class StateBytes {
  private data: Uint8Array = new Uint8Array(1024);

  set(i: number, b: number): void {
    if (i >= this.data.length) {
      let n = this.data.length;
      while (n <= i) n *= 2;
      const d = new Uint8Array(n);
      d.set(this.data);
      this.data = d;
    }
    this.data[i] = b;
  }

  get(i: number): number {
    return i < this.data.length ? this.data[i] : 0;
  }
}

type View = StateView<Record<string, Value>>;

/** What a liveness property needs to know of each state, recorded while the graph is explored. */
export interface StateFacts {
  observe(index: number, s: GlobalState, view: () => View): void;
}

/** The truth of a predicate of `eventually` / `leadsTo` in each state. */
export class PredicateFacts implements StateFacts {
  readonly bits = new StateBytes();

  constructor(
    private readonly model: Model,
    private readonly property: Property,
    private readonly role: string,
    private readonly predicate: (view: View) => boolean,
  ) {}

  observe(index: number, _s: GlobalState, view: () => View): void {
    let r: unknown;
    try {
      r = this.predicate(view());
    } catch (e) {
      throw this.error(`threw: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof r !== 'boolean') throw this.error(`returned ${String(r)} where a boolean was expected`);
    this.bits.set(index, r ? 1 : 0);
  }

  holds(i: number): boolean {
    return this.bits.get(i) === 1;
  }

  private error(detail: string): SpecError {
    const e = new SpecError(detail, { handler: `property ${this.property.name} (${this.role})` });
    e.file = this.model.file;
    return e;
  }
}

/**
 * The obligations pending in each state, read from the property's monitor ghost: per
 * state a list of obligation ids, each with a bit telling whether its receiver is up.
 */
export class ObligationFacts implements StateFacts {
  /** Per obligation id: its key and receiver. */
  readonly obligations: { readonly key: string; readonly receiver: string | null }[] = [];
  /** 1 where the pending obligations come from service events (0: transport). */
  readonly service = new StateBytes();
  private readonly ids = new Map<string, number>();
  private offsets: Int32Array = new Int32Array(1025);
  private data: Int32Array = new Int32Array(1024);
  private size = 0;
  private states = 0;
  private readonly ghost: number;

  constructor(
    private readonly model: Model,
    propertyIndex: number,
  ) {
    this.ghost = model.monitors.findIndex((m) => m.property === propertyIndex);
    if (this.ghost < 0) throw new Error(`internal: property #${propertyIndex} has no monitor`);
  }

  observe(index: number, s: GlobalState): void {
    if (index !== this.states) throw new Error('internal: states observed out of order');
    const p = this.model.properties[this.model.monitors[this.ghost].property];
    if (p.liveness?.kind !== 'obligations') throw new Error('internal: not an obligations property');
    const pending = p.liveness.pending(s.ghost[this.ghost]);
    this.service.set(index, pending.layer === 'service' ? 1 : 0);
    for (const o of pending.obligations) {
      const k = `${o.receiver ?? ''}\u0000${o.key}`;
      let id = this.ids.get(k);
      if (id === undefined) {
        id = this.obligations.length;
        this.ids.set(k, id);
        this.obligations.push({ key: o.key, receiver: o.receiver });
      }
      const r = o.receiver === null ? -1 : this.model.names.indexOf(o.receiver);
      const up = r < 0 || !s.down[r];
      if (this.size >= this.data.length) this.data = doubled(this.data);
      this.data[this.size++] = id * 2 + (up ? 1 : 0);
    }
    this.states++;
    if (this.states + 1 > this.offsets.length) this.offsets = doubled(this.offsets);
    this.offsets[this.states] = this.size;
  }

  /** Calls `f(id, receiverUp)` for each obligation pending in state v. */
  forEach(v: number, f: (id: number, up: boolean) => void): void {
    if (v >= this.states) return;
    for (let i = this.offsets[v]; i < this.offsets[v + 1]; i++) f(this.data[i] >>> 1, (this.data[i] & 1) === 1);
  }

  get observed(): number {
    return this.states;
  }
}

/** Lazily built view of a state, shared by the predicates that look at it. */
export function lazyView(model: Model, s: GlobalState): () => View {
  let v: View | undefined;
  return () => (v ??= viewOf(model, s));
}
