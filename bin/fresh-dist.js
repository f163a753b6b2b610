// Whether dist/ (see build.js) was built from the sources as they are now: build.js records a
// signature of every file under src/ (and of itself) — path, size and modification time —
// taken before it bundles; the bundle is used only while the signature still matches, so an
// edit, a deletion or a checkout is never run stale.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function list(root, dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) list(root, p, out);
    else {
      const st = statSync(p);
      out.push(`${relative(root, p)}:${st.size}:${st.mtimeMs}`);
    }
  }
  return out;
}

/** The signature of the sources a bundle is built from. */
export function sourceSignature(root) {
  const files = list(root, join(root, 'src'), []);
  const build = statSync(join(root, 'bin', 'build.js'));
  files.push(`bin/build.js:${build.size}:${build.mtimeMs}`);
  files.sort();
  return createHash('sha256').update(files.join('\n')).digest('hex');
}

/** MPCHECK_DIST=never runs the sources, =always fails unless dist/ is fresh (for tests). */
export function freshDist(root) {
  const mode = process.env.MPCHECK_DIST;
  if (mode === 'never') return false;
  let fresh;
  try {
    fresh = readFileSync(join(root, 'dist', 'BUILT'), 'utf8').trim() === sourceSignature(root);
  } catch {
    fresh = false;
  }
  if (mode === 'always' && !fresh) throw new Error('MPCHECK_DIST=always: dist/ is missing or was built from other sources (run node bin/build.js)');
  return fresh;
}
