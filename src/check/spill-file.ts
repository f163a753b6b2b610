import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Spill files that could not be unlinked while open (not on POSIX systems): removed at exit. */
const leftAtExit = new Set<string>();
let exitHookSet = false;

function removeAtExit(path: string): void {
  leftAtExit.add(path);
  if (exitHookSet) return;
  exitHookSet = true;
  process.on('exit', () => {
    for (const p of leftAtExit) {
      try {
        unlinkSync(p);
      } catch {
        // best effort: the process is ending
      }
    }
  });
}

/**
 * A temporary file of byte blocks, written and read synchronously. Blocks up to `slotBytes`
 * long go in fixed slots that are reused once freed, so the file holds at most as many slots
 * as were ever on disk at once; longer blocks are appended and their space reused only when
 * the file is closed. The file is created on the first write under a unique name in `dir`
 * and unlinked at once where the system allows it (POSIX), so that nothing is left behind even
 * if the process is killed; elsewhere it is removed by `close()` or at exit.
 */
export class SpillFile {
  private fd = -1;
  private path: string | null = null;
  private end = 0;
  private freeSlots: number[] = [];

  constructor(
    private readonly dir: string,
    private readonly slotBytes: number,
  ) {}

  /** Write `bytes` somewhere in the file; returns the offset to read them back from. */
  write(bytes: Uint8Array): number {
    if (this.fd < 0) this.open();
    let at: number;
    if (bytes.length <= this.slotBytes) {
      at = this.freeSlots.pop() ?? this.end;
      if (at === this.end) this.end += this.slotBytes;
    } else {
      at = this.end;
      this.end += bytes.length;
    }
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done);
    return at;
  }

  /** Read `into.length` bytes written at `at`. */
  read(at: number, into: Uint8Array): void {
    for (let done = 0; done < into.length; ) {
      const n = readSync(this.fd, into, done, into.length - done, at + done);
      if (n === 0) throw new Error(`spill file: unexpected end of file at ${at + done}`);
      done += n;
    }
  }

  /** The block of `length` bytes at `at` is no longer needed. */
  free(at: number, length: number): void {
    if (length <= this.slotBytes) this.freeSlots.push(at);
  }

  /** Close (and delete) the file; a later write starts a new one. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    if (this.path !== null) {
      try {
        unlinkSync(this.path);
      } catch {
        // already gone
      }
      leftAtExit.delete(this.path);
    }
    this.fd = -1;
    this.path = null;
    this.end = 0;
    this.freeSlots = [];
  }

  private open(): void {
    const path = join(this.dir, `mpcheck-frontier-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    this.fd = openSync(path, 'wx+', 0o600);
    try {
      unlinkSync(path);
    } catch {
      this.path = path;
      removeAtExit(path);
    }
  }
}
