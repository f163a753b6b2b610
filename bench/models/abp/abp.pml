/*
 * abp.pml -- alternating bit protocol over lossy, duplicating bounded FIFO
 * channels.  Bench model: with -DNOREDUCE the same state graph as abp.m
 * (Rumur) and abp.ts (mpcheck); see ../../README.md for the conventions.
 *
 * The sender transfers the values 0..M-1 one at a time as data(n mod 2, n),
 * retransmits the current one whenever it likes (an "anytime" timeout) while
 * waiting for ack(n mod 2); the receiver accepts data whose bit it expects,
 * checks the value is the next one, and acknowledges every data it gets with
 * that data's bit.  Each channel is a FIFO of capacity C kept in an array
 * (so that a fault can remove or copy any entry); a send needs room.
 * Faults: at most L losses (any message in either channel) and D duplications
 * (a copy right behind the original, only when the channel has room).
 *
 * Every transition is one d_step option of a process's single do loop; all
 * variables are global and scratch variables are reset to 0 in each step.
 *
 * Parameters (cpp, e.g. spin -DM=3 -DC=3 -DL=2 -DD=2 -a abp.pml):
 *   M  values to transfer       (default 2)
 *   C  channel capacity, <= 8   (default 2)
 *   L  loss budget              (default 1)
 *   D  duplication budget       (default 1)
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
#if C > 8
#error "abp.pml: C must be at most 8"
#endif

typedef Data { byte b; byte v };

byte n;          /* sender: values acknowledged */
bool w;          /* sender: waiting for the ack of value n */
byte r;          /* receiver: values accepted */
Data dq[C];      /* sender -> receiver, entries >= dlen kept at (0,0) */
byte dlen;
byte aq[C];      /* receiver -> sender, entries >= alen kept at 0 */
byte alen;
byte lost;       /* losses used */
byte dupd;       /* duplications used */
byte t, mb, mv;  /* scratch, always 0 between steps */

inline pushData(b0, v0) {
  assert(dlen < C);
  dq[dlen].b = b0; dq[dlen].v = v0; dlen++
}

/* remove entry i of the data channel, moving the later ones up */
inline removeData(i) {
  t = i;
  do
  :: t + 1 < dlen -> dq[t].b = dq[t + 1].b; dq[t].v = dq[t + 1].v; t++
  :: else -> break
  od;
  dlen--;
  dq[dlen].b = 0; dq[dlen].v = 0;
  t = 0
}

/* insert a copy of entry i right behind it (needs dlen < C) */
inline dupData(i) {
  t = dlen;
  do
  :: t > i + 1 -> dq[t].b = dq[t - 1].b; dq[t].v = dq[t - 1].v; t--
  :: else -> break
  od;
  dq[i + 1].b = dq[i].b; dq[i + 1].v = dq[i].v;
  dlen++;
  t = 0
}

inline pushAck(b0) {
  assert(alen < C);
  aq[alen] = b0; alen++
}

inline removeAck(i) {
  t = i;
  do
  :: t + 1 < alen -> aq[t] = aq[t + 1]; t++
  :: else -> break
  od;
  alen--;
  aq[alen] = 0;
  t = 0
}

inline dupAck(i) {
  t = alen;
  do
  :: t > i + 1 -> aq[t] = aq[t - 1]; t--
  :: else -> break
  od;
  aq[i + 1] = aq[i];
  alen++;
  t = 0
}

active proctype sender()
{
  do
  /* send value n */
  :: d_step { !w && n < M && dlen < C -> pushData(n % 2, n); w = true }
  /* retransmit it (anytime timeout) */
  :: d_step { w && dlen < C -> pushData(n % 2, n) }
  /* receive the head of the ack channel */
  :: d_step { alen > 0 ->
       mb = aq[0]; removeAck(0);
       if
       :: w && mb == n % 2 -> n++; w = false
       :: else -> skip
       fi;
       mb = 0 }
  od
}

active proctype receiver()
{
  do
  /* receive the head of the data channel; the ack needs room */
  :: d_step { dlen > 0 && alen < C ->
       mb = dq[0].b; mv = dq[0].v; removeData(0);
       pushAck(mb);
       if
       :: mb == r % 2 -> assert(mv == r); r++
       :: else -> skip
       fi;
       mb = 0; mv = 0 }
  od
}

/* One option per channel slot: lose or duplicate the entry at index I. */
#define FAULTS(I) \
  :: d_step { lost < L && dlen > I -> removeData(I); lost++ } \
  :: d_step { dupd < D && dlen > I && dlen < C -> dupData(I); dupd++ } \
  :: d_step { lost < L && alen > I -> removeAck(I); lost++ } \
  :: d_step { dupd < D && alen > I && alen < C -> dupAck(I); dupd++ }

active proctype faults()
{
  do
  FAULTS(0)
#if C > 1
  FAULTS(1)
#endif
#if C > 2
  FAULTS(2)
#endif
#if C > 3
  FAULTS(3)
#endif
#if C > 4
  FAULTS(4)
#endif
#if C > 5
  FAULTS(5)
#endif
#if C > 6
  FAULTS(6)
#endif
#if C > 7
  FAULTS(7)
#endif
  od
}
