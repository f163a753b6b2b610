import fc from 'fast-check';
import { it } from 'vitest';
import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import { compile } from '../src/engine/index.ts';
import { search } from '../src/check/index.ts';
import { randomSpec, toProtocol } from './check/random-models.ts';
it('golden', () => {
  const specs = fc.sample(randomSpec, { numRuns: 400, seed: 42 });
  const out = specs.map((s) => { const r = search(compile(toProtocol(s))); return { st: r.stats.states, tr: r.stats.transitions, v: r.properties.map((p) => [p.verdict, p.trace?.steps.map((x) => x.text + JSON.stringify(x.state.procs)).join('|')]) }; });
  const f = '/tmp/golden.json';
  if (!existsSync(f)) writeFileSync(f, JSON.stringify(out));
  else if (readFileSync(f, 'utf8') !== JSON.stringify(out)) throw new Error('golden mismatch');
});
