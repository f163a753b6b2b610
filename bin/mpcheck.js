#!/usr/bin/env node
// The mpcheck command. When the bundle in dist/ (bin/build.js, made by `npm ci`) is up to
// date with src/, it runs that and compiles specs in-process with esbuild (no loader hooks:
// a faster start); otherwise it runs the TypeScript sources through tsx's loader hooks.
import { register as registerHook } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freshDist } from './fresh-dist.js';

const root = new URL('..', import.meta.url);
let main;
if (freshDist(fileURLToPath(root))) {
  process.setSourceMapsEnabled(true);
  const cli = await import('../dist/cli.js');
  cli.compileSpecsWithEsbuild({ index: new URL('dist/index.js', root).href, vitest: new URL('dist/vitest.js', root).href, hook: new URL('bin/resolve-self.js', root).href });
  main = cli.main;
} else {
  const { register } = await import('tsx/esm/api');
  registerHook('./resolve-self.js', import.meta.url);
  register();
  main = (await import('../src/cli/main.ts')).main;
}
process.exitCode = await main(process.argv.slice(2));
