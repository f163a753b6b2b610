/**
 * Partial-order reduction with invariants: the ring (models/ring/ring.ts) checked with an
 * invariant in place of its own properties, with and without the reduction.
 *
 *   node bin/run-ts.js bench/por-invariants.ts [N]      (default N=6, M=1, C=2)
 *
 * One invariant reads p0's `back` alone (the other processes' steps are invisible to it);
 * one reads every process's `got` (only steps that change no `got` are invisible).
 */
import { check, props } from 'mpcheck';
import type { Property, StateView } from 'mpcheck';
import ring from './models/ring/ring.ts';

type Node = { sent: number; back: number; got: readonly number[] };
type View = StateView<Record<string, Node>>;

const N = Number(process.argv[2] ?? 6);
const invariants: readonly [string, Property<View>][] = [
  ['p0.back ≤ M (one field of one process)', props.always<View>('p0BackBounded', (v) => v.procs.p0.back <= 1)],
  ['every got[o] ≤ M (a field of every process)', props.always<View>('gotBounded', (v) => Object.values(v.procs).every((s) => s.got.every((g) => g <= 1)))],
];
for (const [label, invariant] of invariants) {
  const p = { ...ring, spec: { ...ring.spec, properties: [invariant as Property] } } as typeof ring;
  for (const por of [true, false]) {
    const t = performance.now();
    const r = check(p, { params: { N, M: 1, C: 2 }, por });
    const verdicts = r.properties.map((x) => `${x.name} ${x.verdict}`).join(', ');
    console.log(`${label} · ${por ? 'POR' : '--no-por'}: ${r.stats.states.toLocaleString('en-US')} states, ${((performance.now() - t) / 1000).toFixed(2)} s · ${verdicts}`);
  }
}
