import { SharedTable, controlBuffer } from '../src/check/parallel/table.ts';
import { VisitedSet } from '../src/check/visited.ts';
const N = 9_600_000;
const fps = new Uint32Array(2 * N);
let x = 12345;
for (let i = 0; i < 2 * N; i++) { x = (Math.imul(x, 1103515245) + 12345) | 0; fps[i] = x >>> 0; }
// sequence: each state inserted, then 3 lookups of random earlier states
function runShared() {
  const t = SharedTable.withSlots(1 << 25, controlBuffer(0));
  const t0 = performance.now();
  let r = 7;
  for (let i = 0; i < N; i++) {
    t.reserve(1);
    t.insert(fps[2 * i], fps[2 * i + 1], i - 1);
    t.release(0);
    for (let k = 0; k < 3; k++) { r = (Math.imul(r, 1103515245) + 12345) | 0; const j = (r >>> 0) % (i + 1); t.reserve(1); t.insert(fps[2 * j], fps[2 * j + 1], 0); t.release(1); }
  }
  return performance.now() - t0;
}
function runVisited() {
  const t = new VisitedSet(1 << 24);
  const t0 = performance.now();
  let r = 7;
  for (let i = 0; i < N; i++) {
    t.add(fps[2 * i], fps[2 * i + 1], i - 1);
    for (let k = 0; k < 3; k++) { r = (Math.imul(r, 1103515245) + 12345) | 0; const j = (r >>> 0) % (i + 1); t.add(fps[2 * j], fps[2 * j + 1], 0); }
  }
  return performance.now() - t0;
}
console.log('visited', runVisited().toFixed(0), 'shared', runShared().toFixed(0));
console.log('visited', runVisited().toFixed(0), 'shared', runShared().toFixed(0));
