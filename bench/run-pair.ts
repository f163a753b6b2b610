// bench --pair's driver: `node bin/run-ts.js bench/run-pair.ts -- <command> <args...>` starts
// the command twice at once, waits for both, and prints one JSON document for the two (see
// pairDocument in pair.ts), exiting with their common exit code; on a failure it writes why to
// stderr and exits 2.

import { spawn } from 'node:child_process';
import { pairDocument } from './pair.js';
import type { CopyOutput } from './pair.js';

function runCopy(file: string, args: readonly string[]): Promise<CopyOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

const argv = process.argv.slice(2);
const [file, ...args] = argv[0] === '--' ? argv.slice(1) : argv;
if (file === undefined) {
  process.stderr.write('usage: run-pair.ts -- <command> <args...>\n');
  process.exit(2);
}
const outcome = pairDocument(await Promise.all([runCopy(file, args), runCopy(file, args)]));
if ('error' in outcome) {
  process.stderr.write(`run-pair: ${outcome.error}\n`);
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(outcome.doc)}\n`);
  process.exitCode = outcome.exitCode;
}
