import { tmpdir } from 'node:os';
import { SpillFile } from './spill-file.ts';

/**
 * States waiting to be expanded, kept as encoded bytes in large chunks rather than as
 * millions of JS objects. A record is [index u32][depth u32][len u32][bytes…][len u32];
 * the trailing length lets the stack pop from the end. FIFO for BFS, LIFO for DFS.
 *
 * With a memory budget, whole chunks that are not about to be read go to a temporary file
 * when the chunks in memory would pass it, and are read back when the reader reaches them.
 * FIFO: the head chunk (being read) and the tail (being written) stay in memory, the ones
 * between are spilled newest first. LIFO: the top two chunks stay, the bottom ones are spilled;
 * a spilled chunk is read back when the stack unwinds to it, so at least a chunk's worth of
 * pushes comes between reading a chunk back and spilling it again. The budget is therefore
 * never below two chunks. Spilling happens only where a chunk is added or finished, so a push
 * or pop within a chunk costs what it costs without a budget.
 */
export interface FrontierOptions {
  /** Bytes of chunks to hold in memory before spilling to disk (default: no limit, never spill). */
  readonly maxBytesInMemory?: number;
  /** Where the spill file goes (default: the system's temporary directory). */
  readonly spillDir?: string;
  /** Size of a chunk (default 4 MiB); a record larger than this gets a chunk of its own size. */
  readonly chunkBytes?: number;
}

const CHUNK = 4 << 20;
const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);

interface Chunk {
  /** The records (EMPTY while on disk). */
  buf: Uint8Array;
  view: DataView;
  /** End of the records written. */
  end: number;
  /** Offset in the spill file while on disk, -1 while in memory. */
  at: number;
}

export class Frontier {
  private chunks: Chunk[] = [];
  private head = 0; // read offset in chunks[0] (FIFO)
  size = 0;
  private bytesHeld = 0;
  index = 0;
  depth = 0;

  private readonly chunkBytes: number;
  private budget: number;
  private readonly file: SpillFile | null;
  /** Bytes of the chunk buffers in memory. */
  private memBytes = 0;
  /** Chunks in the spill file now. */
  private onDisk = 0;
  /** The buffer of the chunk spilled last, for the next chunk to reuse. */
  private freed: Uint8Array | null = null;
  /** Bytes written to the spill file, in all. */
  spilledBytes = 0;
  /** Chunks written to the spill file, in all. */
  spilledChunks = 0;
  /** Why spilling stopped (the file could not be created or written); the frontier then stays in memory. */
  spillFailure: string | undefined;

  constructor(
    readonly lifo: boolean,
    opts: FrontierOptions = {},
  ) {
    this.chunkBytes = opts.chunkBytes ?? CHUNK;
    this.budget = opts.maxBytesInMemory ?? Infinity;
    this.file = this.budget < Infinity ? new SpillFile(opts.spillDir ?? tmpdir(), this.chunkBytes) : null;
  }

  /** Add the state `index` at `depth`, encoded as bytes[0, len). */
  push(index: number, depth: number, bytes: Uint8Array, len = bytes.length): void {
    this.begin(len);
    const out = this.out;
    const at = this.outAt;
    for (let k = 0; k < len; k++) out[at + k] = bytes[k];
    this.commit(index, depth, at + len);
  }

  /** Where the record begun by {@link begin} is written: the chunk's bytes, and where the record's own bytes start in it. */
  out: Uint8Array = EMPTY;
  outAt = 0;

  /**
   * Begin a record of at most `max` bytes, to be written into {@link out} from {@link outAt}
   * (encoded there directly, not copied from elsewhere); {@link commit} ends it. Nothing else
   * may be done with the frontier in between.
   */
  begin(max: number): void {
    let c = this.chunks[this.chunks.length - 1];
    if (!c || c.end + max + 16 > c.buf.length) c = this.addChunk(max + 16);
    this.out = c.buf;
    this.outAt = c.end + 12;
  }

  /** End the record begun last: the state `index` at `depth`, whose bytes end at `end` in {@link out}. */
  commit(index: number, depth: number, end: number): void {
    const c = this.chunks[this.chunks.length - 1];
    const v = c.view;
    const at = c.end;
    const len = end - at - 12;
    v.setUint32(at, index, true);
    v.setUint32(at + 4, depth, true);
    v.setUint32(at + 8, len, true);
    v.setUint32(end, len, true);
    c.end = end + 4;
    this.size++;
    this.bytesHeld += len + 16;
  }

  /**
   * Take the next record; sets `index` and `depth`, returns its bytes (valid until the next
   * pop, and for a LIFO until the next push).
   */
  pop(): Uint8Array {
    const buf = this.popRecord();
    return buf.subarray(this.recordAt, this.recordAt + this.recordLength);
  }

  /** Where the bytes of the record taken last by {@link popRecord} are, in the buffer it returned. */
  recordAt = 0;
  recordLength = 0;

  /** Like {@link pop}, without making a view of the bytes: they are [recordAt, recordAt + recordLength) of the buffer returned. */
  popRecord(): Uint8Array {
    this.size--;
    if (this.lifo) {
      let c = this.chunks[this.chunks.length - 1];
      if (c.end === 0) c = this.unwind();
      const len = c.view.getUint32(c.end - 4, true);
      const start = c.end - 4 - len - 12;
      this.index = c.view.getUint32(start, true);
      this.depth = c.view.getUint32(start + 4, true);
      c.end = start;
      this.bytesHeld -= len + 16;
      this.recordAt = start + 12;
      this.recordLength = len;
      return c.buf;
    }
    let c = this.chunks[0];
    if (this.head >= c.end) c = this.nextHead();
    const at = this.head;
    this.index = c.view.getUint32(at, true);
    this.depth = c.view.getUint32(at + 4, true);
    const len = c.view.getUint32(at + 8, true);
    this.head = at + 16 + len;
    this.bytesHeld -= len + 16;
    this.recordAt = at + 12;
    this.recordLength = len;
    return c.buf;
  }

  /** Bytes of the records held, in memory and on disk. */
  bytes(): number {
    return this.bytesHeld;
  }

  /** Bytes of the chunk buffers in memory. */
  bytesInMemory(): number {
    return this.memBytes;
  }

  /** Chunks in the spill file now. */
  chunksOnDisk(): number {
    return this.onDisk;
  }

  /** Drop every record and delete the spill file. The statistics stay. */
  close(): void {
    this.chunks = [];
    this.head = 0;
    this.size = 0;
    this.bytesHeld = 0;
    this.memBytes = 0;
    this.onDisk = 0;
    this.freed = null;
    this.file?.close();
  }

  /** A new last chunk with room for `need` bytes, after spilling others if the budget asks. */
  private addChunk(need: number): Chunk {
    const size = Math.max(this.chunkBytes, need);
    const last = this.chunks[this.chunks.length - 1];
    // LIFO: a top chunk emptied by pops and too small for this record goes, so that no chunk
    // below the top is ever empty (FIFO chunks are never empty: each is made for a record)
    if (last !== undefined && last.end === 0) this.memBytes -= this.chunks.pop()!.buf.length;
    while (this.memBytes + size > this.budget) {
      const victim = this.spillable();
      if (victim === undefined || !this.spill(victim)) break;
    }
    let buf = this.freed;
    this.freed = null;
    if (buf === null || buf.length !== size) buf = new Uint8Array(size);
    const c: Chunk = { buf, view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength), end: 0, at: -1 };
    this.chunks.push(c);
    this.memBytes += size;
    return c;
  }

  /** The chunk to spill next, of those that stay in memory so far (the last one becomes second last). */
  private spillable(): Chunk | undefined {
    const n = this.chunks.length;
    if (this.lifo) {
      for (let i = 0; i < n - 1; i++) if (this.chunks[i].at < 0) return this.chunks[i];
    } else {
      for (let i = n - 1; i > 0; i--) if (this.chunks[i].at < 0) return this.chunks[i];
    }
    return undefined;
  }

  private spill(c: Chunk): boolean {
    try {
      c.at = this.file!.write(c.buf.subarray(0, c.end));
    } catch (e) {
      this.spillFailure = e instanceof Error ? e.message : String(e);
      this.budget = Infinity;
      return false;
    }
    this.spilledBytes += c.end;
    this.spilledChunks++;
    this.onDisk++;
    this.memBytes -= c.buf.length;
    this.freed = c.buf;
    c.buf = EMPTY;
    c.view = EMPTY_VIEW;
    return true;
  }

  /** LIFO: the top chunk is empty; drop it, reading the one below back if it is on disk (it is not empty). */
  private unwind(): Chunk {
    const done = this.chunks.pop()!;
    this.memBytes -= done.buf.length;
    const c = this.chunks[this.chunks.length - 1];
    if (c.at >= 0) this.load(c, done.buf);
    return c;
  }

  /** FIFO: the head chunk is read; move to the next, reading it back if it is on disk (it is not empty). */
  private nextHead(): Chunk {
    const done = this.chunks.shift()!;
    this.memBytes -= done.buf.length;
    this.head = 0;
    const c = this.chunks[0];
    if (c.at >= 0) this.load(c, done.buf);
    return c;
  }

  /** Read a spilled chunk back, into `spare` if it is large enough. */
  private load(c: Chunk, spare: Uint8Array): void {
    const buf = spare.length >= c.end ? spare : new Uint8Array(Math.max(this.chunkBytes, c.end));
    this.file!.read(c.at, buf.subarray(0, c.end));
    this.release(c);
    c.buf = buf;
    c.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.memBytes += buf.length;
  }

  /** The chunk's copy on disk is no longer needed; delete the file once none is left. */
  private release(c: Chunk): void {
    this.file!.free(c.at, c.end);
    c.at = -1;
    if (--this.onDisk === 0) this.file!.close();
  }
}
