import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mpcheck-cli-'));

describe('mpcheck check', () => {
  it('finds the synchronous-send deadlock, prints the chart, exits 1', async () => {
    const r = await cli('check', 'models/sync-deadlock.ts');
    expect(r.code).toBe(1);
    expect(r.out).toContain('✗ noDeadlock violated no protocol step is enabled and not every process is at a proper end');
    expect(r.out).toContain("Counterexample for 'noDeadlock' (2 steps)");
    expect(r.out).toMatch(/1 +● prepare/);
    expect(r.out).toMatch(/2 +● prepare/);
    expect(r.out).toContain('  a: {pc:"sending"}');
  });

  it('exits 0 when every property holds, with the state count', async () => {
    const r = await cli('check', 'models/sync-deadlock.ts', '--param', 'ordered=true', '--no-por');
    expect(r.code).toBe(0);
    expect(r.out).toContain('✓ noDeadlock holds    checked on all 6 reachable states');
    expect(r.out).toMatch(/states 6 · transitions 6 · depth 4/);
  });

  it('exits 3 with unknown when a limit is hit', async () => {
    const r = await cli('check', 'bench/models/ring/ring.ts', '--max-states', '100');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/\? assertions unknown  state limit 100 reached; \d+ states explored, none decided it/);
    expect(r.out).toContain('stopped: max-states');
  });

  it('exits 3 with unknown when --max-memory is reached, with the statistics so far in the JSON', async () => {
    const r = await cli('check', 'bench/models/ring/ring.ts', '--param', 'N=6', '--no-por', '--no-symmetry', '--max-memory', '1', '--json');
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ complete: false, stoppedBy: 'max-memory' });
    expect(doc.stats.states).toBeGreaterThanOrEqual(256);
    expect(doc.stats.states).toBeLessThan(471856);
    expect(doc.properties[0]).toMatchObject({ name: 'assertions', verdict: 'unknown' });
    expect(doc.properties[0].detail).toMatch(/^memory limit 1 MiB reached; \d+ states explored/);
  });

  it('--json prints the documented result document', async () => {
    const r = await cli('check', 'models/fire-and-forget.ts', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['format', 'mpcheck', 'model', 'file', 'params', 'strategy', 'workers', 'complete', 'stoppedBy', 'stats', 'reductions', 'properties']);
    expect(doc).toMatchObject({ format: 'mpcheck-result/1', model: 'fire-and-forget', params: { messages: 2 }, complete: true, stoppedBy: 'exhausted' });
    expect(doc.stats).toMatchObject({ states: 11, transitions: 13, depth: 4 });
    expect(Object.keys(doc.stats)).toEqual(['states', 'transitions', 'depth', 'elapsedMs', 'statesPerSecond', 'maxQueue', 'bytesPerState', 'peakRssBytes']);
    const p = doc.properties.find((x: { name: string }) => x.name === 'allDelivered');
    expect(p.verdict).toBe('violated');
    expect(p.trace.steps).toHaveLength(4);
  });

  it('with partial-order reduction, traces are made shortest by a second search, and --json says so (shortening)', async () => {
    // lamport-total-order with one reordering: POR alone finds a 17-step totalOrder trace,
    // the unreduced search a 16-step one (proofs/MATRIX.md, reordering column)
    const reduced = await cli('check', 'models/lamport-total-order.ts', '--faults', 'reorder=1', '--json');
    const full = await cli('check', 'models/lamport-total-order.ts', '--faults', 'reorder=1', '--no-por', '--json');
    expect([reduced.code, full.code]).toEqual([1, 1]);
    const doc = JSON.parse(reduced.out);
    const plain = JSON.parse(full.out);
    const steps = (d: { properties: { name: string; trace?: { steps: unknown[] } }[] }) => d.properties.find((x) => x.name === 'totalOrder')!.trace!.steps.length;
    expect(steps(doc)).toBe(steps(plain));
    expect(doc.reductions.por).toBe(true);
    expect(doc.reductions.ampleStates).toBeGreaterThan(0);
    expect(doc.shortening).toEqual({ depth: 17, states: expect.any(Number), complete: true, shortened: ['totalOrder'] });
    expect(plain.shortening).toBeUndefined();
    const text = await cli('check', 'models/lamport-total-order.ts', '--faults', 'reorder=1');
    expect(text.out).toContain("Traces are shortest: a search without partial-order reduction to depth 17");
    expect(text.out).toContain("Counterexample for 'totalOrder' (16 steps)");
  });

  it('--ghost measures the monitors\' ghost state: text line and JSON field', async () => {
    const r = await cli('check', 'models/priority-mailbox.ts', '--ghost', '--param', 'priority=false');
    expect(r.code).toBe(1);
    expect(r.out).toContain('monitors: fifo, priority, atMostOnce · ghost state: 15 states with them, 10 without (+5, ×1.50)');
    const j = JSON.parse((await cli('check', 'models/priority-mailbox.ts', '--ghost', '--json', '--param', 'priority=false')).out);
    expect(j.ghost).toEqual({ monitors: ['fifo', 'priority', 'atMostOnce'], statesWith: 15, statesWithout: 10, complete: true });
    const plain = await cli('check', 'models/priority-mailbox.ts', '--json');
    expect(JSON.parse(plain.out).ghost).toBeUndefined();
  });

  it('--workers 2: the same counts and verdicts, with the workers in the header and the JSON', async () => {
    const one = JSON.parse((await cli('check', 'models/retransmit.ts', '--json')).out);
    const r = await cli('check', 'models/retransmit.ts', '--workers', '2', '--wait-for-workers', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.workers).toBe(2);
    expect(one.workers).toBe(1);
    for (const k of ['states', 'transitions', 'depth']) expect(doc.stats[k]).toBe(one.stats[k]);
    expect(doc.properties.map((p: { verdict: string }) => p.verdict)).toEqual(one.properties.map((p: { verdict: string }) => p.verdict));
    const text = await cli('check', 'models/sync-deadlock.ts', '--workers', '2', '--wait-for-workers', '--no-por');
    expect(text.code).toBe(1);
    expect(text.out.split('\n')[0]).toBe('mpcheck · sync-deadlock (models/sync-deadlock.ts) · params ordered=false · bfs · 2 workers');
    expect(text.out).toContain("Counterexample for 'noDeadlock' (2 steps)");
    // auto: one per CPU this process may use
    const auto = JSON.parse((await cli('check', 'models/retransmit.ts', '--workers', 'auto', '--wait-for-workers', '--json')).out);
    expect(auto.workers).toBe(availableParallelism());
    for (const k of ['states', 'transitions', 'depth']) expect(auto.stats[k]).toBe(one.stats[k]);
    // (no note while the threads are no more than the CPUs)
    if (availableParallelism() >= 2) expect(r.err).toBe('');
    // more threads than CPUs: a note on stderr, the same counts
    const cpus = availableParallelism();
    const over = await cli('check', 'models/retransmit.ts', '--workers', String(cpus + 1), '--wait-for-workers', '--json');
    expect(over.err).toBe(`note: --workers ${cpus + 1} on ${cpus} CPU${cpus === 1 ? '' : 's'}: the threads take turns on them, which is usually slower than --workers ${cpus} (--workers auto takes one per CPU)`);
    const doc3 = JSON.parse(over.out);
    expect(doc3.workers).toBe(cpus + 1);
    for (const k of ['states', 'transitions', 'depth']) expect(doc3.stats[k]).toBe(one.stats[k]);
  });

  it('--workers 2 on a search over before the worker thread starts: the same counts, on one thread, and says so', async () => {
    const one = JSON.parse((await cli('check', 'models/retransmit.ts', '--json')).out);
    const doc = JSON.parse((await cli('check', 'models/retransmit.ts', '--workers', '2', '--json')).out);
    for (const k of ['states', 'transitions', 'depth']) expect(doc.stats[k]).toBe(one.stats[k]);
    expect(doc.workers).toBe(1);
    expect(doc.workersNote).toMatch(/^the search was over in \d+\.\d\d s, before the worker thread was started \(worker threads start once a BFS level has 10,000 states after 0\.3 s, or after 3 s\)$/);
    const text = await cli('check', 'models/sync-deadlock.ts', '--workers', '2', '--no-por');
    expect(text.out.split('\n')[0]).toMatch(/^mpcheck · sync-deadlock \(models\/sync-deadlock.ts\) · params ordered=false · bfs · 1 worker \(the search was over in \d+\.\d\d s, before the worker thread was started \(worker threads start once a BFS level has 10,000 states after 0\.3 s, or after 3 s\)\)$/);
  });

  it('--property, --strategy dfs, --param, --faults', async () => {
    const r = await cli('check', 'models/fire-and-forget.ts', '--property', 'noDuplicates', '--strategy', 'dfs', '--param', 'messages=3', '--faults', 'lose=0', '--json');
    const doc = JSON.parse(r.out);
    expect(r.code).toBe(0);
    expect(doc.strategy).toBe('dfs');
    expect(doc.properties.map((p: { name: string }) => p.name)).toEqual(['noDuplicates']);
    // no loss: message k is unsent, in flight or delivered in FIFO order: states = pairs (sent, delivered) with delivered ≤ sent ≤ 3 = 10
    expect(doc.stats.states).toBe(10);
  });

  it('--trace-out writes a trace that replay confirms step by step', async () => {
    const file = join(tmp, 'ff.json');
    const r = await cli('check', 'models/fire-and-forget.ts', '--trace-out', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`trace of 'allDelivered' written to ${file}`);
    const rep = await cli('replay', file);
    expect(rep.code).toBe(0);
    expect(rep.out).toContain('✓   1. sender: send');
    expect(rep.out).toContain('confirmed: all 4 steps replayed and the trace violates \'allDelivered\'');
  });

  it('replay reports the step where a tampered trace diverges', async () => {
    const file = join(tmp, 'rt.json');
    await cli('check', 'models/retransmit.ts', '--trace-out', file);
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    trace.steps[2].label.kind = 'duplicate';
    writeFileSync(file, JSON.stringify(trace));
    const rep = await cli('replay', file);
    expect(rep.code).toBe(1);
    expect(rep.out).toMatch(/✗   3\. lose ack receiver->sender — step is not enabled here; enabled: /);
    expect(rep.out).toContain('replay diverged at step 3');
  });

  it('replay of a deadlock trace, with the spec parameters recorded', async () => {
    const file = join(tmp, 'dl.json');
    await cli('check', 'models/sync-deadlock.ts', '--trace-out', file);
    const rep = await cli('replay', file);
    expect(rep.code).toBe(0);
    expect(rep.out).toContain("confirmed: all 2 steps replayed and the trace violates 'noDeadlock'");
  });
});

describe('usage and spec errors exit 2 with a clear message', () => {
  it.each([
    [['check', 'models/nope.ts'], 'spec error: models/nope.ts: no such file'],
    [['check', 'test/fixtures/no-default.ts'], 'spec error: test/fixtures/no-default.ts: the spec has no default export (export default define({...}))'],
    [['check', 'test/fixtures/not-protocol.ts'], 'spec error: test/fixtures/not-protocol.ts: the default export is not a protocol'],
    [['check', 'test/fixtures/throws-on-load.ts'], 'spec error: test/fixtures/throws-on-load.ts: the spec does not load: cannot start: missing config'],
    [['check', 'models/retransmit.ts', '--param', 'msgs=3'], "spec error: models/retransmit.ts: unknown parameter 'msgs' (parameters: messages)"],
    [['check', 'models/retransmit.ts', '--faults', 'loose=1'], "unknown fault 'loose' (faults: lose, duplicate, reorder, crash, partition)"],
    [['check', 'models/retransmit.ts', '--strategy', 'random'], "argument 'random' is invalid. Allowed choices are bfs, dfs."],
    [['check', 'models/retransmit.ts', '--workers', '0'], "expected a number of workers (1 or more) or 'auto', got '0'"],
    [['check', 'models/retransmit.ts', '--property', 'fifo'], "unknown property 'fifo' (properties: allDelivered, noDuplicates, atMostOnce, noDeadlock, assertions)"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('%j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe('mpcheck list and matrix', () => {
  it('lists the bundled models with their parameters', async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/sync-deadlock +models\/sync-deadlock\.ts/);
    expect(r.out).toContain('params: ordered=false');
  });

  it('matrix checks every bundled model and agrees with the expected verdicts', async () => {
    const r = await cli('matrix', '--format', 'md');
    expect(r.code).toBe(0);
    expect(r.out).toContain('| model | property | spec | reliable | lossy | duplicating | reordering | crash |');
    expect(r.out).toContain('| sync-deadlock | noDeadlock | violated (trace 2) | violated (trace 2) |');
    expect(r.out).not.toContain('≠ expected');
    expect(r.err).toBe('');
  });
});

describe('replay after --property', () => {
  it('a trace from a run that checked one property replays with the same monitors', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'mpcheck-only-')), 'only.json');
    const r = await cli('check', 'models/retransmit.ts', '--property', 'noDuplicates', '--trace-out', file);
    expect(r.code).toBe(1);
    const rep = await cli('replay', file);
    expect(rep.out).toContain("confirmed: all 5 steps replayed and the trace violates 'noDuplicates'");
    expect(rep.code).toBe(0);
  });
});

describe('the mpcheck command as a user runs it', () => {
  it('loads a spec written outside any package (no package.json) that imports mpcheck', async () => {
    const { mkdtempSync, copyFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'mpcheck-user-'));
    copyFileSync('models/sync-deadlock.ts', join(dir, 'spec.ts'));
    const r = spawnSync(process.execPath, ['bin/mpcheck.js', 'check', join(dir, 'spec.ts'), '--no-progress'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ noDeadlock violated');
  });
});
