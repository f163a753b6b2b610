import { compile } from './src/engine/index.ts';
import { search, searchParallel, inProcessLanes } from './src/check/index.ts';
import ring from './bench/models/ring/ring.ts';
const N = Number(process.argv[2] ?? 7), max = Number(process.argv[3] ?? 3000000), rounds = Number(process.argv[4] ?? 3);
const por = process.argv[5] === 'por';
for (let r = 0; r < rounds; r++) {
  for (const which of ['one', 'lane']) {
    const model = compile(ring, { params: { N }, por });
    const t0 = performance.now();
    const res = which === 'one' ? search(model, { maxStates: max }) : await searchParallel(model, { maxStates: max, workers: 1, lanes: inProcessLanes(model, () => 1e9) });
    console.log(which, res.stats.states, ((performance.now() - t0) / 1000).toFixed(2), 's');
  }
}
