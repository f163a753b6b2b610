-- abp.m -- alternating bit protocol over lossy, duplicating bounded FIFO
-- channels.  Bench model: the same state graph as abp.pml (SPIN -DNOREDUCE)
-- and abp.ts (mpcheck); see ../../README.md for the conventions.
--
-- The sender transfers the values 0..M-1 one at a time as data(n mod 2, n),
-- retransmits the current one whenever it likes (an "anytime" timeout) while
-- waiting for ack(n mod 2); the receiver accepts data whose bit it expects,
-- checks the value is the next one, and acknowledges every data it gets with
-- that data's bit.  Each channel is a FIFO of capacity C; a send needs room.
-- Faults: at most L losses (any message in either channel) and D duplications
-- (a copy right behind the original, only when the channel has room).
-- Parameters: M values, C capacity, L loss budget, D duplication budget.

const
  M: 2;
  C: 2;
  L: 1;
  D: 1;

type
  Bit: 0..1;
  Val: 0..M-1;
  Data: record b: Bit; v: Val; end;
  DataChan: record
    len: 0..C;
    buf: array [0..C-1] of Data;     -- slots >= len kept at (0,0)
  end;
  AckChan: record
    len: 0..C;
    buf: array [0..C-1] of Bit;      -- slots >= len kept at 0
  end;
  Slot: 0..C-1;

var
  n: 0..M;          -- sender: values acknowledged
  w: boolean;       -- sender: waiting for the ack of value n
  r: 0..M;          -- receiver: values accepted
  dq: DataChan;     -- sender -> receiver
  aq: AckChan;      -- receiver -> sender
  lost: 0..L;       -- losses used
  dupd: 0..D;       -- duplications used

procedure pushData(b: Bit; v: Val);
begin
  assert dq.len < C "data channel overflow";
  dq.buf[dq.len].b := b;
  dq.buf[dq.len].v := v;
  dq.len := dq.len + 1;
end;

-- remove entry i of the data channel, moving the later ones up
procedure removeData(i: Slot);
begin
  for t: Slot do
    if t >= i & t + 1 < dq.len then dq.buf[t] := dq.buf[t + 1]; end;
  end;
  dq.len := dq.len - 1;
  dq.buf[dq.len].b := 0;
  dq.buf[dq.len].v := 0;
end;

-- insert a copy of entry i right behind it
procedure dupData(i: Slot);
begin
  for t: Slot do
    -- move entries i+1..len-1 one place back, from the end
    if C - 1 - t > i & C - 1 - t <= dq.len then dq.buf[C - 1 - t] := dq.buf[C - 2 - t]; end;
  end;
  dq.len := dq.len + 1;
end;

procedure pushAck(b: Bit);
begin
  assert aq.len < C "ack channel overflow";
  aq.buf[aq.len] := b;
  aq.len := aq.len + 1;
end;

procedure removeAck(i: Slot);
begin
  for t: Slot do
    if t >= i & t + 1 < aq.len then aq.buf[t] := aq.buf[t + 1]; end;
  end;
  aq.len := aq.len - 1;
  aq.buf[aq.len] := 0;
end;

procedure dupAck(i: Slot);
begin
  for t: Slot do
    if C - 1 - t > i & C - 1 - t <= aq.len then aq.buf[C - 1 - t] := aq.buf[C - 2 - t]; end;
  end;
  aq.len := aq.len + 1;
end;

startstate
begin
  n := 0;
  w := false;
  r := 0;
  dq.len := 0;
  aq.len := 0;
  for t: Slot do
    dq.buf[t].b := 0;
    dq.buf[t].v := 0;
    aq.buf[t] := 0;
  end;
  lost := 0;
  dupd := 0;
end;

-- ---- sender ----

rule "sender send"
  !w & n < M & dq.len < C
==>
begin
  pushData(n % 2, n);
  w := true;
end;

rule "sender retransmit"
  w & dq.len < C
==>
begin
  pushData(n % 2, n);
end;

rule "sender recv ack"
  aq.len > 0
==>
var b: Bit;
begin
  b := aq.buf[0];
  removeAck(0);
  if w & b = n % 2 then
    n := n + 1;
    w := false;
  end;
end;

-- ---- receiver ----

rule "receiver recv data"
  dq.len > 0 & aq.len < C
==>
var m: Data;
begin
  m := dq.buf[0];
  removeData(0);
  pushAck(m.b);
  if m.b = r % 2 then
    assert m.v = r "data accepted out of order";
    r := r + 1;
  end;
end;

-- ---- faults ----

ruleset i: Slot do
  rule "lose data"
    lost < L & i < dq.len
  ==>
  begin
    removeData(i);
    lost := lost + 1;
  end;

  rule "duplicate data"
    dupd < D & i < dq.len & dq.len < C
  ==>
  begin
    dupData(i);
    dupd := dupd + 1;
  end;

  rule "lose ack"
    lost < L & i < aq.len
  ==>
  begin
    removeAck(i);
    lost := lost + 1;
  end;

  rule "duplicate ack"
    dupd < D & i < aq.len & aq.len < C
  ==>
  begin
    dupAck(i);
    dupd := dupd + 1;
  end;
end;
