#!/usr/bin/env node
// The mpcheck command: runs the TypeScript sources directly through tsx (no build step).
import { register as registerHook } from 'node:module';
import { register } from 'tsx/esm/api';

registerHook('./resolve-self.js', import.meta.url);
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
