// Module resolve hook: a model file anywhere on disk that imports 'mpcheck' gets this copy of
// mpcheck (the bundle in dist/ when the launcher uses it, else src/index.ts), and a .ts spec
// is loaded as an ES module even where no package.json says "type": "module" (a spec written
// in /tmp, say), as its `import` statements require.
let self = new URL('../src/index.ts', import.meta.url).href;

export function initialize(data) {
  if (data && typeof data.self === 'string') self = data.self;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'mpcheck') return { url: self, shortCircuit: true };
  const r = await next(specifier, context);
  if (r.url.startsWith('file:') && r.url.endsWith('.ts') && !r.url.includes('/node_modules/') && r.format !== 'module') return { ...r, format: 'module' };
  return r;
}
