import { pathToFileURL } from 'node:url';

/**
 * How the CLI imports a spec module. By default through Node's `import`, which tsx's loader
 * hooks (registered by bin/mpcheck.js) teach TypeScript. When the CLI runs from its bundle
 * (dist/, see bin/build.js) the hooks are not registered — they cost ~0.3 s of start-up — and
 * a spec is compiled in-process by esbuild instead: its own relative imports are bundled with
 * it, packages are imported from where the spec would find them, and 'mpcheck' is this very
 * copy of mpcheck.
 */
let importer: (path: string) => Promise<unknown> = (path) => import(pathToFileURL(path).href);

/** Compile specs with esbuild from now on; `self` maps 'mpcheck' and 'mpcheck/vitest' to module URLs. */
export function compileSpecsWithEsbuild(self: { readonly index: string; readonly vitest: string }): void {
  importer = (path) => importCompiled(path, self);
}

export function importSpec(path: string): Promise<unknown> {
  return importer(path);
}

/** Modules esbuild compiled in this thread, by spec path (what a worker thread can reuse). */
const compiled = new Map<string, string>();

/** The module esbuild compiled for the spec at `path`, if this thread compiled it. */
export function compiledSpecSource(path: string): string | undefined {
  return compiled.get(path);
}

/** Give this thread the module another thread compiled for `path` (a worker then skips esbuild). */
export function reuseCompiledSpec(path: string, code: string): void {
  compiled.set(path, code);
}

const importModule = (code: string): Promise<unknown> => import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

async function importCompiled(path: string, self: { readonly index: string; readonly vitest: string }): Promise<unknown> {
  const known = compiled.get(path);
  if (known !== undefined) return importModule(known);
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'silent',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(path).href) },
    plugins: [
      {
        name: 'mpcheck-externals',
        setup(b) {
          b.onResolve({ filter: /^mpcheck(\/vitest)?$/ }, (args) => ({ path: args.path === 'mpcheck' ? self.index : self.vitest, external: true }));
          // packages: imported by absolute URL (the module is a data: URL, which cannot resolve bare names)
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.pluginData === 'inner' || args.path.startsWith('node:')) return undefined;
            const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
            if (r.errors.length) return { errors: r.errors };
            return { path: r.external && !r.path.startsWith('/') ? r.path : pathToFileURL(r.path).href, external: true };
          });
        },
      },
    ],
  });
  const code = out.outputFiles[0].text;
  compiled.set(path, code);
  return importModule(code);
}
