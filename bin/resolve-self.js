// Module resolve hook: a model file anywhere on disk that imports 'mpcheck' gets this copy of mpcheck.
const self = new URL('../src/index.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'mpcheck') return { url: self, shortCircuit: true };
  return next(specifier, context);
}
