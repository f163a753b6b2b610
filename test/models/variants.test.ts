/**
 * The variants of the bundled models that their `expect` does not cover (the non-default
 * value of a boolean parameter), with the counterexamples their headers describe.
 */
import { describe, expect, it } from 'vitest';
import { check } from 'mpcheck';
import type { CheckResult, Protocol } from 'mpcheck';
import { compile } from '../../src/engine/index.ts';
import { replayTrace } from '../../src/trace/index.ts';
import causalBroadcast from '../../models/causal-broadcast.ts';
import exactlyOnce from '../../models/exactly-once.ts';
import priorityMailbox from '../../models/priority-mailbox.ts';
import retransmit from '../../models/retransmit.ts';
import totalOrder from '../../models/total-order.ts';

const verdicts = (r: CheckResult) => Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));
const traceOf = (r: CheckResult, name: string) => r.properties.find((p) => p.name === name)!.trace!;
const texts = (r: CheckResult, name: string) => traceOf(r, name).steps.map((s) => s.text);
const replays = (p: Protocol, params: Record<string, boolean>, r: CheckResult, name: string) => expect(replayTrace(compile(p, { params }), traceOf(r, name)).conclusion).toMatch(/^confirmed/);

describe('causal-broadcast', () => {
  it('broken=true: plain broadcast over FIFO channels violates causal order with a 3-process chain', () => {
    const r = check(causalBroadcast, { params: { broken: true } });
    expect(verdicts(r)).toEqual({ causal: 'violated', totalOrder: 'violated', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' });
    const causal = r.properties.find((p) => p.name === 'causal')!;
    expect(causal.detail).toBe('c delivered b#0 before a#0, although submit(a#0) happened before submit(b#0)');
    expect(texts(r, 'causal')).toEqual(['a: broadcast', 'b: receive bcast from a', 'b: broadcast', 'c: receive bcast from b']);
    expect(new Set(causal.trace!.steps.map((s) => s.label.kind === 'action' || s.label.kind === 'deliver' ? s.label.process : '')).size).toBe(3);
    replays(causalBroadcast, { broken: true }, r, 'causal');
  });

  it('the vector-clock variant holds causal order; the causal and exactlyOnce monitors add no states to it', () => {
    const r = check(causalBroadcast, { measureGhost: true, only: ['causal', 'exactlyOnce', 'noDeadlock'] });
    expect(verdicts(r)).toEqual({ causal: 'holds', exactlyOnce: 'holds', noDeadlock: 'holds' });
    // the protocol's own clocks and buffers already determine the monitors' ghost state
    expect(r.ghost).toEqual({ monitors: ['causal', 'exactlyOnce'], statesWith: 431, statesWithout: 431, complete: true });
  });
});

describe('total-order', () => {
  it('broken=true: per-sender broadcast delivers concurrent messages in different orders', () => {
    const r = check(totalOrder, { params: { broken: true } });
    expect(verdicts(r)).toEqual({ totalOrder: 'violated', causal: 'violated', exactlyOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' });
    expect(r.properties.find((p) => p.name === 'totalOrder')!.detail).toBe('b delivered b#0 before a#0, but a delivered a#0 before b#0');
    expect(texts(r, 'totalOrder')).toEqual(['a: broadcast', 'b: broadcast', 'a: receive ord from b', 'b: receive ord from a']);
    replays(totalOrder, { broken: true }, r, 'totalOrder');
  });

  it('the sequencer keeps total order with two messages per member too', () => {
    expect(verdicts(check(totalOrder, { params: { messages: 2 }, only: ['totalOrder'] }))).toEqual({ totalOrder: 'holds' });
  });
});

describe('exactly-once', () => {
  it('broken=true: a volatile dedup set lets a receiver crash cause a second delivery', () => {
    const r = check(exactlyOnce, { params: { broken: true } });
    expect(verdicts(r)).toEqual({ exactlyOnce: 'violated', fifo: 'violated', integrity: 'holds', noDeadlock: 'holds', assertions: 'holds' });
    expect(r.properties.find((p) => p.name === 'exactlyOnce')!.detail).toBe('receiver delivered sender#0 twice');
    expect(texts(r, 'exactlyOnce')).toEqual([
      'sender: send',
      'receiver: receive data from sender',
      'lose ack receiver->sender',
      'sender: timeout retransmit',
      'crash receiver',
      'restart receiver',
      'receiver: receive data from sender',
    ]);
    replays(exactlyOnce, { broken: true }, r, 'exactlyOnce');
  });

  it('without the crash the volatile variant is exactly-once too: the crash is what breaks it', () => {
    expect(verdicts(check(exactlyOnce, { params: { broken: true }, faults: { crash: 0 } })).exactlyOnce).toBe('holds');
  });
});

describe('priority-mailbox (raw channel mode)', () => {
  it('priority=false: a FIFO mailbox is FIFO but not a priority mailbox', () => {
    const r = check(priorityMailbox, { params: { priority: false } });
    expect(verdicts(r)).toEqual({ fifo: 'holds', priority: 'violated', atMostOnce: 'holds', noDeadlock: 'holds', assertions: 'holds' });
    expect(r.properties.find((p) => p.name === 'priority')!.detail).toBe(
      'consumer received {prio:0,type:"job"} (priority 0) from producer while {prio:1,type:"job"} (priority 1) from producer was waiting',
    );
    expect(texts(r, 'priority')).toEqual(['producer: send', 'producer: send', 'consumer: receive job from producer']);
  });

  it('a duplicated job is received twice: atMostOnce over the raw channel', () => {
    const r = check(priorityMailbox, { faults: { duplicate: 1 } });
    expect(r.properties.find((p) => p.name === 'atMostOnce')!.detail).toBe('consumer delivered producer#0 twice');
  });
});

describe('retransmit', () => {
  it('atMostOnce is violated by the duplicate delivery after a lost ack', () => {
    const r = check(retransmit);
    expect(r.properties.find((p) => p.name === 'atMostOnce')!.detail).toBe('receiver delivered sender#0 twice');
    expect(texts(r, 'atMostOnce')).toEqual(['sender: send', 'receiver: receive data from sender', 'lose ack receiver->sender', 'sender: timeout retransmit', 'receiver: receive data from sender']);
  });
});
