import { SpecError } from '../engine/index.ts';
import type { Model, viewOf } from '../engine/index.ts';
import type { Property } from '../properties/index.ts';

/** A property's predicate on a state view; a throw or a non-boolean is a spec error naming the property. */
export function callPredicate(p: Property, view: ReturnType<typeof viewOf>, model: Model): boolean {
  let r: unknown;
  try {
    r = p.predicate!(view);
  } catch (e) {
    const err = new SpecError(`threw: ${e instanceof Error ? e.message : String(e)}`, { handler: `property ${p.name}` });
    err.file = model.file;
    throw err;
  }
  if (typeof r !== 'boolean') {
    const err = new SpecError(`returned ${String(r)} where a boolean was expected`, { handler: `property ${p.name}` });
    err.file = model.file;
    throw err;
  }
  return r;
}
