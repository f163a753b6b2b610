-- causal.m -- causal broadcast with vector clocks among 3 processes over
-- per-pair FIFO channels that may reorder.  Bench model: the same state
-- graph as causal.pml (SPIN -DNOREDUCE) and causal.ts (mpcheck); see
-- ../../README.md for the conventions.
--
-- Each process broadcasts B messages; vc[i][o] counts the messages from
-- origin o that process i has delivered (its own count as delivered when
-- sent), and a broadcast carries the sender's clock after the increment.
-- Process i delivers a message m from o when m[o] = vc[i][o] + 1 and
-- m[k] <= vc[i][k] for k /= o; otherwise m waits.  On each channel the first
-- deliverable message in queue order is the one delivered (selective
-- receive).  ch[o][i] is the channel o -> i, of capacity C; a broadcast needs
-- room in both of its channels.  Fault: at most R reorders (an entry
-- overtakes the one in front of it).
-- Parameters: B broadcasts per process, C capacity, R reorder budget.

const
  B: 1;
  C: 1;
  R: 1;

type
  Proc: 0..2;
  Slot: 0..C-1;
  Clock: array [Proc] of 0..B;
  Chan: record
    len: 0..C;
    buf: array [Slot] of Clock;      -- slots >= len kept at all zeros
  end;

var
  vc: array [Proc] of Clock;
  ch: array [Proc] of array [Proc] of Chan;   -- ch[o][i]: o -> i; ch[i][i] stays empty
  reord: 0..R;                                -- reorders used

-- entry k of channel o -> i is deliverable at i
function acc(i: Proc; o: Proc; k: Slot): boolean;
begin
  return k < ch[o][i].len
       & forall x: Proc do
           (x = o -> ch[o][i].buf[k][x] = vc[i][x] + 1)
         & (x != o -> ch[o][i].buf[k][x] <= vc[i][x])
         endforall;
end;

-- entry k is the first deliverable entry of channel o -> i
function first(i: Proc; o: Proc; k: Slot): boolean;
begin
  return acc(i, o, k) & forall k2: Slot do k2 >= k | !acc(i, o, k2) endforall;
end;

procedure push(o: Proc; i: Proc; m: Clock);
begin
  assert ch[o][i].len < C "channel overflow";
  ch[o][i].buf[ch[o][i].len] := m;
  ch[o][i].len := ch[o][i].len + 1;
end;

procedure remove(o: Proc; i: Proc; k: Slot);
begin
  for t: Slot do
    if t >= k & t + 1 < ch[o][i].len then ch[o][i].buf[t] := ch[o][i].buf[t + 1]; end;
  end;
  ch[o][i].len := ch[o][i].len - 1;
  for x: Proc do ch[o][i].buf[ch[o][i].len][x] := 0; end;
end;

startstate
begin
  for i: Proc do
    for x: Proc do vc[i][x] := 0; end;
    for o: Proc do
      ch[o][i].len := 0;
      for t: Slot do
        for x: Proc do ch[o][i].buf[t][x] := 0; end;
      end;
    end;
  end;
  reord := 0;
end;

ruleset i: Proc do
  rule "broadcast"
    vc[i][i] < B & forall j: Proc do j = i | ch[i][j].len < C endforall
  ==>
  begin
    vc[i][i] := vc[i][i] + 1;
    for j: Proc do
      if j != i then push(i, j, vc[i]); end;
    end;
  end;
end;

ruleset i: Proc; o: Proc; k: Slot do
  rule "deliver"
    o != i & first(i, o, k)
  ==>
  var m: Clock;
  begin
    m := ch[o][i].buf[k];
    remove(o, i, k);
    vc[i][o] := vc[i][o] + 1;
    assert forall x: Proc do m[x] <= vc[i][x] endforall "delivered before its causal past";
  end;
end;

ruleset o: Proc; i: Proc; k: Slot do
  rule "reorder"
    reord < R & o != i & k >= 1 & k < ch[o][i].len
  ==>
  var m: Clock;
  begin
    m := ch[o][i].buf[k - 1];
    ch[o][i].buf[k - 1] := ch[o][i].buf[k];
    ch[o][i].buf[k] := m;
    reord := reord + 1;
  end;
end;
