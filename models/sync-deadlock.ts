/**
 * Mutual synchronous send — the classic rendezvous deadlock.
 *
 * Two processes on synchronous (capacity 0) channels. Each prepares, then sends `hello`
 * to the other and then waits to receive one. A rendezvous needs the receiver to be ready
 * to receive, so when both are sending, neither can move.
 * With `ordered: true`, b receives first and then sends: the rendezvous always completes.
 *
 * Parameters: ordered (default false).
 * Expected verdicts (defaults):
 *   noDeadlock  violated — both prepare, both wait in a synchronous send (trace: 2 steps)
 *   assertions  holds
 * With --param ordered=true: noDeadlock holds.
 */
import { network, protocol, props } from 'mpcheck';

type Msg = { type: 'hello'; from: string };
type Pc = 'start' | 'sending' | 'receiving' | 'done';

const { define, process } = protocol<Msg, 'a' | 'b'>();

const peer = (self: 'a' | 'b', firstReceive: boolean) =>
  process({
    init: { pc: 'start' as Pc },
    actions: {
      prepare: {
        when: (s) => s.pc === 'start',
        then: () => ({ pc: (firstReceive ? 'receiving' : 'sending') as Pc }),
      },
      send: {
        when: (s) => s.pc === 'sending',
        then: (_s, ctx) => {
          ctx.send(self === 'a' ? 'b' : 'a', { type: 'hello', from: self });
          return { pc: (firstReceive ? 'done' : 'receiving') as Pc };
        },
      },
    },
    receive: {
      hello: {
        when: (s) => s.pc === 'receiving',
        then: () => ({ pc: (firstReceive ? 'sending' : 'done') as Pc }),
      },
    },
    end: (s) => s.pc === 'done',
  });

export default define({
  name: 'sync-deadlock',
  description: 'two processes that each send synchronously to the other before receiving',
  params: { ordered: false },
  network: network.sync(),
  processes: ({ ordered }) => ({ a: peer('a', false), b: peer('b', ordered) }),
  properties: [props.noDeadlock()],
  expect: { noDeadlock: 'violated', assertions: 'holds' },
  expectIn: {
    reliable: { noDeadlock: 'violated', assertions: 'holds' },
    lossy: { noDeadlock: 'violated', assertions: 'holds' },
    duplicating: { noDeadlock: 'violated', assertions: 'holds' },
    reordering: { noDeadlock: 'violated', assertions: 'holds' },
    crash: { noDeadlock: 'violated', assertions: 'holds' },
  },
});
