/**
 * States waiting to be expanded, kept as encoded bytes in large chunks rather than as
 * millions of JS objects. A record is [index u32][depth u32][len u32][bytes…][len u32];
 * the trailing length lets the stack pop from the end. FIFO for BFS, LIFO for DFS.
 */
const CHUNK = 4 << 20;

interface Chunk {
  buf: Uint8Array;
  view: DataView;
  end: number;
}

export class Frontier {
  private chunks: Chunk[] = [];
  private head = 0; // read offset in chunks[0] (FIFO)
  size = 0;
  private bytesHeld = 0;
  index = 0;
  depth = 0;

  constructor(readonly lifo: boolean) {}

  push(index: number, depth: number, bytes: Uint8Array): void {
    const need = bytes.length + 16;
    let c = this.chunks[this.chunks.length - 1];
    if (!c || c.end + need > c.buf.length) {
      const buf = new Uint8Array(Math.max(CHUNK, need));
      c = { buf, view: new DataView(buf.buffer), end: 0 };
      this.chunks.push(c);
    }
    const v = c.view;
    let at = c.end;
    v.setUint32(at, index, true);
    v.setUint32(at + 4, depth, true);
    v.setUint32(at + 8, bytes.length, true);
    c.buf.set(bytes, at + 12);
    at += 12 + bytes.length;
    v.setUint32(at, bytes.length, true);
    c.end = at + 4;
    this.size++;
    this.bytesHeld += need;
  }

  /** Take the next record; sets `index` and `depth`, returns its bytes (valid until the next push). */
  pop(): Uint8Array {
    this.size--;
    if (this.lifo) {
      let c = this.chunks[this.chunks.length - 1];
      while (c.end === 0) {
        this.chunks.pop();
        c = this.chunks[this.chunks.length - 1];
      }
      const len = c.view.getUint32(c.end - 4, true);
      const start = c.end - 4 - len - 12;
      this.index = c.view.getUint32(start, true);
      this.depth = c.view.getUint32(start + 4, true);
      c.end = start;
      this.bytesHeld -= len + 16;
      return c.buf.subarray(start + 12, start + 12 + len);
    }
    let c = this.chunks[0];
    while (this.head >= c.end) {
      this.chunks.shift();
      this.head = 0;
      c = this.chunks[0];
    }
    const at = this.head;
    this.index = c.view.getUint32(at, true);
    this.depth = c.view.getUint32(at + 4, true);
    const len = c.view.getUint32(at + 8, true);
    this.head = at + 16 + len;
    this.bytesHeld -= len + 16;
    return c.buf.subarray(at + 12, at + 12 + len);
  }

  bytes(): number {
    return this.bytesHeld;
  }
}
