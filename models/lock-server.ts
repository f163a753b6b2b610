/**
 * Lock server — mutual exclusion through a central server, with N interchangeable clients.
 *
 * Each client asks the server for the lock, holds it, and releases it, `rounds` times. The
 * server grants the lock to one client at a time and queues the others' requests. The
 * clients form a symmetry group: states that differ only by which client is which count once
 * (`--no-symmetry` to see the full space). Clients are referred to by name only (the server's
 * `holder` and `waiting` hold names), as symmetry reduction requires.
 * With `broken: true` the server grants every request at once, whoever holds the lock.
 *
 * Parameters: clients (default 3), rounds (default 1), broken (default false).
 * Expected verdicts (defaults):
 *   mutualExclusion  holds — never two clients holding the lock
 *   noDeadlock       holds — every client finishes its rounds
 *   assertions       holds — a release always comes from the holder
 * With --param broken=true: mutualExclusion violated (two requests, both granted: 6 steps).
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'acquire'; from: string } | { type: 'release'; from: string } | { type: 'grant' };
type Client = { phase: 'idle' | 'waiting' | 'holding'; done: number };
type Server = { holder: string | null; waiting: readonly string[] };

const { define, process } = protocol<Msg>();

export default define({
  name: 'lock-server',
  description: 'N clients take a lock from a central server; symmetric clients',
  params: { clients: 3, rounds: 1, broken: false },
  topology: ({ clients }) => Array.from({ length: clients }, (_, i) => [`c${i}->server`, `server->c${i}`]).flat(),
  symmetry: ({ clients }) => [Array.from({ length: clients }, (_, i) => `c${i}`)],
  processes: ({ clients, rounds, broken }) => {
    const client = (name: string) =>
      process<Client>({
        init: { phase: 'idle', done: 0 },
        actions: {
          request: {
            when: (s) => s.phase === 'idle' && s.done < rounds,
            then: (s, ctx) => (ctx.send('server', { type: 'acquire', from: name }), { ...s, phase: 'waiting' }),
          },
          release: {
            when: (s) => s.phase === 'holding',
            then: (s, ctx) => (ctx.send('server', { type: 'release', from: name }), { phase: 'idle', done: s.done + 1 }),
          },
        },
        receive: { grant: (s) => ({ ...s, phase: 'holding' }) },
        end: (s) => s.phase === 'idle' && s.done === rounds,
      });
    const server = process<Server>({
      init: { holder: null, waiting: [] },
      receive: {
        acquire: (s, m, ctx) => {
          if (s.holder === null || broken) {
            ctx.send(m.from, { type: 'grant' });
            return { ...s, holder: m.from };
          }
          return { ...s, waiting: [...s.waiting, m.from] };
        },
        release: (s, m, ctx) => {
          ctx.assert(broken || s.holder === m.from, `release from ${m.from} while ${String(s.holder)} holds the lock`);
          const [next, ...rest] = s.waiting;
          if (next === undefined) return { holder: null, waiting: [] };
          ctx.send(next, { type: 'grant' });
          return { holder: next, waiting: rest };
        },
      },
      end: (s) => s.holder === null,
    });
    return {
      ...Object.fromEntries(Array.from({ length: clients }, (_, i) => [`c${i}`, client(`c${i}`)])),
      server,
    };
  },
  properties: (_p, p) => [
    p.always("mutualExclusion", (v) => Object.values(v.procs).filter((s) => (s as { phase?: string }).phase === "holding").length <= 1),
    p.noDeadlock(),
  ],
  expect: { mutualExclusion: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { mutualExclusion: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { mutualExclusion: 'holds', noDeadlock: 'violated', assertions: 'holds' },
    duplicating: { mutualExclusion: 'violated', noDeadlock: 'violated', assertions: 'violated' },
    reordering: { mutualExclusion: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { mutualExclusion: 'violated', noDeadlock: 'violated', assertions: 'violated' },
  },
});
