/**
 * A BFS level as packed records in SharedArrayBuffer chunks: [index u32][len u32][bytes…].
 * Workers write the states they discover into chunks of their own; posting a chunk to
 * another thread shares it (no copy). The next level is cut into work items
 * (chunk, start, end), in one segment per lane: the items of the chunks that lane wrote.
 * Each lane claims the items of its own segment one at a time, through that segment's
 * cursor, then helps with what is left of the others' (see Claims).
 *
 * Why a lane expands the states it wrote: they, and the states it inserted while writing
 * them, were last touched by its own core, and so are their successors, which it mostly
 * finds again itself. When the lanes took items in turn from one cursor, each expanded half
 * the states the other wrote, and found half of its duplicates where the other had just
 * written them; two lanes then spent 1.25–1.4× the CPU per state of one thread. On ring N=7
 * `--no-por --workers 2 --wait-for-workers --max-states 3000000`, three alternating
 * rounds: 9.8–11.7 s of user CPU against 12.8–15.1 s, and 1.45–1.60× one thread's time
 * against 1.22–1.44×. About 1% of the states are then expanded by the lane that did not
 * write them (the ends of segments).
 */
export const CHUNK_BYTES = 256 << 10;

/** A filled chunk: bytes [0, end) hold `records` records. */
export interface Chunk {
  readonly buf: SharedArrayBuffer;
  readonly end: number;
  readonly records: number;
}

export class ChunkWriter {
  private buf: SharedArrayBuffer | undefined;
  private u8: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private end = 0;
  private records = 0;
  private full: Chunk[] = [];
  /** Chunks that may be written over (their level has been expanded). */
  private spare: SharedArrayBuffer[] = [];
  /** Records written since the last take(). */
  count = 0;

  /** Hand back chunks whose records are no longer needed, to be written over. */
  recycle(bufs: readonly SharedArrayBuffer[]): void {
    for (const b of bufs) if (b.byteLength === CHUNK_BYTES) this.spare.push(b);
  }

  /** Add the state `index`, encoded as bytes[0, len). */
  push(index: number, bytes: Uint8Array, len = bytes.length): void {
    this.begin(len);
    const out = this.out;
    const at = this.outAt;
    for (let k = 0; k < len; k++) out[at + k] = bytes[k];
    this.commit(index, at + len);
  }

  /** Where the record begun by {@link begin} is written: the chunk's bytes, and where the record's own bytes start in it. */
  out: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  outAt = 0;

  /** Begin a record of at most `max` bytes, to be written into {@link out} from {@link outAt}; {@link commit} ends it. */
  begin(max: number): void {
    if (this.buf === undefined || this.end + 8 + max > this.u8.length) this.open(8 + max);
    this.out = this.u8;
    this.outAt = this.end + 8;
  }

  /** End the record begun last: the state `index`, whose bytes end at `end` in {@link out}. */
  commit(index: number, end: number): void {
    const at = this.end;
    this.view.setUint32(at, index, true);
    this.view.setUint32(at + 4, end - at - 8, true);
    this.end = end;
    this.records++;
    this.count++;
  }

  /** The chunks written so far; the writer starts afresh. */
  take(): Chunk[] {
    this.close();
    const out = this.full;
    this.full = [];
    this.count = 0;
    return out;
  }

  private open(need: number): void {
    this.close();
    this.buf = need <= CHUNK_BYTES ? (this.spare.pop() ?? new SharedArrayBuffer(CHUNK_BYTES)) : new SharedArrayBuffer(need);
    this.u8 = new Uint8Array(this.buf);
    this.view = new DataView(this.buf);
    this.end = 0;
    this.records = 0;
  }

  private close(): void {
    if (this.buf !== undefined && this.records > 0) this.full.push({ buf: this.buf, end: this.end, records: this.records });
    this.buf = undefined;
    this.u8 = new Uint8Array(0);
    this.end = 0;
    this.records = 0;
  }
}

/** One record per chunk list: a chunk holding the initial state. */
export function singleRecord(index: number, bytes: Uint8Array): Chunk[] {
  const w = new ChunkWriter();
  w.push(index, bytes);
  return w.take();
}

/**
 * Cut a level into work items of at most `perItem` records: a flat array of (chunk number,
 * start offset, end offset) triples. Items are claimed in order, and those near the end of
 * the level shrink (to about 1/(8·lanes) of the records left, down to one record), so that
 * the last item a lane holds when the others run out of work is short, even on a lane that
 * runs slowly (a worker thread that just joined, its code and successor cache still cold).
 */
export function workItems(chunks: readonly Chunk[], perItem: number, lanes = 1, firstChunk = 0): number[] {
  const items: number[] = [];
  let left = 0;
  for (const c of chunks) left += c.records;
  const size = (): number => Math.min(perItem, Math.max(1, Math.ceil(left / (8 * lanes))));
  let target = size();
  for (let c = 0; c < chunks.length; c++) {
    const { buf, end } = chunks[c];
    const view = new DataView(buf);
    let start = 0;
    let pos = 0;
    let n = 0;
    while (pos < end) {
      pos += 8 + view.getUint32(pos + 4, true);
      left--;
      if (++n === target) {
        items.push(firstChunk + c, start, pos);
        start = pos;
        n = 0;
        target = size();
      }
    }
    if (start < end) {
      items.push(firstChunk + c, start, end);
      target = size();
    }
  }
  return items;
}

/**
 * Records per work item for a level of `records` records shared by `lanes` workers: small
 * enough that the lanes finish a level at nearly the same time (at most 64 records, a few
 * milliseconds of work, are left to one lane at the end), large enough that claiming is rare.
 */
export function itemSize(records: number, lanes: number): number {
  return Math.max(1, Math.min(64, Math.ceil(records / (lanes * 32))));
}

/** Int32 slots from one segment's cursor to the next: a cache line each. */
export const CURSOR_STRIDE = 16;

/** A level's work items in segments, with their cursors (see LevelOrder.segments). */
export interface SegmentedWork {
  readonly items: number[];
  readonly segments: number[];
  readonly cursors: SharedArrayBuffer;
}

/** Work in segments of the given items, one segment per list, each cursor at its segment's first item. */
export function segmentedWork(lists: readonly (readonly number[])[]): SegmentedWork {
  const items: number[] = [];
  const segments = [0];
  const cursors = new SharedArrayBuffer(4 * CURSOR_STRIDE * Math.max(1, lists.length));
  const at = new Int32Array(cursors);
  lists.forEach((list, s) => {
    at[CURSOR_STRIDE * s] = items.length / 3;
    for (const x of list) items.push(x);
    segments.push(items.length / 3);
  });
  return { items, segments, cursors };
}

/**
 * A level to expand, from the chunks each lane wrote (`level[l]` for lane l): the chunks'
 * buffers in one list, and their work items (workItems of `perItem` records, shrinking
 * towards the end of each segment) in one segment per lane, each item naming its chunk by
 * its place in that list.
 */
export function levelWork(level: readonly (readonly Chunk[])[], perItem: number, lanes: number): { chunks: SharedArrayBuffer[]; work: SegmentedWork } {
  const chunks: SharedArrayBuffer[] = [];
  const lists = level.map((written) => {
    const items = workItems(written, perItem, lanes, chunks.length);
    for (const c of written) chunks.push(c.buf);
    return items;
  });
  return { chunks, work: segmentedWork(lists) };
}

/**
 * One lane's claims on a level's work in segments: first the items of its own segment
 * (`home` mod the number of segments: the states it wrote), in order, then, when that is
 * empty, those of the next segments in turn, from wherever their cursors stand.
 */
export class Claims {
  /** Segments found empty, counted from the lane's own. */
  private passed = 0;
  /** Whether the last item claimed was of another lane's segment. */
  stolen = false;

  constructor(
    private readonly segments: readonly number[],
    private readonly cursors: Int32Array<ArrayBufferLike>,
    private readonly home: number,
  ) {}

  /** The next item to expand, or -1 when none is left. */
  next(): number {
    const segments = this.segments;
    const n = segments.length - 1;
    for (; this.passed < n; this.passed++) {
      const s = (this.home + this.passed) % n;
      const i = Atomics.add(this.cursors, CURSOR_STRIDE * s, 1);
      if (i < segments[s + 1]) {
        this.stolen = this.passed > 0;
        return i;
      }
    }
    return -1;
  }
}

/** The items of each segment that no lane claimed. */
export function unclaimed(work: SegmentedWork): number[][] {
  const at = new Int32Array(work.cursors);
  return work.segments.slice(1).map((end, s) => work.items.slice(3 * Math.min(end, at[CURSOR_STRIDE * s]), 3 * end));
}
