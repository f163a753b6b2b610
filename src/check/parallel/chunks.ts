/**
 * A BFS level as packed records in SharedArrayBuffer chunks: [index u32][len u32][bytes…].
 * Workers write the states they discover into chunks of their own; posting a chunk to
 * another thread shares it (no copy). The next level is cut into work items
 * (chunk, start, end) that the workers claim one at a time from a shared cursor.
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
    const need = 8 + len;
    if (this.buf === undefined || this.end + need > this.u8.length) this.open(need);
    const at = this.end;
    this.view.setUint32(at, index, true);
    this.view.setUint32(at + 4, len, true);
    const u8 = this.u8;
    for (let k = 0; k < len; k++) u8[at + 8 + k] = bytes[k];
    this.end = at + need;
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
export function workItems(chunks: readonly Chunk[], perItem: number, lanes = 1): number[] {
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
        items.push(c, start, pos);
        start = pos;
        n = 0;
        target = size();
      }
    }
    if (start < end) {
      items.push(c, start, end);
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
