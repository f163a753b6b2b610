import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Trace } from 'mpcheck';
import { cli } from '../helpers.ts';

/**
 * `--network` from the command line, per link, recorded in traces so replay rebuilds the same model.
 * Fixture: a sends x, y to b and to c in one step; the spec's network is FIFO except a->c unordered.
 * State spaces (see test/network/overrides.test.ts): 1 + Nb·Nc states, 1 + Eb·Nc + Nb·Ec transitions,
 * with a FIFO link N = 3, E = 2 and an unordered link N = 5, E = 4.
 */

const tmp = mkdtempSync(join(tmpdir(), 'mpcheck-network-'));
const FAN = 'test/fixtures/fan-out.ts';

async function checkJson(...args: string[]) {
  const r = await cli('check', FAN, '--json', ...args);
  const doc = JSON.parse(r.out) as { stats: { states: number; transitions: number }; properties: { name: string; verdict: string }[] };
  return { code: r.code, stats: doc.stats, verdicts: Object.fromEntries(doc.properties.map((p) => [p.name, p.verdict])) };
}

describe('--network', () => {
  it("without it, the spec's network: a->c unordered, a->b FIFO — 16 states, 23 transitions", async () => {
    const r = await checkJson();
    expect(r.stats).toMatchObject({ states: 16, transitions: 23 });
    expect(r.verdicts).toEqual({ bInOrder: 'holds', cInOrder: 'violated', assertions: 'holds' });
  });

  it('a bare kind replaces the whole network, links and all: --network fifo — 10 states, 13 transitions', async () => {
    const r = await checkJson('--network', 'fifo');
    expect(r.code).toBe(0);
    expect(r.stats).toMatchObject({ states: 10, transitions: 13 });
  });

  it("default=fifo plus 'a->b=unordered': now b's link is the unordered one — 16 states, 23 transitions", async () => {
    const r = await checkJson('--network', 'default=fifo', '--network', 'a->b=unordered');
    expect(r.stats).toMatchObject({ states: 16, transitions: 23 });
    expect(r.verdicts).toEqual({ bInOrder: 'violated', cInOrder: 'holds', assertions: 'holds' });
  });

  it("a link option without a default is laid over the spec's network: both links unordered — 26 states, 41 transitions", async () => {
    const r = await checkJson('--network', 'a->b=unordered');
    expect(r.stats).toMatchObject({ states: 26, transitions: 41 });
    expect(r.verdicts).toEqual({ bInOrder: 'violated', cInOrder: 'violated', assertions: 'holds' });
    // '*->b' and 'a->*' keys work the same way; a command-line key wins on every link it matches,
    // even over a more specific key of the spec (here the spec's 'a->c')
    expect((await checkJson('--network', '*->b=unordered')).stats).toMatchObject({ states: 26, transitions: 41 });
    expect((await checkJson('--network', 'a->*=fifo')).stats).toMatchObject({ states: 10, transitions: 13 });
    expect((await checkJson('--network', '*->c=fifo')).stats).toMatchObject({ states: 10, transitions: 13 });
  });

  it("capacity and onFull per link: 'a->b=fifo:1:drop' drops y — 11 states, 14 transitions", async () => {
    // b's link: [x] → ([],[x]): N = 2, E = 1; c's (spec) unordered: N = 5, E = 4. 1 + 2·5 = 11; 1 + 1·5 + 2·4 = 14.
    const r = await checkJson('--network', 'a->b=fifo:1:drop');
    expect(r.stats).toMatchObject({ states: 11, transitions: 14 });
    expect(r.verdicts.bInOrder).toBe('holds');
  });

  it("a link that opts out of loss: 'a->b=fifo:no-lose' with --faults lose=1 — 22 states, 36 transitions", async () => {
    const r = await checkJson('--faults', 'lose=1', '--network', 'default=fifo', '--network', 'a->b=fifo:no-lose');
    expect(r.stats).toMatchObject({ states: 22, transitions: 36 });
    const none = await checkJson('--faults', 'lose=1', '--network', 'fifo:no-lose');
    expect(none.stats).toMatchObject({ states: 10, transitions: 13 });
  });
});

describe('traces record the --network options and replay rebuilds the same network', () => {
  it('several options: recorded as a list', async () => {
    const out = join(tmp, 'two.json');
    const r = await cli('check', FAN, '--network', 'default=fifo', '--network', 'a->b=unordered', '--trace-out', out, '--no-progress');
    expect(r.code).toBe(1);
    const t = JSON.parse(readFileSync(out, 'utf8')) as Trace;
    expect(t.overrides).toEqual({ params: {}, network: ['default=fifo', 'a->b=unordered'] });
    expect(t.property).toBe('bInOrder');
    const rep = await cli('replay', out);
    expect(rep.code).toBe(0);
    expect(rep.out).toContain('· network default=fifo a->b=unordered');
    expect(rep.out).toContain("confirmed: all 2 steps replayed and the trace violates 'bInOrder'");
  });

  it('one option: recorded as a string, as before; a layered link replays over the spec', async () => {
    const out = join(tmp, 'layered.json');
    await cli('check', FAN, '--network', 'a->b=fifo:1:drop', '--property', 'cInOrder', '--trace-out', out, '--no-progress');
    const t = JSON.parse(readFileSync(out, 'utf8')) as Trace;
    expect(t.overrides.network).toBe('a->b=fifo:1:drop');
    // the trace drops y on a->b and takes y first on the spec's unordered a->c: both need the same network on replay
    expect(t.steps[0].sends.map((s) => s.outcome)).toEqual(['queued', 'dropped-full', 'queued', 'queued']);
    const rep = await cli('replay', out);
    expect(rep.code).toBe(0);
    expect(rep.out).toContain("confirmed: all 2 steps replayed and the trace violates 'cInOrder'");
  });

  it('the old single-kind form still works end to end', async () => {
    const out = join(tmp, 'legacy.json');
    await cli('check', FAN, '--network', 'unordered', '--trace-out', out, '--no-progress');
    const t = JSON.parse(readFileSync(out, 'utf8')) as Trace;
    expect(t.overrides.network).toBe('unordered');
    expect((await cli('replay', out)).code).toBe(0);
  });

  it('a replay without the recorded network does not reach the recorded states', async () => {
    const out = join(tmp, 'stripped.json');
    await cli('check', FAN, '--network', 'a->b=fifo:1:drop', '--property', 'cInOrder', '--trace-out', out, '--no-progress');
    const t = JSON.parse(readFileSync(out, 'utf8')) as { overrides: { network?: string } };
    delete t.overrides.network;
    writeFileSync(out, JSON.stringify(t));
    const rep = await cli('replay', out);
    expect(rep.code).toBe(1);
    expect(rep.out).toContain('replay diverged at step 1: step is enabled but leads to a different state');
  });

  it('an unreadable network option in a trace is a usage error', async () => {
    const out = join(tmp, 'bad.json');
    await cli('check', FAN, '--network', 'unordered', '--trace-out', out, '--no-progress');
    const t = JSON.parse(readFileSync(out, 'utf8')) as { overrides: { network?: string } };
    t.overrides.network = 'fifo:banana';
    writeFileSync(out, JSON.stringify(t));
    const rep = await cli('replay', out);
    expect(rep.code).toBe(2);
    expect(rep.err).toContain("error: the trace's network option: unknown network option 'banana' in 'fifo:banana'");
  });
});

describe('--network usage errors exit 2', () => {
  it.each([
    [['a->z=fifo'], "network override 'a->z' names unknown process 'z' (processes: a, b, c)"],
    [['fifo:banana'], "unknown network option 'banana' in 'fifo:banana'"],
    [['fifo:0'], "unknown network option '0' in 'fifo:0'"],
    [['sync:2'], "a synchronous channel takes no options, got 'sync:2'"],
    [['priority'], "unknown network 'priority' in 'priority'"],
    [['a->b=fifo', 'a->b=unordered'], "network link 'a->b' is given twice"],
    [['fifo', 'default=mailbox'], "network link 'default' is given twice"],
  ])('%j', async (opts, message) => {
    const r = await cli('check', FAN, ...opts.flatMap((o) => ['--network', o]), '--no-progress');
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
