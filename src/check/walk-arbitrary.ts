import fc from 'fast-check';
import type { StepLabel } from '../engine/index.ts';
import { CHOICES } from './bias.ts';
import type { Walk, Walker } from './walk.ts';

/**
 * Random walks as a fast-check arbitrary. Generation draws `depth` choices from the run's
 * random source. Shrinking works on the steps a failing walk took, not on the raw numbers:
 * cut the choices after the violation, then drop fault steps one at a time (fewer faults
 * first; each also with the walk continued by protocol steps, so that a lost message can be
 * delivered instead), then drop ever smaller chunks of steps (delta debugging), re-finding
 * the steps that remain by their labels. Each candidate keeps the property that was
 * violated, so a counterexample shrinks to a shorter (or less faulty) counterexample of the
 * same property. Every accepted candidate has fewer faults, or as many and fewer steps, so
 * shrinking ends.
 *
 * The shrinker is deterministic, so fast-check's `seed` + `path` replay a shrunk walk exactly.
 */
export class WalkArbitrary extends fc.Arbitrary<Walk> {
  constructor(
    private readonly walker: Walker,
    private readonly depth: number,
  ) {
    super();
  }

  generate(mrng: fc.Random): fc.Value<Walk> {
    const choices = new Array<number>(this.depth);
    for (let i = 0; i < this.depth; i++) choices[i] = mrng.nextInt(0, CHOICES - 1);
    return new fc.Value<Walk>({ choices, target: -1 }, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Walk {
    if (typeof value !== 'object' || value === null) return false;
    const w = value as Partial<Walk>;
    return Array.isArray(w.choices) && w.choices.every((c) => Number.isInteger(c) && c >= 0 && c < CHOICES) && typeof w.target === 'number';
  }

  shrink(value: Walk): fc.Stream<fc.Value<Walk>> {
    return fc.stream(this.candidates(value)).map((w) => new fc.Value(w, undefined));
  }

  private *candidates(value: Walk): IterableIterator<Walk> {
    const out = this.walker.run(value);
    if (!out.violation) return;
    const target = out.violation.property;
    const n = out.steps.length;
    if (value.choices.length > n || value.target !== target) yield { choices: value.choices.slice(0, n), target };
    const labels = out.steps.map((s) => s.label);
    const seen = new Set<string>([value.choices.slice(0, n).join(',')]);
    const fresh = (w: Walk): boolean => {
      const key = w.choices.join(',');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    const without = (from: number, to: number): Walk => this.walker.rebuild(dropRange(labels, from, to), target);
    for (let i = n - 1; i >= 0; i--) {
      if (!out.steps[i].fault) continue;
      const w = without(i, i + 1);
      if (fresh(w)) yield w;
      // without the fault, what would the protocol do next? (a lost message arrives after all)
      const completed = this.walker.rebuild(dropRange(labels, i, i + 1), target, n);
      if (fresh(completed)) yield completed;
    }
    for (let size = highestPowerOfTwo(Math.floor(n / 2)); size >= 1; size = Math.floor(size / 2)) {
      for (let from = 0; from < n; from += size) {
        const w = without(from, Math.min(n, from + size));
        if (fresh(w)) yield w;
      }
    }
  }
}

function dropRange(labels: readonly StepLabel[], from: number, to: number): StepLabel[] {
  return [...labels.slice(0, from), ...labels.slice(to)];
}

function highestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return n < 1 ? 0 : p;
}
