// Rumur: rewrite the Murphi `const` block for the instance, generate C with
// rumur (the thread count is fixed at generation time), compile with cc -O3.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runStep } from './exec.js';
import type { Command, Config, ExecResult, Instance, Parsed } from './types.js';

/** Set each parameter's value in the model's `const` block; every parameter must be declared there. */
export function setConstants(source: string, params: Instance['params']): string {
  const block = /^const\b([\s\S]*?)^(?=(?:type|var|procedure|function|startstate|rule|ruleset|invariant)\b)/m.exec(source);
  if (block?.[1] === undefined) throw new Error('no const block in the Murphi model');
  let body = block[1];
  for (const [name, value] of params) {
    const decl = new RegExp(`^(\\s*${name}\\s*:\\s*)\\d+(\\s*;)`, 'm');
    if (!decl.test(body)) throw new Error(`constant ${name} not declared in the const block`);
    body = body.replace(decl, `$1${value}$2`);
  }
  const start = block.index + 'const'.length;
  return source.slice(0, start) + body + source.slice(start + block[1].length);
}

function attr(tag: string, name: string): number | undefined {
  const m = new RegExp(`\\b${name}="(\\d+)"`).exec(tag);
  const g = m?.[1];
  return g === undefined ? undefined : Number(g);
}

/** Read the machine-readable (XML) output's <summary .../> element. */
export function parseRumur(run: ExecResult): Parsed {
  if (run.timedOut) throw new Error('timed out');
  const summary = /<summary\b[^>]*\/>/.exec(run.stdout)?.[0];
  const states = summary === undefined ? undefined : attr(summary, 'states');
  const fired = summary === undefined ? undefined : attr(summary, 'rules_fired');
  if (summary === undefined || states === undefined || fired === undefined) {
    const why = /<message>([^<]*)<\/message>/.exec(run.stdout)?.[1]?.trim() || undefined;
    throw new Error(why ?? `no <summary> in rumur verifier output (exit ${run.exitCode ?? run.signal ?? '?'})`);
  }
  const errors = attr(summary, 'errors');
  const seconds = attr(summary, 'duration_seconds');
  const message = /<message>([^<]*)<\/message>/.exec(run.stdout)?.[1]?.trim();
  return {
    states,
    transitions: fired,
    verdict: errors === 0 ? 'holds' : (message ?? `errors: ${errors ?? '?'}`),
    ...(seconds === undefined ? {} : { reportedSeconds: seconds }),
    notes: [],
  };
}

/** Rumur with a given number of threads (1 or 2 on this machine). */
export function rumurConfig(modelsDir: string, threads: number, stepTimeoutMs: number): Config {
  return {
    tool: 'rumur',
    label: `rumur --threads ${threads}`,
    ...(threads > 1 ? { oneThreadLabel: 'rumur --threads 1' } : {}),
    compared: true,
    depthCompared: false,
    // duration_seconds is a difference of time(NULL) values (whole seconds), taken from the top
    // of the verifier's main(): its process wall clock measures the same span to the millisecond.
    searchTimeIsRunTime: true,
    async prepare(instance: Instance, dir: string): Promise<Command> {
      const src = await readFile(join(modelsDir, instance.model, `${instance.model}.m`), 'utf8');
      await writeFile(join(dir, 'model.m'), setConstants(src, instance.params));
      await runStep(
        'rumur',
        [
          '--deadlock-detection', 'off',
          '--threads', String(threads),
          '--output-format', 'machine-readable',
          '--colour', 'off',
          '--output', 'model.c',
          'model.m',
        ],
        dir,
        stepTimeoutMs,
      );
      await runStep('cc', ['-std=c11', '-O3', '-march=native', '-o', 'verifier', 'model.c', '-lpthread'], dir, stepTimeoutMs);
      return { file: join(dir, 'verifier'), args: [], cwd: dir };
    },
    parse: parseRumur,
  };
}
