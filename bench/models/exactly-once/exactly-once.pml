/*
 * exactly-once.pml -- exactly-once delivery with sequence numbers, acks,
 * retransmission, a persistent dedup table and crashes, over lossy,
 * duplicating unordered channels.  Bench model: with -DNOREDUCE the same
 * state graph as exactly-once.m (Rumur) and exactly-once.ts (mpcheck); see
 * ../../README.md for the conventions.
 *
 * Sender: sends seq 0..M-1 (next is persistent), records acks in the
 * volatile bit set acked, and on a quiescent timeout (no other protocol step
 * enabled, written out as !BUSY -- SPIN's own `timeout` would not do, since
 * the fault process is always executable) retransmits one unacknowledged seq
 * of its choice.  Receiver: dedup bit set seen (persistent), acks owed in the
 * volatile bit set pending; its ack action sends ack(k) for a pending k of its
 * choice.  A crash (of either process) resets the volatile part and marks the
 * process down until its restart step; its incoming messages stay queued.
 * Channels are unordered multisets of capacity C, kept as a count per seq.
 * Faults: at most L losses and D duplications (of any distinct message in
 * flight) and X crashes.
 *
 * Every transition is one d_step option of a process's single do loop; all
 * variables are global.  A choice "of k" is one option per k (K_OPTIONS).
 * The invariants are asserted at the end of every step (INV).
 *
 * Parameters (cpp, e.g. spin -DM=3 -DC=2 -DL=1 -DD=1 -DX=1 -a exactly-once.pml):
 *   M  messages, <= 4           (default 2)
 *   C  channel capacity         (default 2)
 *   L  loss budget              (default 1)
 *   D  duplication budget       (default 1)
 *   X  crash budget             (default 1)
 */
#ifndef M
#define M 2
#endif
#ifndef C
#define C 2
#endif
#ifndef L
#define L 1
#endif
#ifndef D
#define D 1
#endif
#ifndef X
#define X 1
#endif
#if M > 4
#error "exactly-once.pml: M must be at most 4"
#endif

byte next;       /* sender, persistent: seqs sent so far */
byte acked;      /* sender, volatile: bit k = ack(k) received */
byte seen;       /* receiver, persistent: bit k = seq k delivered (dedup table) */
byte pending;    /* receiver, volatile: bit k = ack(k) owed */
bool downS;      /* sender crashed */
bool downR;      /* receiver crashed */
byte dq[M];      /* sender -> receiver: copies of data(k) in flight */
byte aq[M];      /* receiver -> sender: copies of ack(k) in flight */
byte lost;
byte dupd;
byte crashed;

#define BIT(k) (1 << (k))
#if M == 1
#define SIZE(b) (b[0])
#elif M == 2
#define SIZE(b) (b[0] + b[1])
#elif M == 3
#define SIZE(b) (b[0] + b[1] + b[2])
#else
#define SIZE(b) (b[0] + b[1] + b[2] + b[3])
#endif

/* some protocol step other than the quiescent timeout is enabled */
#define BUSY ( \
     (!downS && next < M && SIZE(dq) < C)       /* sender send */       \
  || (!downS && SIZE(aq) > 0)                   /* sender recv ack */   \
  || (!downR && SIZE(dq) > 0)                   /* receiver recv data */\
  || (!downR && pending != 0 && SIZE(aq) < C)   /* receiver ack */      \
  || downS || downR )                           /* restarts */

/* invariants: acked => seen, pending => seen */
#define INV assert((acked & ~seen) == 0 && (pending & ~seen) == 0)

/* K_OPTIONS(F) expands to F(0) ... F(M-1) */
#if M == 1
#define K_OPTIONS(F) F(0)
#elif M == 2
#define K_OPTIONS(F) F(0) F(1)
#elif M == 3
#define K_OPTIONS(F) F(0) F(1) F(2)
#else
#define K_OPTIONS(F) F(0) F(1) F(2) F(3)
#endif

#define RETRANSMIT(k) \
  :: d_step { !downS && k < next && (acked & BIT(k)) == 0 && SIZE(dq) < C && !BUSY -> dq[k]++; INV }
#define RECV_ACK(k) \
  :: d_step { !downS && aq[k] > 0 -> aq[k]--; acked = acked | BIT(k); INV }

active proctype sender()
{
  do
  :: d_step { !downS && next < M && SIZE(dq) < C -> dq[next]++; next++; INV }
  K_OPTIONS(RETRANSMIT)
  K_OPTIONS(RECV_ACK)
  :: d_step { downS -> downS = false; INV }      /* restart */
  od
}

#define RECV_DATA(k) \
  :: d_step { !downR && dq[k] > 0 -> dq[k]--; seen = seen | BIT(k); pending = pending | BIT(k); INV }
#define SEND_ACK(k) \
  :: d_step { !downR && (pending & BIT(k)) != 0 && SIZE(aq) < C -> aq[k]++; pending = pending & ~BIT(k); INV }

active proctype receiver()
{
  do
  K_OPTIONS(RECV_DATA)
  K_OPTIONS(SEND_ACK)
  :: d_step { downR -> downR = false; INV }      /* restart */
  od
}

#define MSG_FAULTS(k) \
  :: d_step { lost < L && dq[k] > 0 -> dq[k]--; lost++; INV } \
  :: d_step { dupd < D && dq[k] > 0 && SIZE(dq) < C -> dq[k]++; dupd++; INV } \
  :: d_step { lost < L && aq[k] > 0 -> aq[k]--; lost++; INV } \
  :: d_step { dupd < D && aq[k] > 0 && SIZE(aq) < C -> aq[k]++; dupd++; INV }

active proctype faults()
{
  do
  K_OPTIONS(MSG_FAULTS)
  :: d_step { crashed < X && !downS -> acked = 0; downS = true; crashed++; INV }
  :: d_step { crashed < X && !downR -> pending = 0; downR = true; crashed++; INV }
  od
}
