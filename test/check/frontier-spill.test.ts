import fc from 'fast-check';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/index.ts';
import { Frontier, search } from '../../src/check/index.ts';
import type { CheckResult } from '../../src/check/index.ts';
import ring from '../../bench/models/ring/ring.ts';
import { randomSpec, toProtocol } from './random-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'mpcheck-spill-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Spill files this process holds open in `dir`: the directory's own entries, and on Linux the
 * open descriptors (the file is unlinked as soon as it is created, and lives on through its descriptor).
 */
function spillFiles(): number {
  let open = readdirSync(dir).length;
  if (process.platform === 'linux') {
    for (const fd of readdirSync('/proc/self/fd')) {
      try {
        if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir)) open++;
      } catch {
        // the descriptor readdir itself used is gone by now
      }
    }
  }
  return open;
}

/** push (record length; written in place with begin/commit, which reserves `slack` bytes more than it writes) or pop (popRecord, or pop). */
const op = fc.oneof(
  fc.record({ push: fc.integer({ min: 0, max: 90 }), direct: fc.boolean(), slack: fc.nat(20) }),
  fc.record({ pop: fc.constant(true as const), record: fc.boolean() }),
);

describe('Frontier spilling to disk', () => {
  it('behaves like an array used as a queue or a stack, with a budget of one chunk', () => {
    let spilled = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), fc.boolean(), fc.boolean(), (ops, lifo, drain) => {
        // chunks of 64 bytes hold up to four records; a record longer than 48 bytes gets a chunk of its own
        const f = new Frontier(lifo, { maxBytesInMemory: 64, chunkBytes: 64, spillDir: dir });
        const ref: { index: number; depth: number; bytes: number[] }[] = [];
        let next = 0;
        const check = (record = false): void => {
          const want = lifo ? ref.pop()! : ref.shift()!;
          const got = record ? f.popRecord().subarray(f.recordAt, f.recordAt + f.recordLength) : f.pop();
          expect([f.index, f.depth, [...got]]).toEqual([want.index, want.depth, want.bytes]);
        };
        try {
          for (const o of ops) {
            if ('push' in o) {
              const bytes = Array.from({ length: o.push }, (_, i) => (next * 7 + i) & 255);
              if (o.direct) {
                f.begin(bytes.length + o.slack);
                bytes.forEach((x, i) => (f.out[f.outAt + i] = x));
                f.commit(next, next * 3, f.outAt + bytes.length);
              } else f.push(next, next * 3, Uint8Array.from(bytes));
              ref.push({ index: next, depth: next * 3, bytes });
              next++;
            } else if (ref.length > 0) check(o.record);
            expect(f.size).toBe(ref.length);
            expect(f.bytes()).toBe(ref.reduce((n, r) => n + r.bytes.length + 16, 0));
          }
          expect(f.spillFailure).toBeUndefined();
          spilled += f.spilledBytes;
          if (f.chunksOnDisk() > 0) expect(spillFiles()).toBe(1);
          if (drain) {
            while (ref.length > 0) check();
            expect(f.chunksOnDisk()).toBe(0); // the file went when the last chunk came back
            expect(spillFiles()).toBe(0);
          }
        } finally {
          f.close();
        }
        expect(spillFiles()).toBe(0);
      }),
      { numRuns: 300 },
    );
    expect(spilled).toBeGreaterThan(0);
  });

  it('keeps the chunks being read and written in memory, and the rest on disk', () => {
    for (const lifo of [false, true]) {
      const f = new Frontier(lifo, { maxBytesInMemory: 0, chunkBytes: 1024, spillDir: dir });
      const rec = new Uint8Array(100); // 116 bytes a record, 8 a chunk
      for (let i = 0; i < 8000; i++) f.push(i, 0, rec);
      expect(f.spilledChunks).toBe(998); // 1000 chunks, two of them in memory
      expect(f.bytesInMemory()).toBe(2048);
      expect(f.spilledBytes).toBe(998 * 8 * 116);
      expect(spillFiles()).toBe(1);
      for (let i = 0; i < 8000; i++) {
        f.pop();
        expect(f.index).toBe(lifo ? 7999 - i : i);
        expect(f.bytesInMemory()).toBeLessThanOrEqual(2048);
      }
      expect(spillFiles()).toBe(0);
      f.close();
    }
  });

  it('a stack swinging across a chunk boundary does not spill the same chunk again and again', () => {
    const f = new Frontier(true, { maxBytesInMemory: 0, chunkBytes: 1024, spillDir: dir });
    const rec = new Uint8Array(100);
    for (let i = 0; i < 8 * 3; i++) f.push(i, 0, rec); // three full chunks: one on disk
    expect(f.spilledChunks).toBe(1);
    for (let swing = 0; swing < 50; swing++) {
      for (let i = 0; i < 12; i++) f.pop();
      for (let i = 0; i < 12; i++) f.push(i, 0, rec);
    }
    expect(f.spilledChunks).toBe(1);
    f.close();
  });

  it('stays in memory when the spill file cannot be written', () => {
    const f = new Frontier(false, { maxBytesInMemory: 0, chunkBytes: 64, spillDir: join(dir, 'missing') });
    for (let i = 0; i < 100; i++) f.push(i, 0, new Uint8Array(20));
    expect(f.spillFailure).toMatch(/ENOENT/);
    expect(f.spilledBytes).toBe(0);
    for (let i = 0; i < 100; i++) {
      f.pop();
      expect(f.index).toBe(i);
    }
  });

  it('without a budget nothing is spilled', () => {
    const f = new Frontier(false);
    for (let i = 0; i < 1000; i++) f.push(i, 0, new Uint8Array(5000));
    expect(f.spilledBytes).toBe(0);
    expect(f.bytesInMemory()).toBe(2 * (4 << 20));
  });
});

/** What a search with and without spilling must agree on. */
function outcome(r: CheckResult): object {
  const { states, transitions, depth, maxQueue } = r.stats;
  return { states, transitions, depth, maxQueue, complete: r.complete, stoppedBy: r.stoppedBy, properties: r.properties.map((p) => [p.name, p.verdict, p.trace?.steps.map((s) => s.text)]) };
}

describe('search with a spilling frontier', () => {
  const tiny = { maxBytesInMemory: 0, chunkBytes: 256, spillDir: dir };

  for (const strategy of ['bfs', 'dfs'] as const) {
    it(`ring N=4 (${strategy}): the same states, transitions, depth and verdicts`, () => {
      const model = compile(ring, { symmetry: false, params: { N: 4, M: 1, C: 2 }, por: false });
      const plain = search(model, { strategy });
      const spilled = search(model, { strategy, frontier: tiny });
      expect(plain.stats.states).toBe(1848);
      expect(outcome(spilled)).toEqual(outcome(plain));
      expect(plain.stats.spilledBytes).toBeUndefined();
      expect(spilled.stats.spilledBytes).toBeGreaterThan(0);
      expect(spillFiles()).toBe(0);
    });
  }

  it('random protocols: the same counts, verdicts and counterexamples', () => {
    fc.assert(
      fc.property(randomSpec, fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), (spec, strategy) => {
        const model = compile(toProtocol(spec));
        const spilled = search(model, { strategy, frontier: { maxBytesInMemory: 0, chunkBytes: 128, spillDir: dir } });
        expect(outcome(spilled)).toEqual(outcome(search(model, { strategy })));
      }),
      { numRuns: 40 },
    );
    expect(spillFiles()).toBe(0);
  });

  it('a memory bound gives the frontier a budget of a quarter of it', () => {
    const r = search(compile(ring, { symmetry: false, params: { N: 3, M: 1, C: 2 } }), { maxMemoryBytes: 2 ** 40 });
    expect(r.complete).toBe(true);
    expect(r.stats.spilledBytes).toBeUndefined();
  });
});
