import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grid, parseRange } from '../../src/cli/sweep.ts';
import { cli } from '../helpers.ts';

describe('mpcheck sweep', () => {
  it('parses ranges and lists and builds the grid, first parameter slowest', () => {
    const r = parseRange('M=1,2', parseRange('N=3..5'));
    expect(r).toEqual({ N: [3, 4, 5], M: [1, 2] });
    expect(grid(r).map((p) => `${p.N}/${p.M}`)).toEqual(['3/1', '3/2', '4/1', '4/2', '5/1', '5/2']);
    expect(parseRange('ordered=true,false')).toEqual({ ordered: [true, false] });
  });

  it('writes a CSV of verdicts and statistics, and a growth chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const csv = join(dir, 'ring.csv');
    const svg = join(dir, 'ring.svg');
    const r = await cli('sweep', 'bench/models/ring/ring.ts', '--param', 'N=3..4', '--param', 'M=1', '--no-por', '--no-symmetry', '--out', csv, '--chart', svg);
    expect(r.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('N,M,verdict:assertions,complete,states,transitions,depth,elapsedMs,statesPerSecond,peakRssBytes');
    // SPIN/Rumur counts for the ring: N=3 158/294 (depth 12), N=4 1,848/4,360 (depth 20)
    expect(lines[1]).toMatch(/^3,1,holds,true,158,294,12,/);
    expect(lines[2]).toMatch(/^4,1,holds,true,1848,4360,20,/);
    const chart = readFileSync(svg, 'utf8');
    expect(chart).toMatch(/^<svg /);
    expect(chart).toContain('ring: reachable states against N');
    expect(chart.match(/<circle /g)).toHaveLength(2);
  });
});
