/**
 * Two-phase commit with a coordinator that may crash — safety holds, but a coordinator that
 * forgets its decision blocks the participants forever (the blocking problem, as a
 * liveness violation); with the decision on stable storage everyone decides.
 *
 * Coordinator c, participants p1 and p2, FIFO channels. c sends prepare to both. A
 * participant votes with ctx.choose: no — it aborts at once, on its own — or yes — it is
 * then *uncertain* and must wait for c's decision. c records the votes; with both in it
 * decides (commit iff both are yes) and then notifies the participants one step at a time
 * (action notify). A participant that has voted and not heard the decision re-sends its
 * vote when the system is quiescent (a quiescent timeout: the status query of 2PC's
 * termination protocol); c answers a vote with the decision if it has one (and records it
 * if it is still collecting). A participant that has not voted when the system is
 * quiescent (its prepare was lost) aborts on its own and votes no. Participants keep their
 * whole state across a crash. Faults: one crash, of any process (the coordinator's is the
 * interesting one; a participant's only pauses it).
 *
 * persist=false (default): the coordinator keeps only its phase (init, wait, decided) on
 * stable storage; the votes and the decision are volatile. Restarted in phase `decided`,
 * it knows it decided and may already have told someone, but not what: it must not guess
 * (a participant may already have committed — or aborted), so it answers no query. An
 * uncertain participant can neither commit nor abort on its own: it is blocked. This is
 * the coordinator "restarting without its volatile decision state"; restarted in phase
 * `wait` it just collects the re-sent votes again.
 * persist=true: votes and decision are persistent too (written before any notify), so the
 * restarted coordinator answers the re-sent votes and every participant decides.
 *
 * Fairness: strong fairness of every process (`process:*`): a process enabled again and
 * again does move. Strong, not weak, because the participants' timeouts are quiescent:
 * such a step is enabled only while nothing else is, so it is never *continuously*
 * enabled while another process keeps moving, and weak fairness would not protect it.
 * With weak fairness (or none) the lossy environment has a starvation lasso that is not
 * the blocking problem: p2's prepare is lost, and p1's query loop (query, c ignores it —
 * c is still waiting for p2) repeats forever while p2's unilateral abort, enabled at every
 * quiescent point of that loop, is never taken. Under strong fairness p2 aborts, c decides
 * abort, everyone decides. What is left is the real blocking problem: with c unable to
 * answer, both uncertain participants query forever, each taking its turn. (A restart is
 * in no group, but while a process is down it is the only step enabled — quiescent
 * timeouts wait for it — so it is always taken: a coordinator that stays down is not a
 * run here; the one that blocks is the one that comes back without its decision.)
 *
 * Parameters: persist (default false).
 * Expected verdicts (defaults, persist=false; faults crash 1):
 *   atomicity         holds — no participant commits while the other aborts (370 states)
 *   commitNeedsYes    holds — a participant commits only if both voted yes
 *   allDecide         violated — lasso: both vote yes, c decides commit, crashes before
 *                     notifying, restarts without the decision; p1 re-sends its vote, c
 *                     ignores it, p2 re-sends its vote, c ignores it, and so
 *                     on forever (lasso: 7-step stem, 4-step cycle)
 *   preparedDecides   violated — leadsTo(p1 voted yes, p1 decided): the same lasso,
 *                     p1 votes yes at step 2 and never decides
 *   noDeadlock        holds — the blocked participants keep querying
 *   assertions        holds
 * With --param persist=true: all hold (290 states instead of 370).
 *
 * Other environments (matrix; default params): reliable: all hold (no crash, no block).
 * lossy (one loss, no crash): a lost prepare ends in a unilateral abort, a lost vote or
 * decision is re-queried: all hold. duplicating: duplicate votes, prepares and decisions
 * are idempotent: all hold. reordering: no channel ever holds two messages at once — a
 * decision to p is sent only after p's vote, so after its prepare arrived, and a query
 * and its reply come only at quiescence, when every notify is done and delivered — so no
 * reorder is ever enabled (the same 58 states as reliable): all hold. crash: the spec's
 * own environment (crash 1).
 */
import { protocol } from 'mpcheck';

type Name = 'c' | 'p1' | 'p2';
type Vote = 'yes' | 'no';
type Decision = 'commit' | 'abort';
type Msg = { type: 'prepare' } | { type: 'vote'; from: 'p1' | 'p2'; vote: Vote } | { type: 'decision'; decision: Decision };

type Coord = {
  readonly phase: 'init' | 'wait' | 'decided';
  readonly votes: { readonly p1: Vote | null; readonly p2: Vote | null };
  readonly decision: Decision | null;
  readonly notified: readonly ('p1' | 'p2')[];
};
type Part = { readonly vote: Vote | null; readonly decision: Decision | null; readonly heard: boolean };

const PARTS = ['p1', 'p2'] as const;
const { define, process } = protocol<Msg, Name>();

const participant = (self: 'p1' | 'p2') =>
  process<Part>({
    init: { vote: null, decision: null, heard: false },
    persistent: ['vote', 'decision', 'heard'],
    actions: {
      // prepare lost: nothing will come, abort on our own (allowed before voting)
      abortAlone: {
        timeout: true,
        when: (s) => s.vote === null,
        then: (s, ctx) => (ctx.send('c', { type: 'vote', from: self, vote: 'no' }), { ...s, vote: 'no', decision: 'abort' }),
      },
      // voted, no word from the coordinator: ask again (re-send the vote)
      query: {
        timeout: true,
        when: (s) => s.vote !== null && !s.heard,
        then: (s, ctx) => (ctx.send('c', { type: 'vote', from: self, vote: s.vote! }), s),
      },
    },
    receive: {
      prepare: (s, _m, ctx) => {
        if (s.vote !== null) return s; // a duplicate
        const vote = ctx.choose<Vote>(['yes', 'no']);
        ctx.send('c', { type: 'vote', from: self, vote });
        return { ...s, vote, decision: vote === 'no' ? 'abort' : null };
      },
      decision: (s, m, ctx) => {
        ctx.assert(s.decision === null || s.decision === m.decision, `${self} decided ${String(s.decision)}, told ${m.decision}`);
        return { ...s, decision: m.decision, heard: true };
      },
    },
    end: (s) => s.decision !== null,
  });

export default define({
  name: 'two-phase-commit',
  description: 'two-phase commit with a crashing coordinator: atomic, but blocking unless the decision is persistent',
  params: { persist: false },
  faults: { crash: 1 },
  fairness: { strong: ['process:*'] },
  processes: ({ persist }) => ({
    c: process<Coord>({
      init: { phase: 'init', votes: { p1: null, p2: null }, decision: null, notified: [] },
      persistent: persist ? ['phase', 'votes', 'decision', 'notified'] : ['phase'],
      actions: {
        start: {
          when: (s) => s.phase === 'init',
          then: (s, ctx) => {
            for (const p of PARTS) ctx.send(p, { type: 'prepare' });
            return { ...s, phase: 'wait' };
          },
        },
        notify: {
          when: (s) => s.decision !== null && s.notified.length < PARTS.length,
          then: (s, ctx) => {
            const p = ctx.choose(PARTS.filter((x) => !s.notified.includes(x)));
            ctx.send(p, { type: 'decision', decision: s.decision! });
            return { ...s, notified: [...s.notified, p].sort() };
          },
        },
      },
      receive: {
        vote: (s, m, ctx) => {
          if (s.phase === 'decided') {
            // a query: answer it if the decision is known (after a volatile restart it is not)
            if (s.decision !== null) ctx.send(m.from, { type: 'decision', decision: s.decision });
            return s;
          }
          if (s.phase !== 'wait') return s;
          const votes = { ...s.votes, [m.from]: m.vote };
          if (votes.p1 === null || votes.p2 === null) return { ...s, votes };
          return { ...s, votes, phase: 'decided', decision: votes.p1 === 'yes' && votes.p2 === 'yes' ? 'commit' : 'abort' };
        },
      },
      end: () => true,
    }),
    p1: participant('p1'),
    p2: participant('p2'),
  }),
  properties: (_, p) => [
    p.always('atomicity', (v) => !PARTS.some((a) => v.procs[a].decision === 'commit' && PARTS.some((b) => v.procs[b].decision === 'abort'))),
    p.always('commitNeedsYes', (v) => !PARTS.some((a) => v.procs[a].decision === 'commit') || PARTS.every((b) => v.procs[b].vote === 'yes')),
    p.eventually('allDecide', (v) => PARTS.every((a) => v.procs[a].decision !== null)),
    p.leadsTo('preparedDecides', (v) => v.procs.p1.vote === 'yes', (v) => v.procs.p1.decision !== null),
    p.noDeadlock(),
  ],
  expect: { atomicity: 'holds', commitNeedsYes: 'holds', allDecide: 'violated', preparedDecides: 'violated', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { atomicity: 'holds', commitNeedsYes: 'holds', allDecide: 'holds', preparedDecides: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { atomicity: 'holds', commitNeedsYes: 'holds', allDecide: 'holds', preparedDecides: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { atomicity: 'holds', commitNeedsYes: 'holds', allDecide: 'holds', preparedDecides: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { atomicity: 'holds', commitNeedsYes: 'holds', allDecide: 'holds', preparedDecides: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { atomicity: 'holds', commitNeedsYes: 'holds', allDecide: 'violated', preparedDecides: 'violated', noDeadlock: 'holds', assertions: 'holds' },
  },
});
