import { describe, expect, it } from 'vitest';
import boundedBuffer from '../../models/bounded-buffer.ts';
import busyPoll from '../../models/busy-poll.ts';
import priorityMailbox from '../../models/priority-overtake.ts';
import { cli, run, verdictOf } from '../helpers.ts';

/** The channel-semantics models: exact state spaces, both variants, and what their traces show. */

describe('models/bounded-buffer.ts', () => {
  it('drop (default): 7 states, 6 transitions; the lost item shows as dropped', () => {
    // (producer.next, buffer, consumer.got): S0 (0,[],[]) →produce S1 (1,[0],[]).
    // S1: produce 1 is dropped → S2' (2,[0],[]) | consume → S2 (1,[],[0]). S2' →consume S5 (2,[],[0]): item 1 lost.
    // S2 →produce S3 (2,[1],[0]) →consume S4 (2,[],[0,1]). 7 states; 1+2+1+1+1 = 6 transitions.
    const r = run(boundedBuffer);
    expect(r.stats).toMatchObject({ states: 7, transitions: 6 });
    const t = r.properties.find((p) => p.name === 'noLoss')!.trace!;
    expect(t.steps.map((s) => s.text)).toEqual(['producer: produce', 'producer: produce', 'consumer: receive item from producer']);
    expect(t.steps[1].sends).toEqual([{ from: 'producer', to: 'consumer', msg: { type: 'item', k: 1 }, outcome: 'dropped-full' }]);
  });

  it('block (drop=false): a single path of 5 states, and nothing is lost', () => {
    // S0 →produce (1,[0],[]) — produce 1 is not enabled while the buffer is full — →consume (1,[],[0]) →produce (2,[1],[0]) →consume (2,[],[0,1]).
    const r = run(boundedBuffer, { params: { drop: false } });
    expect(r.stats).toMatchObject({ states: 5, transitions: 4, depth: 4 });
    expect(r.properties.map((p) => [p.name, p.verdict])).toEqual([
      ['noLoss', 'holds'],
      ['noDeadlock', 'holds'],
      ['assertions', 'holds'],
    ]);
  });

  it('the chart marks the dropped send', async () => {
    const r = await cli('check', 'models/bounded-buffer.ts', '--no-progress');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/── item\{k:1\} ✗ dropped: buffer full ─▶/);
    const ok = await cli('check', 'models/bounded-buffer.ts', '--param', 'drop=false', '--no-progress');
    expect(ok.code).toBe(0);
  });
});

describe('models/priority-overtake.ts', () => {
  it('priority (default): 8 states, 7 transitions; FIFO fails with two messages', () => {
    // (sender.next, mailbox, got): sent 0: 1 state; sent 1: ([0],[]) and ([],[0]); sent 2: [1,0] (1 jumps ahead),
    // ([0],[1]), ([],[1,0]), ([1],[0]), ([],[0,1]). 8 states; transitions 1 + 2 + 1 + 1 + 1 + 1 = 7.
    const r = run(priorityMailbox);
    expect(r.stats).toMatchObject({ states: 8, transitions: 7 });
    const t = r.properties.find((p) => p.name === 'fifo')!.trace!;
    expect(t.steps.map((s) => s.text)).toEqual(['sender: send', 'sender: send', 'receiver: receive msg from sender']);
    expect(t.steps[2].label).toMatchObject({ msg: { seq: 1 }, index: 0 });
    expect(t.steps[2].state.inFlight).toEqual([{ from: 'sender', to: 'receiver', msg: { type: 'msg', seq: 0, urgency: 0 } }]);
  });

  it('plain mailbox (priority=false): FIFO holds — 6 states, 6 transitions', () => {
    const r = run(priorityMailbox, { params: { priority: false } });
    expect(r.stats).toMatchObject({ states: 6, transitions: 6 });
    expect(verdictOf(r, 'fifo')).toBe('holds');
    expect(verdictOf(r, 'urgentOvertakes')).toBe('violated');
  });
});

describe('models/busy-poll.ts', () => {
  it('12 states, 11 transitions; the client gives up on a request that is then served', () => {
    // C0 (nothing sent) →request. A_s = request in flight after s polls (s = 0,1,2): poll → A_{s+1} (s < 2),
    // giveUp (s = 2) → GA, server → B_s (reply waiting). B_s: poll and giveUp are disabled (mailbox not empty),
    // take the reply → D_s. GA → server replies → GB (reply left unread). States C0 A0-2 B0-2 D0-2 GA GB = 12;
    // transitions 1 + 2·3 + 3 + 1 = 11.
    const r = run(busyPoll);
    expect(r.stats).toMatchObject({ states: 12, transitions: 11 });
    const t = r.properties.find((p) => p.name === 'noSpuriousGiveUp')!.trace!;
    expect(t.steps.map((s) => s.text)).toEqual(['client: request', 'client: poll', 'client: poll', 'client: giveUp', 'server: receive request from client']);
    expect(t.steps[4].state.inFlight).toEqual([{ from: 'server', to: 'client', msg: { type: 'reply' } }]);
  });

  it('more spins, same story: spins=4 adds two A, B and D states each (18 states)', () => {
    expect(run(busyPoll, { params: { spins: 4 } }).stats).toMatchObject({ states: 18, transitions: 17 });
  });
});
