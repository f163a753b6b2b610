#!/usr/bin/env node
// Run a TypeScript file (bench scripts) with tsx and the 'mpcheck' self-import hook.
import { register as registerHook } from 'node:module';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { register } from 'tsx/esm/api';

registerHook('./resolve-self.js', import.meta.url);
register();
const [file, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], file, ...rest];
await import(pathToFileURL(resolve(file)).href);
