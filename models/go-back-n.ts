/**
 * Go-Back-N — a sliding window with cumulative acks and sequence numbers modulo M, over
 * lossy FIFO channels; and, broken, with a sequence space one too small (the classic bug).
 *
 * The sender may have up to `window` unacknowledged messages in flight: message k (k-th
 * submit, absolute) is sent as data{seq: k mod M}. The receiver keeps only the next
 * sequence number it expects (mod M): data with that seq is delivered and the expected seq
 * advances; any other data is discarded. Every data received is answered by the cumulative
 * ack{seq: expected} ("I expect this next"). An ack moves the window base forward by
 * d = (ack − base) mod M when 0 < d ≤ (in flight); otherwise it is stale and ignored. When
 * the system is quiescent (something was lost), the sender's timeout retransmits the whole
 * window. M = window + 1 (correct) or, with broken=true, M = window.
 *
 * Parameters: messages (default 3), window (default 2, ≥ 2), broken (default false).
 * Faults: lose 1 (any message on either FIFO channel).
 * Expected verdicts (defaults, broken=false):
 *   exactlyOnce  holds — each message delivered once, and every run that ends delivered all
 *   fifo         holds — delivered in submit order, none skipped or repeated
 *   noDeadlock   holds — the quiescent timeout recovers from any loss
 *   assertions   holds
 * With --param broken=true (M = window = 2): the data 0 and 1 arrive, the ack "1" is lost,
 * the ack "0" (expected 2 ≡ 0) looks to the sender like an ack of nothing (d = 0); it times
 * out and resends 0 and 1, and the receiver, expecting seq 0, takes the stale copy of
 * message 0 as message 2:
 *   exactlyOnce  violated — "receiver delivered sender#0 twice" (8 steps: send, send,
 *                receive 0, receive 1, ack{1} lost, receive ack{0}, timeout, receive 0 again)
 *   fifo         violated — the same run: sender#0 delivered again, none is due (8 steps)
 *   noDeadlock, assertions hold (the run goes on, with the wrong data)
 *
 * Other environments (matrix; default params): reliable and lossy are the spec's verdicts
 * (lossy = the spec's own budget). duplicating: all hold — a duplicate sits right behind
 * its original and reaches the receiver when it expects the next seq (≠ its own, M > 1);
 * a duplicate ack gives d = 0 and is ignored. reordering: all hold, but only because
 * nothing is lost as well: a swap of two acks can make the older one look fresh. With
 * messages=4: "2" overtakes "1", the sender advances to base 2, sends 2 and 3, then reads
 * the late "1" as d = 2 and takes 2 and 3 as acked. Without a loss those data arrive
 * anyway; with one loss plus one reorder, data 3 is lost after that and never resent
 * (exactlyOnce violated, 12 steps). The mod-(window+1) argument assumes FIFO channels.
 * crash: the processes keep nothing across a crash. A restarted sender starts over at
 * message 0 with a new id while the receiver expects seq 1, so that one is dropped and
 * the next delivered (fifo: a gap, 8 steps); a restarted receiver expects seq 0 again,
 * discards message 2 (seq 2) and acks "0", which the sender (base 2) reads as an ack of
 * message 2: the run ends with sender#2 never delivered (exactlyOnce: 11 steps).
 * noDeadlock and assertions still hold.
 */
import { protocol } from 'mpcheck';

type Msg = { type: 'data'; seq: number; id: string } | { type: 'ack'; seq: number };

const { define, process } = protocol<Msg, 'sender' | 'receiver'>();

export default define({
  name: 'go-back-n',
  description: 'Go-Back-N sliding window with cumulative acks over lossy FIFO channels; broken: sequence numbers modulo the window',
  params: { messages: 3, window: 2, broken: false },
  faults: { lose: 1 },
  processes: ({ messages, window, broken }) => {
    if (window < 2) throw new Error(`param window must be at least 2, got ${window}`);
    const M = broken ? window : window + 1;
    return {
      sender: process({
        // base: oldest unacknowledged message; next: next message to send (both absolute);
        // window: the ids of messages base..next-1
        init: { base: 0, next: 0, window: [] as readonly string[] },
        actions: {
          send: {
            when: (s) => s.next < messages && s.next < s.base + window,
            then: (s, ctx) => {
              const id = ctx.submit(s.next, 'receiver');
              ctx.send('receiver', { type: 'data', seq: s.next % M, id });
              return { ...s, next: s.next + 1, window: [...s.window, id] };
            },
          },
          retransmit: {
            timeout: true,
            when: (s) => s.base < s.next,
            then: (s, ctx) => {
              s.window.forEach((id, i) => ctx.send('receiver', { type: 'data', seq: (s.base + i) % M, id }));
              return s;
            },
          },
        },
        receive: {
          ack: (s, m) => {
            const d = (((m.seq - s.base) % M) + M) % M;
            return d > 0 && d <= s.next - s.base ? { ...s, base: s.base + d, window: s.window.slice(d) } : s;
          },
        },
        end: (s) => s.base === messages,
      }),
      receiver: process({
        init: { expected: 0 },
        receive: {
          data: (s, m, ctx) => {
            let expected = s.expected;
            if (m.seq === expected) {
              ctx.deliver(m.id);
              expected = (expected + 1) % M;
            }
            ctx.send('sender', { type: 'ack', seq: expected });
            return { expected };
          },
        },
        end: () => true,
      }),
    };
  },
  properties: (_, p) => [p.exactlyOnce(), p.fifo(), p.noDeadlock()],
  expect: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
  expectIn: {
    reliable: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    lossy: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    duplicating: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    reordering: { exactlyOnce: 'holds', fifo: 'holds', noDeadlock: 'holds', assertions: 'holds' },
    crash: { exactlyOnce: 'violated', fifo: 'violated', noDeadlock: 'holds', assertions: 'holds' },
  },
});
