import type { Value } from '../spec/index.ts';
import type { EndFacts, Property } from './types.ts';

/**
 * The monitors' verdicts on a state where no protocol step is enabled (a run may end there):
 * each monitor with an `atEnd` check is asked about its ghost state. `violated` is the
 * sticky ghost value of a monitor that has already been violated (it is not asked again).
 */
export function endViolations(
  properties: readonly Property[],
  monitors: readonly { readonly property: number }[],
  ghost: readonly Value[],
  end: EndFacts,
  violated: Value,
): { property: number; message: string }[] {
  const out: { property: number; message: string }[] = [];
  for (let k = 0; k < monitors.length; k++) {
    const atEnd = properties[monitors[k].property].monitor?.atEnd;
    if (!atEnd || ghost[k] === violated) continue;
    const v = atEnd(ghost[k], end);
    if (v) out.push({ property: monitors[k].property, message: v.violation });
  }
  return out;
}

/** True when some monitor of the model checks end states (the search then asks them). */
export function hasEndChecks(properties: readonly Property[], monitors: readonly { readonly property: number }[]): boolean {
  return monitors.some((m) => properties[m.property].monitor?.atEnd !== undefined);
}
