// The benchmark instances and their expected counts (models/<model>/expected.json).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Expected, Instance } from './types.js';

/** Run by default: about two to three minutes on a 2-core machine. */
export const DEFAULT_INSTANCES: readonly string[] = [
  'ring/N5M1C2',
  'ring/N6M1C2',
  'ring/N4M2C2',
  'abp/M4C5L3D3',
  'exactly-once/M3C3L2D2X1',
  'causal/B2C2R1',
];
/** Added by --full: the ring throughput instances (9.6M and 18.3M states) and larger protocol instances. */
export const FULL_EXTRA_INSTANCES: readonly string[] = [
  'ring/N7M1C2',
  'ring/N5M2C2',
  'abp/M5C8L6D6',
  'exactly-once/M4C3L2D2X2',
  'causal/B3C2R0',
];
/** Models with an expected.json. */
export const MODELS: readonly string[] = ['ring', 'abp', 'exactly-once', 'causal'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Error(`${where}: not a count`);
  return v;
}

const FAULT_KINDS = ['lose', 'duplicate', 'reorder', 'crash', 'partition'];

/** The optional "faultParams" of expected.json: parameter name → mpcheck fault kind. */
function faultParamsOf(v: unknown, names: readonly string[], file: string): Readonly<Record<string, string>> {
  if (v === undefined) return {};
  if (!isRecord(v)) throw new Error(`${file}: "faultParams" must map parameter names to fault kinds`);
  for (const [name, kind] of Object.entries(v)) {
    if (!names.includes(name)) throw new Error(`${file}: faultParams names unknown parameter "${name}"`);
    if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind)) {
      throw new Error(`${file}: faultParams.${name} must be one of ${FAULT_KINDS.join(', ')}`);
    }
  }
  return v as Record<string, string>;
}

/** Every instance listed in models/<model>/expected.json. */
export async function loadInstances(modelsDir: string, model: string): Promise<Instance[]> {
  const file = join(modelsDir, model, 'expected.json');
  const doc: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isRecord(doc) || !Array.isArray(doc['params']) || !Array.isArray(doc['instances'])) {
    throw new Error(`${file}: expected {"params": [...], "instances": [...]}`);
  }
  const names = doc['params'].map((p) => {
    if (typeof p !== 'string') throw new Error(`${file}: parameter names must be strings`);
    return p;
  });
  const faultParams = faultParamsOf(doc['faultParams'], names, file);
  const layered = doc['layered'] ?? false;
  if (typeof layered !== 'boolean') throw new Error(`${file}: "layered" must be a boolean`);
  return doc['instances'].map((entry: unknown, i): Instance => {
    const where = `${file}: instances[${i}]`;
    if (!isRecord(entry) || !isRecord(entry['params'])) throw new Error(`${where}: malformed`);
    const values = entry['params'];
    const params = names.map((n): readonly [string, number] => [n, count(values[n], `${where}.params.${n}`)]);
    const expected: Expected = {
      states: count(entry['states'], `${where}.states`),
      transitions: count(entry['transitions'], `${where}.transitions`),
      depth: count(entry['depth'], `${where}.depth`),
    };
    return { model, id: params.map(([n, v]) => `${n}${v}`).join(''), params, faultParams, layered, expected };
  });
}

export function qualifiedId(inst: Instance): string {
  return `${inst.model}/${inst.id}`;
}

export function describe(inst: Instance): string {
  return inst.params.map(([n, v]) => `${n}=${v}`).join(' ');
}

/** Look up ids such as "ring/N5M1C2" or "N5M1C2" (first model that has it). */
export function select(all: readonly Instance[], ids: readonly string[]): Instance[] {
  return ids.map((raw) => {
    const id = raw.trim();
    const hit = all.find((inst) => qualifiedId(inst) === id || inst.id === id);
    if (hit === undefined) {
      throw new Error(`unknown instance "${id}"; known: ${all.map(qualifiedId).join(', ')}`);
    }
    return hit;
  });
}
