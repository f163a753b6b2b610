import type { FaultBudget } from '../spec/index.ts';

/**
 * The standard environments of the guarantee matrix. `spec` is the environment the spec
 * declares; the others replace its fault budget (channel semantics stay the spec's).
 */
export const ENVIRONMENTS = ['spec', 'reliable', 'lossy', 'duplicating', 'reordering', 'crash'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

const NONE = { lose: 0, duplicate: 0, reorder: 0, crash: 0, partition: 0 } as const;

/** The fault budget an environment imposes (undefined: keep the spec's). */
export function environmentFaults(env: EnvironmentName): FaultBudget | undefined {
  switch (env) {
    case 'spec':
      return undefined;
    case 'reliable':
      return NONE;
    case 'lossy':
      return { ...NONE, lose: 1 };
    case 'duplicating':
      return { ...NONE, duplicate: 1 };
    case 'reordering':
      return { ...NONE, reorder: 1 };
    case 'crash':
      return { ...NONE, crash: 1 };
  }
}

export function describeEnvironment(env: EnvironmentName): string {
  switch (env) {
    case 'spec':
      return "the spec's own faults";
    case 'reliable':
      return 'no faults';
    case 'lossy':
      return 'at most 1 message lost';
    case 'duplicating':
      return 'at most 1 message duplicated';
    case 'reordering':
      return 'at most 1 reorder (FIFO channels)';
    case 'crash':
      return 'at most 1 crash and restart';
  }
}
