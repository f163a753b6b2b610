import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain JavaScript module of the launcher, without types
import { freshDist } from '../../bin/fresh-dist.js';

/**
 * bin/mpcheck.js runs either the bundle in dist/ (specs compiled in-process by esbuild) or
 * the sources through tsx's loader hooks. Both must load the same specs the same way: a spec
 * outside any package that imports 'mpcheck', a helper file of its own and a package, with a
 * spec error reported against the spec's file and handler.
 */
/** Outside any package: 'mpcheck' and the spec's own files resolve, packages would not. */
const dir = mkdtempSync(join(tmpdir(), 'mpcheck-launch-'));
/** Inside the repository (tmp/ is ignored by git): packages resolve from its node_modules. */
mkdirSync('tmp', { recursive: true });
const inRepo = mkdtempSync(join('tmp', 'launch-'));

beforeAll(() => {
  if (!freshDist(process.cwd())) {
    const build = spawnSync(process.execPath, ['bin/build.js'], { encoding: 'utf8' });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  }
  writeFileSync(join(dir, 'limit.ts'), 'export const LIMIT: number = 2;\n');
  const counter = (imports: string) => `import { protocol } from 'mpcheck';
${imports}
type Msg = { type: 'tick' };
const { define, process } = protocol<Msg>();
export default define({
  name: 'counter',
  processes: () => ({
    a: process<{ n: number }>({ init: { n: 0 }, actions: { inc: { when: (s) => s.n < LIMIT, then: (s) => ({ n: s.n + 1 }) } }, end: (s) => s.n === LIMIT }),
  }),
  expect: { deadlock: 'holds' },
});
`;
  writeFileSync(join(dir, 'counter.ts'), counter("import { LIMIT } from './limit.ts';"));
  writeFileSync(join(inRepo, 'counter.ts'), counter("import fc from 'fast-check';\nconst LIMIT: number = fc.integer().filter(() => true) ? 2 : 0;"));
  // what the bundle's esbuild path must get right or hand to tsx: per-file import.meta, a
  // local CommonJS file that calls require(), an import whose path is computed
  mkdirSync(join(inRepo, 'lib'));
  writeFileSync(join(inRepo, 'lib', 'n.txt'), '2\n');
  writeFileSync(
    join(inRepo, 'lib', 'helper.ts'),
    `import { readFileSync } from 'node:fs';
export const LIMIT: number = Number(readFileSync(new URL('./n.txt', import.meta.url), 'utf8'));
export const DIR: string = import.meta.dirname;
`,
  );
  writeFileSync(join(inRepo, 'lib', 'cj.cjs'), "const path = require('node:path');\nmodule.exports = { base: path.basename('/a/b/c') };\n");
  writeFileSync(join(inRepo, 'meta.ts'), counter("import { LIMIT as L, DIR } from './lib/helper.ts';\nif (!DIR.endsWith('lib')) throw new Error('import.meta.dirname is ' + DIR);\nconst LIMIT: number = L;"));
  writeFileSync(join(inRepo, 'cjs.ts'), counter("import cj from './lib/cj.cjs';\nconst LIMIT: number = cj.base === 'c' ? 2 : 0;"));
  writeFileSync(join(inRepo, 'computed.ts'), counter("const where = './lib/' + 'helper.ts';\nconst { LIMIT } = (await import(where)) as { LIMIT: number };"));
  writeFileSync(
    join(dir, 'throws.ts'),
    `import { protocol } from 'mpcheck';
const { define, process } = protocol<{ type: 'm' }>();
export default define({
  name: 'throws',
  processes: () => ({ a: process<{ x: number }>({ init: { x: 0 }, actions: { go: { then: () => { throw new Error('boom'); } } } }) }),
});
`,
  );
});

const run = (mode: 'always' | 'never', ...args: string[]) =>
  spawnSync(process.execPath, ['bin/mpcheck.js', ...args], { encoding: 'utf8', env: { ...process.env, MPCHECK_DIST: mode } });

describe.each(['always', 'never'] as const)('bin/mpcheck.js with MPCHECK_DIST=%s', (mode) => {
  it('checks a spec outside any package that imports mpcheck and a file of its own', () => {
    const r = run(mode, 'check', join(dir, 'counter.ts'), '--no-progress');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('states 3 · transitions 2');
    expect(r.status).toBe(0);
  });

  it('checks a spec that imports a package', () => {
    const r = run(mode, 'check', join(inRepo, 'counter.ts'), '--no-progress');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('states 3 · transitions 2');
    expect(r.status).toBe(0);
  });

  it.each(['meta.ts', 'cjs.ts', 'computed.ts'])('loads %s (import.meta per file, require in a CommonJS file, a computed import)', (name) => {
    const r = run(mode, 'check', join(inRepo, name), '--no-progress');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('states 3 · transitions 2');
    expect(r.status).toBe(0);
  });

  it('names the spec file, process and handler of a handler that throws', () => {
    const r = run(mode, 'check', join(dir, 'throws.ts'), '--no-progress');
    expect(r.stderr).toContain(`spec error: ${join(dir, 'throws.ts')}, process 'a', handler 'action go': threw: boom`);
    expect(r.status).toBe(2);
  });

  it('runs worker threads (parallel search) from the same build', () => {
    const r = run(mode, 'check', 'bench/models/ring/ring.ts', '--param', 'N=3', '--no-por', '--no-symmetry', '--workers', '2', '--wait-for-workers', '--no-progress');
    expect(r.stdout).toContain('states 158 · transitions 294');
    expect(r.stdout).toContain(' · 2 workers');
    expect(r.status).toBe(0);
  });
});
