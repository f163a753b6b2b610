import { describe, expect, it } from 'vitest';
import fireAndForget from '../../models/fire-and-forget.ts';
import retransmit from '../../models/retransmit.ts';
import syncDeadlock from '../../models/sync-deadlock.ts';
import ring from '../../bench/models/ring/ring.ts';
import { run, verdictOf } from '../helpers.ts';

describe('exact state counts', () => {
  it('fire-and-forget, 2 messages, 1 loss: 11 states, 13 transitions', () => {
    // Each message is unsent, in flight (q), delivered (d) or lost (l); FIFO; at most 1 loss.
    // sent 0: 1 state, 1 step (send).
    // sent 1: m0 ∈ {q,d,l}: 3 states; steps: q → send, deliver, lose (3); d → send; l → send. 5 steps.
    // sent 2: (m0,m1) ∈ {qq, ql, dq, dd, dl, lq, ld} — qd impossible (FIFO), ll over budget: 7 states;
    //   steps: qq → deliver m0, lose m0, lose m1 (3); ql → deliver (1); dq → deliver, lose (2); lq → deliver (1). 7 steps.
    // Total 1+3+7 = 11 states, 1+5+7 = 13 transitions; longest shortest path: send,send,deliver,deliver = 4.
    const r = run(fireAndForget);
    expect(r.stats).toMatchObject({ states: 11, transitions: 13, depth: 4 });
    expect(r.complete).toBe(true);
  });

  it('sync-deadlock: 4 states, 4 transitions, the deadlock 2 steps deep', () => {
    // (start,start) → prepare a | prepare b → (sending,start), (start,sending) → (sending,sending).
    // A synchronous send needs the peer in 'receiving', so no send is ever enabled.
    const r = run(syncDeadlock, { por: false });
    expect(r.stats).toMatchObject({ states: 4, transitions: 4, depth: 2 });
    expect(verdictOf(r, 'noDeadlock')).toBe('violated');
    expect(r.properties[0].trace!.steps.map((s) => s.text)).toEqual(['a: prepare', 'b: prepare']);
  });

  it('sync-deadlock ordered: every rendezvous completes', () => {
    // a: start→sending→(rendezvous: b receiving→sending)→a receiving; b sends→a done, b done.
    // States: (start,start) (sending,start) (start,receiving) (sending,receiving) (receiving,sending) (done,done) = 6.
    // Steps: 2 + 1 + 1 + 1 + 1 = 6 (each prepare from the initial state, then a single path).
    const r = run(syncDeadlock, { params: { ordered: true }, por: false });
    expect(r.stats).toMatchObject({ states: 6, transitions: 6 });
    expect(verdictOf(r, 'noDeadlock')).toBe('holds');
  });

  it('retransmit, 1 message, 1 loss: 12 states, 11 transitions', () => {
    // S0 idle → send → S1 data in flight. S1: deliver → S2 (delivered once, ack in flight) | lose → S3.
    // S2: ack → S4 done (no loss) | lose ack → S5. S3 (quiescent) → retransmit → S6 → deliver → S7 → ack → S8 done.
    // S5 (quiescent) → retransmit → S9 → deliver again → S10 (delivered twice) → ack → S11 done.
    // 12 states; steps 1+2+2+1+0+1+1+1+0+1+1+0 = 11; deepest: S0 S1 S2 S5 S9 S10 S11 = 6.
    const r = run(retransmit, { params: { messages: 1 } });
    expect(r.stats).toMatchObject({ states: 12, transitions: 11, depth: 6 });
    expect(verdictOf(r, 'noDuplicates')).toBe('violated');
    expect(verdictOf(r, 'allDelivered')).toBe('holds');
    expect(verdictOf(r, 'noDeadlock')).toBe('holds');
    // the shortest duplicate: send, deliver, lose ack, retransmit, deliver again
    expect(r.properties.find((p) => p.name === 'noDuplicates')!.trace!.steps.map((s) => s.text)).toEqual([
      'sender: send',
      'receiver: receive data from sender',
      'lose ack receiver->sender',
      'sender: timeout retransmit',
      'receiver: receive data from sender',
    ]);
  });

  // State and transition counts that SPIN (-DNOREDUCE) and Rumur agree on (shared/bench-anchors/ring).
  it.each([
    [3, 1, 2, 158, 294, 12],
    [4, 1, 2, 1848, 4360, 20],
    [3, 2, 2, 3663, 7998, 24],
    [5, 1, 2, 26952, 76680, 30],
  ])('ring N=%i M=%i C=%i matches SPIN and Rumur: %i states, %i transitions', (N, M, C, states, transitions, depth) => {
    const r = run(ring, { params: { N, M, C }, por: false });
    expect(r.stats).toMatchObject({ states, transitions, depth });
    expect(verdictOf(r, 'assertions')).toBe('holds');
  });
});

describe('BFS and DFS', () => {
  it.each([
    ['fire-and-forget', fireAndForget],
    ['retransmit', retransmit],
    ['sync-deadlock', syncDeadlock],
  ] as const)('agree on the state and transition counts of %s', (_name, p) => {
    const bfs = run(p, { only: ['assertions'], por: false });
    const dfs = run(p, { only: ['assertions'], strategy: 'dfs', por: false });
    expect(dfs.stats.states).toBe(bfs.stats.states);
    expect(dfs.stats.transitions).toBe(bfs.stats.transitions);
  });

  it('DFS finds the SPIN/Rumur counts of ring N=3 M=2 C=2', () => {
    const dfs = run(ring, { params: { N: 3, M: 2, C: 2 }, strategy: 'dfs', por: false });
    expect(dfs.stats).toMatchObject({ states: 3663, transitions: 7998 });
  });
});
