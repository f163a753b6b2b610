// Whether dist/ (see build.js) is newer than every source file, so that running it is running
// the sources as they are now.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** MPCHECK_DIST=never runs the sources, =always fails unless dist/ is fresh (for tests). */
export function freshDist(root) {
  const mode = process.env.MPCHECK_DIST;
  if (mode === "never") return false;
  let fresh;
  try {
    fresh = statSync(join(root, 'dist', 'BUILT')).mtimeMs > newest(join(root, 'src'));
  } catch {
    fresh = false;
  }
  if (mode === 'always' && !fresh) throw new Error('MPCHECK_DIST=always: dist/ is missing or older than src/ (run node bin/build.js)');
  return fresh;
}
