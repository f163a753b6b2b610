/**
 * mpcheck/vitest: assert a protocol's guarantees inside your own test suite.
 *
 *   import { expectProtocol } from 'mpcheck/vitest';
 *   it('retransmit delivers every message', async () => {
 *     await expectProtocol(retransmit).toSatisfy('allDelivered', { faults: { lose: 1 } });
 *   });
 *
 * A failed expectation throws a ProtocolAssertionError whose message is the counterexample
 * as a text message sequence chart, so the test report shows how the guarantee breaks.
 */
export { expectProtocol, ProtocolAssertionError } from './expect.ts';
export type { ProtocolExpectation, ExpectOptions } from './expect.ts';
