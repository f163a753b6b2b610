import { describe, expect, it } from 'vitest';
import { protocol } from 'mpcheck';
import { ProtocolAssertionError, expectProtocol } from 'mpcheck/vitest';
import retransmit from '../../models/retransmit.ts';
import fireAndForget from '../../models/fire-and-forget.ts';

describe('mpcheck/vitest', () => {
  it('passes when the guarantee holds', async () => {
    await expectProtocol(retransmit).toSatisfy('allDelivered', { faults: { lose: 1 } });
    await expectProtocol(fireAndForget).toSatisfy('noDuplicates', { params: { messages: 3 }, faults: { lose: 2 } });
  });

  it('fails with the counterexample chart when it is violated', async () => {
    const failing = expectProtocol(retransmit).toSatisfy('noDuplicates', { faults: { lose: 1 } });
    await expect(failing).rejects.toThrow(/Counterexample for 'noDuplicates' \(5 steps\)/);
    await expect(failing).rejects.toThrow("expected retransmit to satisfy 'noDuplicates' under faults lose=1, but it is violated.");
    await expect(failing).rejects.toThrow(/✗ lost ack\{seq:0\} \(receiver→sender\)/);
    await expect(failing).rejects.toBeInstanceOf(ProtocolAssertionError);
  });

  it('the failure carries the trace, and toViolate resolves with it', async () => {
    const trace = await expectProtocol(retransmit).toViolate('noDuplicates');
    expect(trace.steps).toHaveLength(5);
    await expect(expectProtocol(retransmit).toViolate('allDelivered')).rejects.toThrow(/but it holds: checked on all 26 reachable states/);
  });

  it('fails when a limit leaves the verdict unknown', async () => {
    await expect(expectProtocol(retransmit).toSatisfy('allDelivered', { maxStates: 5 })).rejects.toThrow(/but it is unknown: state limit 5 reached/);
  });

  it('simulation: a violation found by a walk fails the test with the shrunk chart; nothing found passes', async () => {
    const sim = { simulate: { seed: 1, runs: 300 } };
    await expect(expectProtocol(retransmit, sim).toSatisfy('noDuplicates')).rejects.toThrow(/a random walk violates it\.\n\nCounterexample for 'noDuplicates' \(5 steps\)/);
    await expectProtocol(retransmit, sim).toSatisfy('allDelivered');
  });

  it('with simulation, a reachability target passes only when a walk reaches it', async () => {
    const { define, process } = protocol<{ type: 'tick' }, 'counter'>();
    const counter = define({
      name: 'counter',
      processes: () => ({ counter: process({ init: { n: 0 }, actions: { inc: { when: (s) => s.n < 3, then: (s) => ({ n: s.n + 1 }) } }, end: () => true }) }),
      properties: (_params, p) => [p.sometimes('three', (v) => v.procs.counter.n === 3), p.sometimes('four', (v) => v.procs.counter.n === 4)],
    });
    const sim = { simulate: { seed: 1, runs: 5 } };
    await expectProtocol(counter, sim).toSatisfy('three');
    await expect(expectProtocol(counter, sim).toSatisfy('four')).rejects.toThrow("expected counter to satisfy 'four', but no witness found in 5 runs");
  });

  it('a property the spec does not have is an error, not a pass', async () => {
    await expect(expectProtocol(retransmit).toSatisfy('exactlyOnce')).rejects.toThrow(/unknown property 'exactlyOnce'/);
  });
});
