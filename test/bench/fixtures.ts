// Instances the bench harness tests build rows for (no tool is run on them).

import type { Instance } from '../../bench/types.ts';

/** A layered ring instance (SPIN -DNOREDUCE reports its BFS depth). */
export const ringInstance: Instance = {
  model: 'ring',
  id: 'N5M1C2',
  params: [['N', 5], ['M', 1], ['C', 2]],
  faultParams: {},
  layered: true,
  expected: { states: 100, transitions: 300, depth: 10 },
};

/** An alternating-bit instance whose L and D parameters are fault budgets. */
export const abpInstance: Instance = {
  model: 'abp',
  id: 'M4C5L3D3',
  params: [['M', 4], ['C', 5], ['L', 3], ['D', 3]],
  faultParams: { L: 'lose', D: 'duplicate' },
  layered: false,
  expected: { states: 100, transitions: 300, depth: 10 },
};
