import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from 'mpcheck';
import type { Protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';

const files = readdirSync('models').filter((f) => f.endsWith('.ts')).sort();

describe.each(files)('models/%s', (file) => {
  it('declares an expected verdict for every property, and gets it', async () => {
    const p = ((await import(`../../models/${file}`)) as { default: Protocol }).default;
    const r = check(p, { file: `models/${file}` });
    const expected = p.spec.expect ?? {};
    expect(Object.keys(expected).sort()).toEqual(r.properties.map((x) => x.name).sort());
    for (const prop of r.properties) expect([prop.name, prop.verdict]).toEqual([prop.name, expected[prop.name]]);
    // every counterexample replays and shows its violation
    const model = compile(p, { file: `models/${file}` });
    for (const prop of r.properties) {
      if (!prop.trace) continue;
      const rep = replayTrace(model, prop.trace);
      expect(rep.conclusion).toMatch(/^confirmed/);
    }
  });
});
