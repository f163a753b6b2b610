import type { FairComponent } from './fair-cycle.ts';
import type { Csr } from './graph.ts';
import { pathWithin } from './paths.ts';

/**
 * A cycle through `start` that stays inside the component and meets all its requirements,
 * as edge indexes; empty for a stutter component. Built greedily: from where it is, walk
 * the shortest path to the nearest edge or state that meets a requirement still open,
 * and when none is left, the shortest path back to `start`.
 */
export function cycleThrough(g: Csr, comp: FairComponent, start: number): number[] {
  if (comp.stutter) return [];
  const inC = new Uint8Array(g.n);
  for (const v of comp.states) inC[v] = 1;
  if (!inC[start]) throw new Error(`internal: cycle start ${start} is not in the component`);
  let open = comp.requirements.filter((r) => !r.state?.(start));
  const edges: number[] = [];
  let at = start;
  while (open.length) {
    const path = pathWithin(
      g,
      inC,
      at,
      (v) => open.some((r) => r.state?.(v)),
      (e) => open.some((r) => r.edge?.(e)),
    );
    if (!path) throw new Error(`internal: no path inside the component meets: ${open.map((r) => r.what).join('; ')}`);
    // (edge by edge: spreading a long path as arguments would overflow the stack)
    for (const e of path) {
      const w = g.targets[e];
      open = open.filter((r) => !(r.edge?.(e) || r.state?.(w)));
      edges.push(e);
    }
    at = g.targets[path[path.length - 1]];
  }
  if (at !== start || edges.length === 0) {
    const back = pathWithin(g, inC, at, () => false, (e) => g.targets[e] === start);
    if (!back) throw new Error('internal: the component is not strongly connected');
    for (const e of back) edges.push(e);
  }
  return edges;
}
