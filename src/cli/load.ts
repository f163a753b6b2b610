import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SpecError } from '../engine/index.ts';
import { isProtocol } from '../spec/index.ts';
import { importSpec } from '../spec/import-spec.ts';
import type { Protocol } from '../spec/index.ts';

/** Load a spec file and return its default export, which must be a protocol. */
export async function loadProtocol(file: string): Promise<Protocol> {
  const path = resolve(file);
  const fail = (detail: string): never => {
    const e = new SpecError(detail);
    e.file = file;
    throw e;
  };
  if (!existsSync(path)) fail('no such file');
  let mod: { default?: unknown };
  try {
    mod = (await importSpec(path)) as { default?: unknown };
  } catch (e) {
    if (e instanceof SpecError) {
      e.file ??= file;
      throw e;
    }
    return fail(`the spec does not load: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (mod.default === undefined) fail('the spec has no default export (export default define({...}))');
  if (!isProtocol(mod.default)) fail('the default export is not a protocol (make it the result of define({...}) from protocol<Msg>())');
  return mod.default as Protocol;
}
