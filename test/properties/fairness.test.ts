import { describe, expect, it } from 'vitest';
import { Fairness, FairnessError, describeFairness } from '../../src/properties/index.ts';

const scope = { processes: ['a', 'b', 'c'], actionsOf: (p: string) => (p === 'a' ? ['send', 'retry'] : []) };
const act = (process: string, action: string) => ({ kind: 'action', process, action });
const recv = (from: string, process: string) => ({ kind: 'deliver', from, process });

describe('fairness groups', () => {
  it('process:P covers the actions and receives of P, not its restart and not faults', () => {
    const f = new Fairness({ weak: ['process:a'] }, scope);
    expect(f.groupsOf(act('a', 'send'))).toEqual([{ strength: 'weak', group: 'process:a' }]);
    expect(f.groupsOf(recv('b', 'a'))).toEqual([{ strength: 'weak', group: 'process:a' }]);
    expect(f.groupsOf(act('b', 'x'))).toEqual([]);
    expect(f.groupsOf({ kind: 'restart', process: 'a' })).toEqual([]);
    expect(f.groupsOf({ kind: 'crash', process: 'a' })).toEqual([]);
    expect(f.groupsOf({ kind: 'lose', from: 'b' })).toEqual([]);
  });

  it('* makes one group per instance: deliver:* is one group per channel', () => {
    const f = new Fairness({ strong: ['deliver:*'] }, scope);
    expect(f.groupsOf(recv('a', 'b'))).toEqual([{ strength: 'strong', group: 'deliver:a->b' }]);
    expect(f.groupsOf(recv('c', 'b'))).toEqual([{ strength: 'strong', group: 'deliver:c->b' }]);
    expect(new Fairness({ strong: ['deliver:*->b'] }, scope).groupsOf(recv('b', 'a'))).toEqual([]);
    expect(new Fairness({ weak: ['process:*'] }, scope).groupsOf(act('c', 'x'))).toEqual([{ strength: 'weak', group: 'process:c' }]);
  });

  it('action:P.A and restart:P', () => {
    const f = new Fairness({ weak: ['action:a.retry', 'restart:*'] }, scope);
    expect(f.groupsOf(act('a', 'retry'))).toEqual([{ strength: 'weak', group: 'action:a.retry' }]);
    expect(f.groupsOf(act('a', 'send'))).toEqual([]);
    expect(f.groupsOf({ kind: 'restart', process: 'b' })).toEqual([{ strength: 'weak', group: 'restart:b' }]);
  });

  it('a step may belong to a weak and a strong group at once', () => {
    const f = new Fairness({ weak: ['process:*'], strong: ['deliver:a->b'] }, scope);
    expect(f.groupsOf(recv('a', 'b'))).toEqual([
      { strength: 'weak', group: 'process:b' },
      { strength: 'strong', group: 'deliver:a->b' },
    ]);
  });

  it('rejects unknown kinds, processes and actions with the names it knows', () => {
    expect(() => new Fairness({ weak: ['proc:a'] }, scope)).toThrow(/unknown kind 'proc' \(kinds: process, action, deliver, restart\)/);
    expect(() => new Fairness({ strong: ['deliver:a->z'] }, scope)).toThrow(/unknown process 'z' \(processes: a, b, c\)/);
    expect(() => new Fairness({ weak: ['action:a.nope'] }, scope)).toThrow(/process 'a' has no action 'nope' \(actions: send, retry\)/);
    expect(() => new Fairness({ weak: ['deliver:a'] }, scope)).toThrow(FairnessError);
  });

  it('describes itself', () => {
    expect(describeFairness({})).toBe('none');
    expect(describeFairness({ weak: ['process:*'], strong: ['deliver:a->b', 'restart:c'] })).toBe('weak process:* · strong deliver:a->b, restart:c');
    expect(new Fairness({}, scope).isNone).toBe(true);
  });
});
