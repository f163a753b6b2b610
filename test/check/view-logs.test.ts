import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ViewLogs, viewLogBuffers } from '../../src/check/parallel/view-logs.ts';

/** What `logs` receives now, as plain arrays. */
function received(logs: ViewLogs): number[][] {
  const got: number[][] = [];
  logs.receive((log, at, length) => got.push(Array.from(log.subarray(at, at + length))));
  return got;
}

describe('ViewLogs (the lanes share what their successor caches learn)', () => {
  it("each lane receives every record the others published, once, in each publisher's order, never its own; across growth of the logs", () => {
    const record = fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 300 });
    const op = fc.oneof(fc.record({ publish: fc.nat(2), record }), fc.record({ receive: fc.nat(2) }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const buffers = viewLogBuffers(3);
        const lanes = [0, 1, 2].map((lane) => new ViewLogs(buffers, lane));
        const published: number[][][] = [[], [], []];
        /** Per reader, per publisher: records received so far. */
        const read = [0, 1, 2].map(() => [0, 0, 0]);
        const check = (reader: number): void => {
          const got = received(lanes[reader]);
          const expected: number[][] = [];
          for (let from = 0; from < 3; from++) {
            if (from === reader) continue;
            expected.push(...published[from].slice(read[reader][from]));
            read[reader][from] = published[from].length;
          }
          expect(got).toEqual(expected);
        };
        for (const o of ops) {
          if ('publish' in o) {
            // (the record is written from a scratch array longer than it)
            const scratch = new Int32Array(o.record.length + 7);
            scratch.set(o.record);
            lanes[o.publish].publish(scratch, o.record.length);
            published[o.publish].push(o.record);
          } else check(o.receive);
        }
        for (const reader of [0, 1, 2]) check(reader);
      }),
      { numRuns: 100 },
    );
  });

  it('grows past its first 64 KiB, and past its bound drops records whole: the readers stop at the last one that fit', () => {
    const [a, b] = (() => {
      const buffers = viewLogBuffers(2, 1024);
      return [new ViewLogs(buffers, 0), new ViewLogs(buffers, 1)];
    })();
    // 1024 bytes: the end slot and 255 ints of records; records of 1 + 9 ints
    const rec = (k: number) => Int32Array.from({ length: 9 }, (_, i) => 10 * k + i);
    for (let k = 0; k < 30; k++) a.publish(rec(k), 9);
    const got = received(b);
    expect(got.length).toBe(25);
    expect(got.at(-1)).toEqual(Array.from(rec(24)));
    // a record that still fits after the dropped ones is published
    a.publish(Int32Array.of(7, 7, 7, 7), 4);
    expect(received(b)).toEqual([[7, 7, 7, 7]]);
    expect(received(b)).toEqual([]);
    // the default bound leaves room for much more than the first 64 KiB
    const buffers = viewLogBuffers(2);
    const [c, d] = [new ViewLogs(buffers, 0), new ViewLogs(buffers, 1)];
    const big = Int32Array.from({ length: 1000 }, (_, i) => i);
    for (let k = 0; k < 100; k++) c.publish(big, 1000);
    const many = received(d);
    expect(many.length).toBe(100);
    expect(many.every((r) => r.length === 1000 && r[999] === 999)).toBe(true);
  });
});
