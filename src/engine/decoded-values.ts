/**
 * One thread's cache of the frozen values a component table builds from its encodings, and
 * the identity map that recognises them (and deeply frozen equals, see `alias`) without
 * encoding them again. Bounded: past `limit` values it starts over (ids never change, so an
 * evicted component is just built again).
 */
export class DecodedValues<T> {
  private values: (T | undefined)[] = [];
  private count = 0;
  /** Identity of a cached value (or equality of a primitive) → its id. */
  private readonly ids = new Map<unknown, number>();

  constructor(private readonly limit: number) {}

  /** The id of a value handed out (or of an equal primitive, or an alias), if still cached. */
  known(v: unknown): number | undefined {
    return this.ids.get(v);
  }

  /** Recognise `v`, a deeply frozen value equal to component `id`, by identity from now on. */
  alias(v: object, id: number): void {
    if (this.ids.size < this.limit) this.ids.set(v, id);
  }

  /** The cached value of component `id`, if any. */
  cached(id: number): T | undefined {
    return id < this.values.length ? this.values[id] : undefined;
  }

  /** Cache `v`, just built, as component `id`'s value; returns it. */
  store(id: number, v: T): T {
    if (this.count >= this.limit) {
      this.values = [];
      this.ids.clear();
      this.count = 0;
    }
    // ids can arrive in any order (other threads): fill the gap so the array stays packed
    while (this.values.length <= id) this.values.push(undefined);
    this.values[id] = v;
    this.ids.set(v, id);
    this.count++;
    return v;
  }
}
