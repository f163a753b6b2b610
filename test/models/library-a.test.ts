/**
 * models/idempotent.ts, models/resequencer.ts, models/alternating-bit.ts: the exact state
 * spaces of the default and the broken variant (no reductions), and the counterexamples
 * their headers describe.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult, Protocol } from 'mpcheck';
import { environmentFaults } from '../../src/check/index.ts';
import { compile } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import alternatingBit from '../../models/alternating-bit.ts';
import idempotent from '../../models/idempotent.ts';
import resequencer from '../../models/resequencer.ts';
import { run } from '../helpers.ts';

const verdicts = (r: CheckResult) => Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));
const prop = (r: CheckResult, name: string) => r.properties.find((p) => p.name === name)!;
const texts = (r: CheckResult, name: string) => prop(r, name).trace!.steps.map((s) => s.text);
const replays = (p: Protocol, params: Record<string, boolean>, r: CheckResult, name: string, faults?: ReturnType<typeof environmentFaults>) =>
  expect(replayTrace(compile(p, { params, ...(faults ? { faults } : {}) }), prop(r, name).trace!).conclusion).toMatch(/^confirmed/);

describe('models/idempotent.ts', () => {
  it('default (set union): 101 states, 164 transitions; deliveries repeat but the end state is exactly-once', () => {
    const r = run(idempotent);
    expect(r.stats).toMatchObject({ states: 101, transitions: 164, depth: 10 });
    expect(verdicts(r)).toEqual({ atMostOnce: 'violated', deliveredAtEnd: 'holds', endState: 'holds', noDeadlock: 'holds', assertions: 'holds' });
    expect(prop(r, 'atMostOnce').detail).toBe('receiver delivered sender#0 twice');
    expect(texts(r, 'atMostOnce')).toEqual(['sender: send', 'duplicate data sender->receiver', 'receiver: receive data from sender', 'receiver: receive data from sender']);
    replays(idempotent, {}, r, 'atMostOnce');
  });

  it('broken=true (counter increment): 111 states, 175 transitions; a duplicate is counted twice at the end', () => {
    const r = run(idempotent, { params: { broken: true } });
    expect(r.stats).toMatchObject({ states: 111, transitions: 175, depth: 12 });
    expect(verdicts(r)).toEqual({ atMostOnce: 'violated', deliveredAtEnd: 'holds', endState: 'violated', noDeadlock: 'holds', assertions: 'holds' });
    const t = prop(r, 'endState').trace!;
    expect(texts(r, 'endState')).toEqual([
      'sender: send',
      'receiver: receive data from sender',
      'sender: receive ack from receiver',
      'sender: send',
      'duplicate data sender->receiver',
      'receiver: receive data from sender',
      'sender: receive ack from receiver', // the sender is done, the copy of data 1 still in flight
      'receiver: receive data from sender', // count becomes 3
    ]);
    expect(t.steps[4].label).toMatchObject({ kind: 'duplicate' });
    replays(idempotent, { broken: true }, r, 'endState');
  });

  it('reliable: one path of 7 states (send, receive, ack twice), nothing repeats; lossy: a lost ack repeats a delivery', () => {
    const rel = run(idempotent, { faults: environmentFaults('reliable') });
    expect(rel.stats).toMatchObject({ states: 7, transitions: 6, depth: 6 });
    expect(verdicts(rel).atMostOnce).toBe('holds');
    const lossy = run(idempotent, { faults: environmentFaults('lossy') });
    expect(texts(lossy, 'atMostOnce')).toEqual([
      'sender: send',
      'receiver: receive data from sender',
      'lose ack receiver->sender',
      'sender: timeout retransmit',
      'receiver: receive data from sender',
    ]);
    expect(verdicts(lossy).endState).toBe('holds');
  });
});

describe('models/resequencer.ts', () => {
  it('default: 15 states, 24 transitions — (n sent, set R received), 1+2+4+8 states', () => {
    // A state is n messages sent (0…3) and the subset R of them received: the receiver's
    // (expected, buf) is a function of R. Σ 2^n = 15 states. Transitions: sends 1+2+4 = 7,
    // receives Σ n·2^(n−1) = 0+1+4+12 = 17: 24.
    const r = run(resequencer);
    expect(r.stats).toMatchObject({ states: 15, transitions: 24, depth: 6 });
    expect(verdicts(r)).toEqual({ fifo: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' });
  });

  it('broken=true (deliver on arrival): 18 states, 26 transitions; fifo violated in 3 steps', () => {
    // The same 15 (n, R), plus the fifo monitor's violated copy of the three that can be
    // reached in order and out of order: R = {0,1} with n = 2 or 3, and R = {0,1,2}.
    const r = run(resequencer, { params: { broken: true } });
    expect(r.stats).toMatchObject({ states: 18, transitions: 26, depth: 6 });
    expect(verdicts(r)).toEqual({ fifo: 'violated', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' });
    expect(prop(r, 'fifo').detail).toBe('receiver delivered sender#1, but the next message from sender to receiver in submit order is sender#0');
    expect(texts(r, 'fifo')).toEqual(['sender: send', 'sender: send', 'receiver: receive data from sender']);
    expect(prop(r, 'fifo').trace!.steps[2].label).toMatchObject({ kind: 'deliver', process: 'receiver' });
    replays(resequencer, { broken: true }, r, 'fifo');
  });

  it('lossy: nothing retransmits, so a lost message is never delivered — fifo still holds', () => {
    const faults = environmentFaults('lossy');
    const r = run(resequencer, { faults });
    expect(verdicts(r)).toEqual({ fifo: 'holds', exactlyOnce: 'violated', noDeadlock: 'holds', assertions: 'holds' });
    expect(prop(r, 'exactlyOnce').trace!.steps).toHaveLength(6);
    expect(prop(r, 'exactlyOnce').detail).toMatch(/never delivered sender#\d/);
    replays(resequencer, {}, r, 'exactlyOnce', faults);
  });

  it('duplicating: the copy is recognised by its seq and dropped', () => {
    expect(verdicts(run(resequencer, { faults: environmentFaults('duplicating') }))).toEqual({ fifo: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' });
  });
});

describe('models/alternating-bit.ts', () => {
  it('default: 102 states, 177 transitions; exactly-once and FIFO under one loss and one duplicate', () => {
    const r = run(alternatingBit);
    expect(r.stats).toMatchObject({ states: 102, transitions: 177, depth: 12 });
    expect(verdicts(r)).toEqual({ exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' });
  });

  it('broken=true (the receiver ignores the bit): 159 states, 270 transitions; a duplicate is delivered twice', () => {
    const r = run(alternatingBit, { params: { broken: true } });
    expect(r.stats).toMatchObject({ states: 159, transitions: 270, depth: 13 });
    expect(verdicts(r)).toEqual({ exactlyOnce: 'violated', fifo: 'violated', noDeadlock: 'holds', assertions: 'holds' });
    expect(prop(r, 'exactlyOnce').detail).toBe('receiver delivered sender#0 twice');
    const steps = ['sender: send', 'duplicate data sender->receiver', 'receiver: receive data from sender', 'receiver: receive data from sender'];
    expect(texts(r, 'exactlyOnce')).toEqual(steps);
    expect(texts(r, 'fifo')).toEqual(steps);
    expect(prop(r, 'fifo').detail).toBe('receiver delivered sender#0, but no message from sender to receiver is due (every one submitted so far was delivered)');
    replays(alternatingBit, { broken: true }, r, 'exactlyOnce');
    replays(alternatingBit, { broken: true }, r, 'fifo');
  });

  it('crash: not crash-tolerant — a restarted receiver skips a message, a restarted sender trusts a stale ack', () => {
    const faults = environmentFaults('crash');
    const r = run(alternatingBit, { faults });
    expect(verdicts(r)).toEqual({ exactlyOnce: 'violated', fifo: 'violated', noDeadlock: 'holds', assertions: 'holds' });
    expect(prop(r, 'exactlyOnce').detail).toBe('the run ends here (no protocol step is enabled), but receiver never delivered sender#1');
    expect(texts(r, 'exactlyOnce')).toEqual([
      'sender: send',
      'receiver: receive data from sender',
      'sender: receive ack from receiver',
      'sender: send',
      'crash receiver', // it restarts expecting bit 0
      'restart receiver',
      'receiver: receive data from sender', // data 1 (bit 1): taken for a copy, acknowledged, not delivered
      'sender: receive ack from receiver',
      'sender: send',
      'receiver: receive data from sender', // data 2 (bit 0): delivered
      'sender: receive ack from receiver',
    ]);
    expect(prop(r, 'fifo').detail).toBe('receiver delivered sender#2, but the next message from sender to receiver in submit order is sender#1');
    expect(texts(r, 'fifo')).toEqual([
      'sender: send',
      'receiver: receive data from sender', // ack{0} in flight
      'crash sender',
      'restart sender',
      'sender: send', // sender#1 with bit 0
      'sender: receive ack from receiver', // the stale ack{0}
      'sender: send', // sender#2 with bit 1
      'receiver: receive data from sender', // sender#1, bit 0: a copy to the receiver
      'receiver: receive data from sender', // sender#2, bit 1: delivered, sender#1 skipped
    ]);
    replays(alternatingBit, {}, r, 'exactlyOnce', faults);
    replays(alternatingBit, {}, r, 'fifo', faults);
  });
});
