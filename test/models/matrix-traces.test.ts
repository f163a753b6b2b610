import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, check, environmentFaults } from '../../src/check/index.ts';
import { compile } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import type { Protocol } from 'mpcheck';

const files = readdirSync('models').filter((f) => f.endsWith('.ts')).sort();

/** Every counterexample of the guarantee matrix — every model in every environment — replays to its violation. */
describe.each(files)('matrix counterexamples of models/%s', (file) => {
  it('replay to a confirmed violation in every environment', async () => {
    const p = ((await import(`../../models/${file}`)) as { default: Protocol }).default;

    for (const env of ENVIRONMENTS) {
      const opts = { file: `models/${file}`, faults: environmentFaults(env) };
      const r = check(p, opts);
      const model = compile(p, opts);
      for (const prop of r.properties) {
        if (!prop.trace) continue;

        expect([env, prop.name, replayTrace(model, prop.trace).conclusion]).toEqual([env, prop.name, expect.stringMatching(/^confirmed/)]);
      }
    }
  });
});
