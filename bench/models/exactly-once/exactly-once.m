-- exactly-once.m -- exactly-once delivery with sequence numbers, acks,
-- retransmission, a persistent dedup table and crashes, over lossy,
-- duplicating unordered channels.  Bench model: the same state graph as
-- exactly-once.pml (SPIN -DNOREDUCE) and exactly-once.ts (mpcheck); see
-- ../../README.md for the conventions.
--
-- Sender: sends seq 0..M-1 (next is persistent), records acks in volatile
-- acked[], and on a quiescent timeout (no other protocol step enabled)
-- retransmits one unacknowledged seq of its choice.  Receiver: dedup table
-- seen[] (persistent), acks owed in volatile pending[]; its ack action sends
-- ack(k) for a pending k of its choice.  A crash (of either process) resets
-- the volatile part and marks the process down until its restart step; its
-- incoming messages stay queued.
-- Channels are unordered multisets of capacity C, kept as a count per seq.
-- Faults: at most L losses and D duplications (of any distinct message in
-- flight) and X crashes.
-- Parameters: M messages, C capacity, L loss, D duplication, X crash budget.

const
  M: 2;
  C: 2;
  L: 1;
  D: 1;
  X: 1;

type
  Seq: 0..M-1;
  Bag: array [Seq] of 0..C;        -- how many copies of each seq are in flight

var
  next: 0..M;                      -- sender, persistent: seqs sent so far
  acked: array [Seq] of boolean;   -- sender, volatile
  seen: array [Seq] of boolean;    -- receiver, persistent: dedup table (delivered)
  pending: array [Seq] of boolean; -- receiver, volatile: acks owed
  downS: boolean;                  -- sender crashed
  downR: boolean;                  -- receiver crashed
  dq: Bag;                         -- sender -> receiver: data(seq)
  aq: Bag;                         -- receiver -> sender: ack(seq)
  lost: 0..L;
  dupd: 0..D;
  crashed: 0..X;

function size(b: Bag): 0..M*C;
var t: 0..M*C;
begin
  t := 0;
  for k: Seq do t := t + b[k]; end;
  return t;
end;

function anyPending(): boolean;
begin
  return exists k: Seq do pending[k] endexists;
end;

-- every protocol step other than the quiescent timeout, as its guard
function busy(): boolean;
begin
  return (!downS & next < M & size(dq) < C)          -- sender send
       | (!downS & size(aq) > 0)                      -- sender recv ack
       | (!downR & size(dq) > 0)                      -- receiver recv data
       | (!downR & anyPending() & size(aq) < C)       -- receiver ack
       | downS | downR;                               -- restarts
end;

startstate
begin
  next := 0;
  for k: Seq do
    acked[k] := false;
    seen[k] := false;
    pending[k] := false;
    dq[k] := 0;
    aq[k] := 0;
  end;
  downS := false;
  downR := false;
  lost := 0;
  dupd := 0;
  crashed := 0;
end;

-- ---- sender ----

rule "sender send"
  !downS & next < M & size(dq) < C
==>
begin
  dq[next] := dq[next] + 1;
  next := next + 1;
end;

ruleset k: Seq do
  rule "sender retransmit (quiescent timeout)"
    !downS & k < next & !acked[k] & size(dq) < C & !busy()
  ==>
  begin
    dq[k] := dq[k] + 1;
  end;

  rule "sender recv ack"
    !downS & aq[k] > 0
  ==>
  begin
    aq[k] := aq[k] - 1;
    acked[k] := true;
  end;
end;

-- ---- receiver ----

ruleset k: Seq do
  rule "receiver recv data"
    !downR & dq[k] > 0
  ==>
  begin
    dq[k] := dq[k] - 1;
    seen[k] := true;        -- delivered (no-op when already seen: deduplicated)
    pending[k] := true;
  end;

  rule "receiver ack"
    !downR & pending[k] & size(aq) < C
  ==>
  begin
    aq[k] := aq[k] + 1;
    pending[k] := false;
  end;
end;

-- ---- restarts ----

rule "restart sender"
  downS
==>
begin
  downS := false;
end;

rule "restart receiver"
  downR
==>
begin
  downR := false;
end;

-- ---- faults ----

ruleset k: Seq do
  rule "lose data"
    lost < L & dq[k] > 0
  ==>
  begin
    dq[k] := dq[k] - 1;
    lost := lost + 1;
  end;

  rule "duplicate data"
    dupd < D & dq[k] > 0 & size(dq) < C
  ==>
  begin
    dq[k] := dq[k] + 1;
    dupd := dupd + 1;
  end;

  rule "lose ack"
    lost < L & aq[k] > 0
  ==>
  begin
    aq[k] := aq[k] - 1;
    lost := lost + 1;
  end;

  rule "duplicate ack"
    dupd < D & aq[k] > 0 & size(aq) < C
  ==>
  begin
    aq[k] := aq[k] + 1;
    dupd := dupd + 1;
  end;
end;

rule "crash sender"
  crashed < X & !downS
==>
begin
  for k: Seq do acked[k] := false; end;   -- next is persistent
  downS := true;
  crashed := crashed + 1;
end;

rule "crash receiver"
  crashed < X & !downR
==>
begin
  for k: Seq do pending[k] := false; end; -- seen is persistent
  downR := true;
  crashed := crashed + 1;
end;

-- ---- properties ----

invariant "an acknowledged message was delivered"
  forall k: Seq do acked[k] -> seen[k] endforall;

invariant "an owed ack is for a delivered message"
  forall k: Seq do pending[k] -> seen[k] endforall;
