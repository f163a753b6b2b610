import { readFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
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

/** Where the bundle is: 'mpcheck' and 'mpcheck/vitest' as module URLs, and the resolve hook tsx needs beside it. */
export interface BundleUrls {
  readonly index: string;
  readonly vitest: string;
  /** bin/resolve-self.js, registered with tsx when a spec has to be loaded the slow way. */
  readonly hook: string;
}

/** Compile specs with esbuild from now on (falling back to tsx for a spec that does not load so). */
export function compileSpecsWithEsbuild(self: BundleUrls): void {
  importer = async (path) => {
    try {
      return await importCompiled(path, self);
    } catch {
      // what the bundle cannot express (a package written in TypeScript, a computed import
      // path, require() in a local CommonJS file…): load it as the sources do, through tsx
      return importThroughTsx(path, self);
    }
  };
}

let tsxRegistered = false;

async function importThroughTsx(path: string, self: BundleUrls): Promise<unknown> {
  if (!tsxRegistered) {
    const { register: registerHook } = await import('node:module');
    const { register } = await import('tsx/esm/api');
    registerHook(self.hook, { data: { self: self.index } });
    register();
    tsxRegistered = true;
  }
  return import(pathToFileURL(path).href);
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

async function importCompiled(path: string, self: BundleUrls): Promise<unknown> {
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
    plugins: [
      {
        // each file keeps its own import.meta.url / dirname / filename (the bundle is one data: module)
        name: 'mpcheck-import-meta',
        setup(b) {
          b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
            if (args.path.includes('/node_modules/')) return undefined;
            const source = await readFile(args.path, 'utf8');
            if (!source.includes('import.meta')) return undefined;
            const contents = source
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
              .replaceAll('import.meta.filename', JSON.stringify(args.path));
            const ext = extname(args.path).replace(/^\.[cm]?/, '');
            return { contents, loader: ext === 'tsx' || ext === 'jsx' || ext === 'ts' ? ext : 'js', resolveDir: dirname(args.path) };
          });
        },
      },
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
  const mod = await importModule(code);
  compiled.set(path, code); // only a module that loaded is handed to worker threads
  return mod;
}
