import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProofs, PROOFS_DIR } from '../src/cli/prove.ts';

/**
 * proofs/ holds checked-in verdicts with their state counts. Regenerating them must give the
 * files as committed: an engine change that alters a verdict or a count fails here until
 * `npm run prove` is run and the new proofs are committed on purpose.
 */
describe('proofs/', () => {
  it('match what mpcheck computes now, byte for byte', async () => {
    const files = readdirSync('models').filter((f) => f.endsWith('.ts')).sort().map((f) => join('models', f));
    const { proofs, matrix } = await buildProofs(files);
    for (const [name, text] of proofs) {
      const path = join(PROOFS_DIR, name);
      expect(existsSync(path), `${path} is missing: run npm run prove`).toBe(true);
      expect(readFileSync(path, 'utf8'), `${path} is out of date: run npm run prove and review the diff`).toBe(text);
    }
    const stale = readdirSync(PROOFS_DIR).filter((f) => f.endsWith('.json') && !proofs.has(f));
    expect(stale, 'proofs of models that no longer exist').toEqual([]);
    expect(readFileSync(join(PROOFS_DIR, 'MATRIX.md'), 'utf8')).toBe(matrix);
  });

  it('regenerating twice gives identical documents', async () => {
    const one = await buildProofs(['models/retransmit.ts']);
    const two = await buildProofs(['models/retransmit.ts']);
    expect([...two.proofs]).toEqual([...one.proofs]);
  });
});
