import { check, compile } from 'mpcheck';
import type { CheckOptions, CheckResult, Protocol } from 'mpcheck';
import { main } from '../src/cli/main.ts';
import { CliOutput } from '../src/cli/main.ts';
import { Engine, Writer, writeState } from '../src/engine/index.ts';
import type { GlobalState } from '../src/engine/index.ts';
import { Symmetry } from '../src/engine/symmetry.ts';

/** Verdict of one property in a result. */
export function verdictOf(r: CheckResult, name: string): string {
  const p = r.properties.find((x) => x.name === name);
  if (!p) throw new Error(`no property ${name} in ${r.properties.map((x) => x.name).join(', ')}`);
  return p.verdict;
}

/** Check with no reduction (unless asked): the counts of the full state space, as the tests derive them by hand. */
export function run(p: Protocol, opts: CheckOptions = {}): CheckResult {
  return check(p, { por: false, symmetry: false, ...opts });
}

export { compile };

/** A state's canonical encoding, as hex: equal strings for equal states (a Set key). */
export function encodeState(s: GlobalState): string {
  const w = new Writer();
  writeState(w, s);
  return Buffer.from(w.bytes()).toString('hex');
}

/** Run the CLI in-process and capture its output. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, new CliOutput((s) => out.push(s), (s) => err.push(s)));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * Every reachable state of `p` without reductions, and how many classes the symmetry groups
 * it declares make of them: by brute force, a class being the least encoding of a state's
 * permuted forms.
 */
export function symmetryClasses(p: Protocol, params: Record<string, number> = {}): { states: GlobalState[]; classes: number } {
  const engine = new Engine(compile(p, { params, symmetry: false, por: false }));
  const sym = new Symmetry(compile(p, { params }));
  const seen = new Set<string>();
  const least = new Set<string>();
  const states: GlobalState[] = [];
  const stack = [engine.initial()];
  while (stack.length > 0) {
    const s = stack.pop()!;
    const k = encodeState(s);
    if (seen.has(k)) continue;
    seen.add(k);
    states.push(s);
    least.add(sym.orbit(s).map(encodeState).sort()[0]);
    for (const st of engine.successors(s).steps) stack.push(engine.canonical(st.next));
  }
  return { states, classes: least.size };
}
