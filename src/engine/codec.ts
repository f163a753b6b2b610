/**
 * Canonical binary encoding of plain values. Objects are written with their keys in sorted
 * order, so two states that differ only in key insertion order encode identically.
 * Decoding yields frozen plain objects and arrays: a handler that mutates its input throws.
 */
import type { Value } from '../spec/index.ts';

const T_NULL = 0;
const T_FALSE = 1;
const T_TRUE = 2;
const T_UINT = 3;
const T_NINT = 4;
const T_FLOAT = 5;
const T_STRING = 6;
const T_ARRAY = 7;
const T_OBJECT = 8;

const MAX_DEPTH = 64;

/** A value that cannot be part of a state. `path` says where inside the value it sits. */
export class EncodeError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
  ) {
    super(`${reason} at ${path || '(root)'}`);
    this.name = 'EncodeError';
  }
}

const objectProto = Object.prototype;

/** A growable byte buffer that values are written into. Reused across states. */
export class Writer {
  buf: Uint8Array = new Uint8Array(1024);
  pos = 0;
  private f64 = new Float64Array(1);
  private f64b = new Uint8Array(this.f64.buffer);

  reset(): void {
    this.pos = 0;
  }

  /** Make room for `extra` more bytes. */
  ensure(extra: number): void {
    if (this.pos + extra > this.buf.length) this.grow(extra);
  }

  private grow(extra: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = b;
  }

  uint(n: number): void {
    if (this.pos + 10 > this.buf.length) this.grow(10);
    const buf = this.buf;
    while (n >= 0x80) {
      buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    buf[this.pos++] = n;
  }

  float(x: number): void {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    this.f64[0] = x;
    this.buf.set(this.f64b, this.pos);
    this.pos += 8;
  }

  string(s: string): void {
    const len = s.length;
    this.uint(len);
    if (this.pos + len * 3 > this.buf.length) this.grow(len * 3);
    const buf = this.buf;
    for (let i = 0; i < len; i++) {
      let c = s.charCodeAt(i);
      while (c >= 0x80) {
        buf[this.pos++] = (c & 0x7f) | 0x80;
        c >>>= 7;
      }
      buf[this.pos++] = c;
    }
  }

  /** Encoded object keys, looked up instead of re-encoded (keys recur in every state). */
  private readonly keyBytes = new Map<string, Uint8Array>();

  /** Write an object key: the same bytes as {@link string}. */
  private key(k: string): void {
    let b = this.keyBytes.get(k);
    if (b === undefined) {
      const start = this.pos;
      this.string(k);
      b = this.buf.slice(start, this.pos);
      if (this.keyBytes.size < 4096) this.keyBytes.set(k, b);
      return;
    }
    const len = b.length;
    if (this.pos + len > this.buf.length) this.grow(len);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < len; i++) buf[pos++] = b[i];
    this.pos = pos;
  }

  /** Append raw bytes (an encoding made elsewhere). */
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  value(v: unknown, depth = 0): void {
    const path = '';
    if (typeof v === 'number' && v >= 0 && v < 0x80 && (v | 0) === v) {
      // the commonest case: a small non-negative integer, tag and value in two bytes
      if (this.pos + 2 > this.buf.length) this.grow(2);
      this.buf[this.pos] = T_UINT;
      this.buf[this.pos + 1] = v;
      this.pos += 2;
      return;
    }
    if (v === null) return this.byte(T_NULL);
    switch (typeof v) {
      case 'boolean':
        return this.byte(v ? T_TRUE : T_FALSE);
      case 'number':
        if (Number.isSafeInteger(v)) {
          if (v >= 0) {
            this.byte(T_UINT);
            this.uint(v);
          } else {
            this.byte(T_NINT);
            this.uint(-v);
          }
        } else if (Number.isNaN(v)) {
          throw new EncodeError('NaN cannot be encoded (it is not equal to itself)', path);
        } else {
          this.byte(T_FLOAT);
          this.float(v === 0 ? 0 : v);
        }
        return;
      case 'string':
        this.byte(T_STRING);
        this.string(v);
        return;
      case 'object':
        break;
      case 'undefined':
        throw new EncodeError('undefined cannot be encoded (use null)', path);
      default:
        throw new EncodeError(`a ${typeof v} cannot be encoded`, path);
    }
    if (depth >= MAX_DEPTH) throw new EncodeError(`value nested deeper than ${MAX_DEPTH} levels (a cycle?)`, path);
    if (Array.isArray(v)) {
      this.byte(T_ARRAY);
      this.uint(v.length);
      for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1);
      return;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== objectProto && proto !== null) {
      const ctor = (v as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
      throw new EncodeError(`a ${ctor} instance cannot be encoded (states hold plain objects, arrays and primitives)`, path);
    }
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (!isSorted(keys)) keys.sort();
    this.byte(T_OBJECT);
    this.uint(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      this.key(k);
      this.value(obj[k], depth + 1);
    }
  }
}

function sameAscii(s: string, buf: Uint8Array, at: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[at + i]) return false;
  return true;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/** Reads values back from bytes written by {@link Writer}. */
export class Reader {
  pos = 0;
  private f64 = new Float64Array(1);
  private f64b = new Uint8Array(this.f64.buffer);

  constructor(public buf: Uint8Array) {}

  reset(buf: Uint8Array): void {
    this.buf = buf;
    this.pos = 0;
  }

  uint(): number {
    const buf = this.buf;
    let b = buf[this.pos++];
    if (b < 0x80) return b;
    let n = b & 0x7f;
    let mul = 0x80;
    for (;;) {
      b = buf[this.pos++];
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 0x80;
    }
  }

  /** Short ASCII strings seen before (object keys, tags), looked up by a hash of their bytes. */
  private readonly interned = new Map<number, string>();

  string(): string {
    const len = this.uint();
    const buf = this.buf;
    const start = this.pos;
    if (len <= 24) {
      // fast path: a short ASCII string, probably a key seen many times before
      let h = len;
      let ascii = true;
      for (let i = 0; i < len; i++) {
        const c = buf[start + i];
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        h = (Math.imul(h, 31) + c) | 0;
      }
      if (ascii) {
        const hit = this.interned.get(h);
        if (hit !== undefined && hit.length === len && sameAscii(hit, buf, start)) {
          this.pos = start + len;
          return hit;
        }
        let s = '';
        for (let i = 0; i < len; i++) s += String.fromCharCode(buf[start + i]);
        this.pos = start + len;
        if (this.interned.size < 4096) this.interned.set(h, s);
        return s;
      }
    }
    let s = '';
    for (let i = 0; i < len; i++) {
      let c = buf[this.pos++];
      if (c >= 0x80) {
        let shift = 7;
        c &= 0x7f;
        for (;;) {
          const b = buf[this.pos++];
          c |= (b & 0x7f) << shift;
          if (b < 0x80) break;
          shift += 7;
        }
      }
      s += String.fromCharCode(c);
    }
    return s;
  }

  /** Move past one encoded value without building it. */
  skip(): void {
    const tag = this.buf[this.pos++];
    switch (tag) {
      case T_NULL:
      case T_FALSE:
      case T_TRUE:
        return;
      case T_UINT:
      case T_NINT:
        this.uint();
        return;
      case T_FLOAT:
        this.pos += 8;
        return;
      case T_STRING:
        this.skipString();
        return;
      case T_ARRAY: {
        const n = this.uint();
        for (let i = 0; i < n; i++) this.skip();
        return;
      }
      case T_OBJECT: {
        const n = this.uint();
        for (let i = 0; i < n; i++) {
          this.skipString();
          this.skip();
        }
        return;
      }
      default:
        throw new Error(`corrupt state encoding: tag ${tag} at byte ${this.pos - 1}`);
    }
  }

  private skipString(): void {
    let len = this.uint();
    const buf = this.buf;
    while (len-- > 0) while (buf[this.pos++] >= 0x80);
  }

  readValue(): Value {
    const tag = this.buf[this.pos++];
    switch (tag) {
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_UINT:
        return this.uint();
      case T_NINT:
        return -this.uint();
      case T_FLOAT:
        this.f64b.set(this.buf.subarray(this.pos, this.pos + 8));
        this.pos += 8;
        return this.f64[0];
      case T_STRING:
        return this.string();
      case T_ARRAY: {
        const n = this.uint();
        const arr: Value[] = new Array<Value>(n);
        for (let i = 0; i < n; i++) arr[i] = this.readValue();
        return Object.freeze(arr);
      }
      case T_OBJECT: {
        const n = this.uint();
        const obj: Record<string, Value> = {};
        for (let i = 0; i < n; i++) {
          const k = this.string();
          if (k === '__proto__') Object.defineProperty(obj, k, { value: this.readValue(), enumerable: true, writable: true, configurable: true });
          else obj[k] = this.readValue();
        }
        return Object.freeze(obj);
      }
      default:
        throw new Error(`corrupt state encoding: tag ${tag} at byte ${this.pos - 1}`);
    }
  }
}

/** Encode one value on its own (tests, canonical comparison). */
export function encodeValue(v: unknown): Uint8Array {
  const w = new Writer();
  w.value(v);
  return w.bytes().slice();
}

export function decodeValue(bytes: Uint8Array): Value {
  return new Reader(bytes).readValue();
}

/**
 * Throws {@link EncodeError} naming the exact path when `v` is not a plain encodable value.
 * Slower than {@link Writer.value}; used to explain a failure, not in the hot path.
 */
export function assertEncodable(v: unknown, path = '', depth = 0): void {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw new EncodeError('NaN cannot be encoded (it is not equal to itself)', path);
    return;
  }
  if (typeof v === 'undefined') throw new EncodeError('undefined cannot be encoded (use null)', path);
  if (typeof v !== 'object') throw new EncodeError(`a ${typeof v} cannot be encoded`, path);
  if (depth >= MAX_DEPTH) throw new EncodeError(`value nested deeper than ${MAX_DEPTH} levels (a cycle?)`, path);
  if (Array.isArray(v)) {
    v.forEach((x, i) => assertEncodable(x, `${path}[${i}]`, depth + 1));
    return;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== objectProto && proto !== null) {
    const ctor = (v as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
    throw new EncodeError(`a ${ctor} instance cannot be encoded (states hold plain objects, arrays and primitives)`, path);
  }
  for (const [k, x] of Object.entries(v)) assertEncodable(x, path ? `${path}.${k}` : k, depth + 1);
}

/** A 32-bit hash of buf[start, end) (FNV-1a), for tables keyed by bytes. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}
