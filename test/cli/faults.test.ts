import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Trace } from 'mpcheck';
import { cli } from '../helpers.ts';

/**
 * Every fault kind shows in the text chart and in the JSON trace, and `mpcheck replay`
 * re-executes a trace containing it. The fixture's `noGap` invariant breaks under any fault.
 */

const tmp = mkdtempSync(join(tmpdir(), 'mpcheck-faults-'));
const KEEP = 'test/fixtures/faulty-link.ts';
const DROP = 'test/fixtures/faulty-link-drop.ts';

interface Case {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  /** The steps of the shortest counterexample, as the trace writes them. */
  readonly texts: readonly string[];
  /** Lines of the chart that mark the fault. */
  readonly chart: readonly (string | RegExp)[];
}

const cases: readonly Case[] = [
  {
    name: 'lose',
    file: KEEP,
    args: ['--faults', 'lose=1'],
    texts: ['sender: send', 'sender: send', 'lose data sender->receiver', 'receiver: receive data from sender'],
    chart: [/^3 +✗ lost data\{seq:0\} \(sender→receiver\)$/m],
  },
  {
    name: 'duplicate',
    file: KEEP,
    args: ['--faults', 'duplicate=1'],
    texts: ['sender: send', 'duplicate data sender->receiver', 'receiver: receive data from sender', 'receiver: receive data from sender'],
    chart: [/^2 +⧉ duplicated data\{seq:0\} \(sender→receiver\)$/m],
  },
  {
    name: 'reorder',
    file: KEEP,
    args: ['--faults', 'reorder=1'],
    texts: ['sender: send', 'sender: send', 'reorder data sender->receiver', 'receiver: receive data from sender'],
    chart: [/^3 +⇅ reordered data\{seq:1\} overtakes \(sender→receiver\)$/m],
  },
  {
    name: 'crash and restart (volatile state)',
    file: KEEP,
    args: ['--faults', 'crash=1'],
    texts: ['sender: send', 'sender: send', 'receiver: receive data from sender', 'crash receiver', 'restart receiver', 'receiver: receive data from sender'],
    chart: [/^4 +☠ crash receiver$/m, /^5 +↻ restart receiver$/m, 'receiver: {got:[1]}'],
  },
  {
    name: "crash with crashMailbox 'drop' (persistent state)",
    file: DROP,
    args: ['--faults', 'crash=1', '--param', 'persist=true'],
    texts: ['sender: send', 'crash receiver', 'restart receiver', 'sender: send', 'receiver: receive data from sender'],
    chart: [/^2 +☠ crash receiver\n +✗ mailbox dropped data\{seq:0\} ⟵ sender$/m],
  },
  {
    name: 'partition and heal',
    file: KEEP,
    args: ['--faults', 'partition=1'],
    texts: ['partition sender<->receiver', 'sender: send', 'heal sender<->receiver', 'sender: send', 'receiver: receive data from sender'],
    chart: [/^1 +⚡ partition sender ⟷ receiver$/m, /── data\{seq:0\} ✗ dropped: partitioned ─▶/, /^3 +⚕ heal sender ⟷ receiver$/m],
  },
];

describe.each(cases)('$name', ({ name, file, args, texts, chart }) => {
  const out = join(tmp, `${name.replace(/\W+/g, '-')}.json`);

  it('check: the chart marks the fault; the JSON trace records it as a fault step', async () => {
    const r = await cli('check', file, ...args, '--trace-out', out, '--no-progress');
    expect(r.code).toBe(1);
    for (const c of chart) expect(r.out).toMatch(c);
    const trace = JSON.parse(readFileSync(out, 'utf8')) as Trace;
    expect(trace.steps.map((s) => s.text)).toEqual(texts);
    const faults = trace.steps.filter((s) => s.fault).map((s) => s.label.kind);
    expect(faults.length).toBeGreaterThan(0);
    expect(faults).toEqual(trace.steps.filter((s) => !['action', 'deliver', 'restart'].includes(s.label.kind)).map((s) => s.label.kind));
    expect(trace.overrides.faults).toEqual(Object.fromEntries([args[1].split('=')].map(([k, v]) => [k, Number(v)])));
  });

  it('replay re-executes it and confirms the violation', async () => {
    const rep = await cli('replay', out);
    expect(rep.code).toBe(0);
    expect(rep.out).toContain(`confirmed: all ${texts.length} steps replayed and the trace violates 'noGap'`);
    texts.forEach((t, i) => expect(rep.out).toContain(`✓ ${String(i + 1).padStart(3)}. ${t}`));
  });
});

describe('what the JSON trace holds for faults', () => {
  it('a partitioned state lists its cut link; the dropped send has its outcome', async () => {
    const out = join(tmp, 'partition-detail.json');
    await cli('check', KEEP, '--faults', 'partition=1', '--trace-out', out, '--no-progress');
    const t = JSON.parse(readFileSync(out, 'utf8')) as Trace;
    expect(t.steps[0]).toMatchObject({ label: { kind: 'partition', a: 'sender', b: 'receiver' }, fault: true, state: { cut: ['sender<->receiver'], faults: { partition: 1 } } });
    expect(t.steps[1].sends).toEqual([{ from: 'sender', to: 'receiver', msg: { type: 'data', seq: 0 }, outcome: 'dropped-partition' }]);
    expect(t.steps[2]).toMatchObject({ label: { kind: 'heal' }, fault: true });
    expect(t.steps[2].state.cut).toBeUndefined();
  });

  it('a crash records the process as down until its restart', async () => {
    const out = join(tmp, 'crash-detail.json');
    await cli('check', KEEP, '--faults', 'crash=1', '--trace-out', out, '--no-progress');
    const t = JSON.parse(readFileSync(out, 'utf8')) as Trace;
    expect(t.steps[3]).toMatchObject({ label: { kind: 'crash', process: 'receiver' }, fault: true, state: { down: ['receiver'], procs: { receiver: { got: [] } } } });
    expect(t.steps[4]).toMatchObject({ label: { kind: 'restart', process: 'receiver' }, fault: false, state: { down: [] } });
  });

  it('persistent state survives the crash: with persist=true and the mailbox kept, no gap', async () => {
    const r = await cli('check', KEEP, '--faults', 'crash=1', '--param', 'persist=true', '--no-progress');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ noGap +holds/);
  });

  it('a tampered fault step is refused on replay', async () => {
    const out = join(tmp, 'tampered.json');
    await cli('check', KEEP, '--faults', 'lose=1', '--trace-out', out, '--no-progress');
    const t = JSON.parse(readFileSync(out, 'utf8')) as { steps: { label: { index: number; msg: unknown } }[] };
    t.steps[2].label = { ...t.steps[2].label, index: 1, msg: { type: 'data', seq: 1 } }; // lose the second message instead of the first
    writeFileSync(out, JSON.stringify(t));
    const rep = await cli('replay', out);
    expect(rep.code).toBe(1);
    expect(rep.out).toContain('replay diverged at step 3: step is enabled but leads to a different state');
  });
});
