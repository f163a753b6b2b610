import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bundled model files, relative to the current directory, sorted by name. */
export function bundledModels(): string[] {
  const dir = join(ROOT, 'models');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => relative(process.cwd(), join(dir, f)) || f);
}
