import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root: two levels above this file, or above dist/ when it runs from the bundle. */
export const ROOT = basename(here) === 'dist' ? dirname(here) : join(here, '..', '..');

/** The bundled model files, relative to the current directory, sorted by name. */
export function bundledModels(): string[] {
  const dir = join(ROOT, 'models');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => relative(process.cwd(), join(dir, f)) || f);
}
