/*
 * causal.pml -- causal broadcast with vector clocks among 3 processes over
 * per-pair FIFO channels that may reorder.  Bench model: with -DNOREDUCE the
 * same state graph as causal.m (Rumur) and causal.ts (mpcheck); see
 * ../../README.md for the conventions.
 *
 * Each process broadcasts B messages; vc[i].c[o] counts the messages from
 * origin o that process i has delivered (its own count as delivered when
 * sent), and a broadcast carries the sender's clock after the increment.
 * Process i delivers a message m from o when m[o] = vc[i][o] + 1 and
 * m[k] <= vc[i][k] for k != o; otherwise m waits.  On each channel the first
 * deliverable message in queue order is the one delivered (selective
 * receive: the option for slot k requires that no earlier slot is
 * deliverable).  ch[CH(o,i)] is the channel o -> i, of capacity C, kept in an
 * array so that a reorder can swap two entries; a broadcast needs room in
 * both of its channels.  Fault: at most R reorders (an entry overtakes the
 * one in front of it).
 *
 * Every transition is one d_step option of a process's single do loop; all
 * variables are global and scratch variables are reset to 0 in each step.
 *
 * Parameters (cpp, e.g. spin -DB=2 -DC=2 -DR=1 -a causal.pml):
 *   B  broadcasts per process   (default 1)
 *   C  channel capacity, <= 3   (default 1)
 *   R  reorder budget           (default 1)
 */
#ifndef B
#define B 1
#endif
#ifndef C
#define C 1
#endif
#ifndef R
#define R 1
#endif
#if C > 3
#error "causal.pml: C must be at most 3"
#endif

typedef Clock { byte c[3] };
typedef Chan { byte cnt; Clock buf[C] };   /* slots >= cnt kept at all zeros */

Clock vc[3];
Chan ch[9];          /* ch[CH(o,i)]: o -> i; ch[CH(i,i)] stays empty */
byte reord;          /* reorders used */
byte t, m0, m1, m2;  /* scratch, always 0 between steps */

#define CH(o, i) ((o) * 3 + (i))
#define E(o, i, k, x) ch[CH(o, i)].buf[k].c[x]

/* entry k of channel o -> i is deliverable at i (needs k < cnt) */
#define LE(o, i, k, x) ((x) == (o) || E(o, i, k, x) <= vc[i].c[x])
#define ACC(o, i, k) (E(o, i, k, o) == vc[i].c[o] + 1 && LE(o, i, k, 0) && LE(o, i, k, 1) && LE(o, i, k, 2))

inline push(o, i) {
  assert(ch[CH(o, i)].cnt < C);
  ch[CH(o, i)].buf[ch[CH(o, i)].cnt].c[0] = vc[o].c[0];
  ch[CH(o, i)].buf[ch[CH(o, i)].cnt].c[1] = vc[o].c[1];
  ch[CH(o, i)].buf[ch[CH(o, i)].cnt].c[2] = vc[o].c[2];
  ch[CH(o, i)].cnt++
}

/* deliver entry k of o -> i: remove it, then vc[i][o] += 1 and check */
inline deliver(o, i, k) {
  m0 = E(o, i, k, 0); m1 = E(o, i, k, 1); m2 = E(o, i, k, 2);
  t = k;
  do
  :: t + 1 < ch[CH(o, i)].cnt ->
       E(o, i, t, 0) = E(o, i, t + 1, 0); E(o, i, t, 1) = E(o, i, t + 1, 1); E(o, i, t, 2) = E(o, i, t + 1, 2);
       t++
  :: else -> break
  od;
  ch[CH(o, i)].cnt--;
  t = ch[CH(o, i)].cnt;
  E(o, i, t, 0) = 0; E(o, i, t, 1) = 0; E(o, i, t, 2) = 0;
  vc[i].c[o]++;
  assert(m0 <= vc[i].c[0] && m1 <= vc[i].c[1] && m2 <= vc[i].c[2]);
  t = 0; m0 = 0; m1 = 0; m2 = 0
}

/* the options of process i: broadcast to j and l, deliver from j or l at slot 0..C-1 */
#define RECV(o, i) \
  :: d_step { ch[CH(o, i)].cnt > 0 && ACC(o, i, 0) -> deliver(o, i, 0) } \
  RECV1(o, i) RECV2(o, i)
#if C > 1
#define RECV1(o, i) \
  :: d_step { ch[CH(o, i)].cnt > 1 && !ACC(o, i, 0) && ACC(o, i, 1) -> deliver(o, i, 1) }
#else
#define RECV1(o, i)
#endif
#if C > 2
#define RECV2(o, i) \
  :: d_step { ch[CH(o, i)].cnt > 2 && !ACC(o, i, 0) && !ACC(o, i, 1) && ACC(o, i, 2) -> deliver(o, i, 2) }
#else
#define RECV2(o, i)
#endif

#define NODE(i, j, l) \
  do \
  :: d_step { vc[i].c[i] < B && ch[CH(i, j)].cnt < C && ch[CH(i, l)].cnt < C -> \
       vc[i].c[i]++; push(i, j); push(i, l) } \
  RECV(j, i) \
  RECV(l, i) \
  od

active proctype p0() { NODE(0, 1, 2) }
active proctype p1() { NODE(1, 0, 2) }
active proctype p2() { NODE(2, 0, 1) }

/* reorder: entry k of channel o -> i overtakes entry k-1 */
#define SWAP(o, i, k) \
  :: d_step { reord < R && ch[CH(o, i)].cnt > k -> \
       m0 = E(o, i, k, 0); m1 = E(o, i, k, 1); m2 = E(o, i, k, 2); \
       E(o, i, k, 0) = E(o, i, k - 1, 0); E(o, i, k, 1) = E(o, i, k - 1, 1); E(o, i, k, 2) = E(o, i, k - 1, 2); \
       E(o, i, k - 1, 0) = m0; E(o, i, k - 1, 1) = m1; E(o, i, k - 1, 2) = m2; \
       m0 = 0; m1 = 0; m2 = 0; reord++ }
#if C > 2
#define SWAPS(o, i) SWAP(o, i, 1) SWAP(o, i, 2)
#elif C > 1
#define SWAPS(o, i) SWAP(o, i, 1)
#endif

/* with C = 1 there is nothing to reorder, and no fault process (a process
   with nothing to do would still add a step) */
#if C > 1
active proctype faults()
{
  do
  SWAPS(0, 1) SWAPS(0, 2) SWAPS(1, 0) SWAPS(1, 2) SWAPS(2, 0) SWAPS(2, 1)
  od
}
#endif
