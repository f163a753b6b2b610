/**
 * Values that a state may hold: what the canonical encoder can write and read back.
 * Plain data only — no functions, class instances, `undefined`, Map or Set.
 */
export type Value =
  | null
  | boolean
  | number
  | string
  | readonly Value[]
  | { readonly [key: string]: Value };

/** A protocol message: a plain object with a string `type` discriminator. */
export interface Message {
  readonly type: string;
}

/** Parameter values a spec declares and the CLI can override (`--param k=v`). */
export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;
