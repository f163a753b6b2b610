/**
 * go-back-n, lamport-total-order, two-phase-commit: the exact state spaces of the default
 * and the other variant (without reductions), and the counterexamples their headers describe.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult, Protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import { run } from '../helpers.ts';
import goBackN from '../../models/go-back-n.ts';
import lamport from '../../models/lamport-total-order.ts';
import twoPhaseCommit from '../../models/two-phase-commit.ts';

const verdicts = (r: CheckResult) => Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));
const prop = (r: CheckResult, name: string) => r.properties.find((p) => p.name === name)!;
const texts = (r: CheckResult, name: string) => prop(r, name).trace!.steps.map((s) => s.text);
const counts = (r: CheckResult) => [r.stats.states, r.stats.transitions];
const replays = (p: Protocol, opts: Parameters<typeof compile>[1], r: CheckResult, name: string) =>
  expect(replayTrace(compile(p, opts), prop(r, name).trace!).conclusion).toMatch(/^confirmed/);

describe('go-back-n', () => {
  it('window 2, seq mod 3, one loss: exactly-once and FIFO on 51 states', () => {
    const r = run(goBackN);
    expect(counts(r)).toEqual([51, 77]);
    expect(verdicts(r)).toEqual({ exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' });
  });

  it('broken=true (seq mod 2 = window): a lost cumulative ack makes the receiver take a stale copy of message 0 as message 2', () => {
    const r = run(goBackN, { params: { broken: true } });
    expect(counts(r)).toEqual([66, 95]);
    expect(verdicts(r)).toEqual({ exactlyOnce: 'violated', fifo: 'violated', noDeadlock: 'holds', assertions: 'holds' });
    expect(prop(r, 'exactlyOnce').detail).toBe('receiver delivered sender#0 twice');
    const steps = [
      'sender: send',
      'sender: send',
      'receiver: receive data from sender',
      'receiver: receive data from sender',
      'lose ack receiver->sender',
      'sender: receive ack from receiver',
      'sender: timeout retransmit',
      'receiver: receive data from sender',
    ];
    expect(texts(r, 'exactlyOnce')).toEqual(steps);
    expect(texts(r, 'fifo')).toEqual(steps);
    // the ack that got through is "0" (expects 2 ≡ 0), read by the sender as acking nothing
    expect(prop(r, 'exactlyOnce').trace!.steps[5]!.label).toMatchObject({ kind: 'deliver', process: 'sender' });
    expect(prop(r, 'exactlyOnce').trace!.steps[4]!.fault).toBe(true);
    replays(goBackN, { params: { broken: true } }, r, 'exactlyOnce');
    replays(goBackN, { params: { broken: true } }, r, 'fifo');
  });

  it('mod window+1 assumes FIFO: with 4 messages, a reordered pair of acks plus one loss leaves message 3 undelivered', () => {
    expect(verdicts(run(goBackN, { params: { messages: 4 }, faults: { lose: 0, reorder: 1 } }))).toMatchObject({ exactlyOnce: 'holds', fifo: 'holds' });
    const opts = { params: { messages: 4 }, faults: { lose: 1, reorder: 1 }, only: ['exactlyOnce'] };
    const r = run(goBackN, opts);
    expect(prop(r, 'exactlyOnce').detail).toBe('the run ends here (no protocol step is enabled), but receiver never delivered sender#3');
    const t = texts(r, 'exactlyOnce');
    expect(t).toHaveLength(12);
    expect(t[4]).toMatch(/^reorder ack receiver->sender/);
    expect(t[11]).toBe('lose data sender->receiver');
    replays(goBackN, opts, r, 'exactlyOnce');
  });
});

describe('lamport-total-order', () => {
  it('head of the (ts, pid) queue with acks from all: total order on 3,310 states', () => {
    const r = run(lamport);
    expect(counts(r)).toEqual([3310, 11418]);
    expect(verdicts(r)).toEqual({ totalOrder: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' });
  });

  it('broken=true: delivering any fully acked message, not only the head, breaks total order', () => {
    const r = run(lamport, { params: { broken: true } });
    expect(counts(r)).toEqual([6838, 24730]);
    expect(verdicts(r)).toEqual({ totalOrder: 'violated', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' });
    expect(prop(r, 'totalOrder').detail).toBe('c delivered b#0 before a#0, but a delivered a#0 before b#0');
    expect(texts(r, 'totalOrder')).toEqual([
      'a: broadcast',
      'b: broadcast',
      'a: receive req from b',
      'b: receive req from a',
      'a: receive ack from b',
      'c: receive req from a',
      'a: receive ack from c',
      'a: deliver [choice 0]',
      'c: receive ack from a',
      'c: receive req from b',
      'a: receive ack from c',
      'a: deliver [choice 0]',
      'c: deliver [choice 0]',
      'c: receive ack from b',
      'c: deliver [choice 0]',
    ]);
    // at step 13 c delivers b#0 from behind the head (a#0 still lacks b's ack)
    const c13 = prop(r, 'totalOrder').trace!.steps[12]!;
    expect(c13.state.procs.c).toMatchObject({ queue: [{ id: 'a#0', ts: 1, from: 'a' }] });
    replays(lamport, { params: { broken: true } }, r, 'totalOrder');
  });
});

describe('two-phase-commit', () => {
  const blocked = [
    'c: start',
    'p1: receive prepare from c [choice 0]',
    'c: receive vote from p1',
    'p2: receive prepare from c [choice 0]',
    'c: receive vote from p2',
    'crash c',
    'restart c',
  ];

  it('persist=false: atomic, but a coordinator restarted without its decision blocks both participants (fair lasso 7+4)', () => {
    const r = run(twoPhaseCommit);
    expect(counts(r)).toEqual([370, 800]);
    expect(verdicts(r)).toEqual({ atomicity: 'holds', commitNeedsYes: 'holds', allDecide: 'violated', preparedDecides: 'violated', noDeadlock: 'holds', assertions: 'holds' });
    for (const name of ['allDecide', 'preparedDecides']) {
      const t = prop(r, name).trace!;
      expect([t.loopStart, t.steps.length - t.loopStart!]).toEqual([7, 4]);
      // both vote yes (choice 0), c decides commit, crashes before notifying, restarts with phase 'decided' and no decision
      expect(texts(r, name)).toEqual([...blocked, 'p1: timeout query', 'c: receive vote from p1', 'p2: timeout query', 'c: receive vote from p2']);
      expect(t.steps[6]!.state.procs.c).toMatchObject({ phase: 'decided', decision: null });
      expect(t.steps[6]!.state.procs.p1).toMatchObject({ vote: 'yes', decision: null });
      replays(twoPhaseCommit, {}, r, name);
    }
    expect(prop(r, 'preparedDecides').detail).toMatch(/trigger of 'preparedDecides' holds after step 2/);
  });

  it('persist=true: with votes and decision on stable storage every participant decides', () => {
    const r = run(twoPhaseCommit, { params: { persist: true } });
    expect(counts(r)).toEqual([290, 704]);
    expect(verdicts(r)).toEqual({ atomicity: 'holds', commitNeedsYes: 'holds', allDecide: 'holds', preparedDecides: 'holds', noDeadlock: 'holds', assertions: 'holds' });
  });

  it('without fairness the blocked lasso needs only one querying participant (7+2)', () => {
    const r = run(twoPhaseCommit, { fairness: { weak: [], strong: [] }, only: ['allDecide'] });
    const t = prop(r, 'allDecide').trace!;
    expect([t.loopStart, t.steps.length - t.loopStart!]).toEqual([7, 2]);
    expect(texts(r, 'allDecide')).toEqual([...blocked, 'p1: timeout query', 'c: receive vote from p1']);
  });

  it('strong, not weak, process fairness: with one loss, weak fairness lets p1 query forever while p2 never aborts on its own', () => {
    const lossy = { lose: 1, crash: 0 };
    const weak = run(twoPhaseCommit, { faults: lossy, fairness: { weak: ['process:*'] }, only: ['allDecide'] });
    expect(counts(weak)).toEqual([176, 291]);
    const t = prop(weak, 'allDecide').trace!;
    expect([t.loopStart, t.steps.length - t.loopStart!]).toEqual([4, 2]);
    expect(texts(weak, 'allDecide')).toEqual(['c: start', 'p1: receive prepare from c [choice 0]', 'c: receive vote from p1', 'lose prepare c->p2', 'p1: timeout query', 'c: receive vote from p1']);
    expect(verdicts(run(twoPhaseCommit, { faults: lossy, only: ['allDecide'] }))).toEqual({ allDecide: 'holds' });
  });
});
