/**
 * Output bytes built in place: text is encoded straight into large preallocated chunks instead of
 * being concatenated into strings and encoded again. An export writes about 5 KB per render (P3's
 * score-eval file repeats the input once per answer choice), so the cost of the output is the
 * number of times each byte is produced and copied: here text is JSON-escaped and UTF-8-encoded
 * once, and repeated bytes are copied from the first encoding.
 *
 * Filled chunks are queued and taken with `drain()`; a chunk handed out is never written again
 * (a consumer may keep it, or transfer it to another thread), unless the ByteChunks `recycles`:
 * then the consumer says when it is done with every chunk drained (`consumed()`), and their memory
 * is written again. Shared memory (a worker's output slots, output-slots.ts) is never transferred:
 * there the bytes after a chunk handed out early (`drain(true)`) are written on.
 */

import { copyBytes, copyFirst } from "./copy-bytes";
import { planJsonString, utf8Write, writeJsonString } from "./json-bytes";
import { JsonEscaper } from "./json-escape";

export const CHUNK_BYTES = 1 << 20;
const EMPTY = new Uint8Array(0);
/** Shorter strings are escaped in place (json-bytes.ts): a call into the module costs more for them. */
const ESCAPER_MIN_UNITS = 32;
let escaper: JsonEscaper | null = null;

// Buffer's Latin-1 writer without argument parsing (untyped in @types/node, so looked up with a fallback).
type Writer = (this: Buffer, s: string, offset: number, length: number) => number;
const latin1Write: Writer =
  (Buffer.prototype as unknown as { latin1Write?: Writer }).latin1Write ??
  function (this: Buffer, s: string, offset: number, length: number) {
    return this.write(s, offset, length, "latin1");
  };

/** Memory for the next chunk, of at least `minBytes`; `used`: the bytes written in the chunk being left. */
export type ChunkAlloc = (minBytes: number, used: number) => Buffer;

export class ByteChunks {
  private buf!: Buffer;
  private inShared = false;
  private pos = 0;
  /** the first byte of `buf` not yet handed out */
  private start = 0;
  private readonly full: Uint8Array[] = [];
  private fullBytes = 0;
  private readonly marks: number[] = [];
  /** recycling: chunks of the standard size left for the next one, and those the consumer is done with */
  private readonly left: Buffer[] = [];
  private readonly spare: Buffer[] = [];

  constructor(
    /** where new chunks come from: fresh memory, or a worker's output slots (output-slots.ts) */
    private readonly alloc: ChunkAlloc = freshChunk,
    private readonly chunkBytes = CHUNK_BYTES,
    /**
     * Write the memory of consumed chunks again (see `consumed`). Why: each fresh chunk is external
     * memory to V8, which runs a full collection for every few tens of MB of it. A one-thread P3
     * export of the bench made 455 of them, 14 s of its 50 s of CPU (README, "Speed").
     */
    private readonly recycles = false,
  ) {
    this.writeIn(alloc(chunkBytes, 0));
  }

  /** Memory for the chunk after `buf` (at least `minBytes`). */
  private nextChunk(minBytes: number): Buffer {
    if (!this.recycles) return this.alloc(minBytes, this.pos);
    if (this.buf.length === this.chunkBytes) this.left.push(this.buf);
    return minBytes <= this.chunkBytes && this.spare.length > 0 ? this.spare.pop()! : this.alloc(minBytes, this.pos);
  }

  /**
   * The consumer is done with every chunk drained so far (it asked for the next one and keeps
   * none): when recycling, the chunks left behind, all of whose bytes were drained, are written
   * again. Bytes written and not drained yet keep their chunks.
   */
  consumed(): void {
    if (!this.recycles || this.full.length > 0) return;
    for (const chunk of this.left) this.spare.push(chunk);
    this.left.length = 0;
  }

  /** The chunk being written is shared memory (a worker's output slot): copies into it go through copyBytes. */
  get shared(): boolean {
    return this.inShared;
  }

  /** Bytes written and not yet drained. */
  get pending(): number {
    return this.fullBytes + this.pos - this.start;
  }

  /** Bytes in full chunks, ready to drain. */
  get ready(): number {
    return this.fullBytes;
  }

  private room(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    this.handOut();
    this.writeIn(this.nextChunk(Math.max(this.chunkBytes, n)));
  }

  /** From now on, bytes go into `buf` from its start. */
  private writeIn(buf: Buffer): void {
    this.buf = buf;
    this.inShared = buf.buffer instanceof SharedArrayBuffer;
    this.pos = 0;
    this.start = 0;
  }

  /** Queues the bytes of `buf` not yet handed out. */
  private handOut(): void {
    if (this.pos > this.start) {
      this.full.push(this.buf.subarray(this.start, this.pos));
      this.fullBytes += this.pos - this.start;
    }
    this.start = this.pos;
  }

  /** Text known to be ASCII (keys, punctuation, digits). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    if (n < 32) for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    else p += latin1Write.call(b, s, p, n);
    this.pos = p;
  }

  /** A non-negative integer in decimal. */
  int(n: number): void {
    if (n < 10) {
      this.room(1);
      this.buf[this.pos++] = 48 + n;
    } else this.ascii(String(n));
  }

  /** Any text, as UTF-8. Returns the bytes written (valid until the chunk is drained). */
  utf8(s: string): Uint8Array {
    const start = this.utf8Text(s);
    return this.buf.subarray(start, this.pos);
  }

  /** Any text, as UTF-8; returns where its bytes start in the chunk. */
  private utf8Text(s: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units)
    this.room(3 * s.length);
    const start = this.pos;
    this.pos += utf8Write.call(this.buf, s, start, this.buf.length - start);
    return start;
  }

  /** A string as JSON text (json-bytes.ts). Returns the bytes written (valid until the chunk is drained). */
  json(s: string): Uint8Array {
    const start = this.jsonText(s);
    return this.buf.subarray(start, this.pos);
  }

  /**
   * A string as JSON text, where the caller does not need its bytes back; returns where they start
   * in the chunk. (A Buffer view per record that nobody read was 2% of what an export allocated.)
   */
  jsonText(s: string): number {
    if (s.length >= ESCAPER_MIN_UNITS) {
      const e = (escaper ??= new JsonEscaper());
      const n = e.write(s);
      if (n >= 0) {
        this.room(n);
        const start = this.pos;
        copyFirst(this.buf, start, e.text, n, this.inShared);
        this.pos = start + n;
        return start;
      }
    }
    const size = planJsonString(s, this.marks);
    if (size < 0) return this.utf8Text(JSON.stringify(s));
    this.room(size);
    const start = this.pos;
    this.pos = writeJsonString(this.buf, start, s, this.marks);
    return start;
  }

  /**
   * Room for `n` bytes in the chunk being written, for a caller that writes them itself: returns
   * the chunk, to be written from `end`, and then `wrote` says where the bytes end.
   */
  reserve(n: number): Buffer {
    this.room(n);
    return this.buf;
  }

  get end(): number {
    return this.pos;
  }

  wrote(end: number): void {
    this.pos = end;
  }

  /** Short bytes written over and over (a line's fixed text): copied by hand, below a native copy's cost. */
  constant(data: Uint8Array): void {
    const n = data.length;
    if (n > 64) return this.bytes(data);
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = data[i];
    this.pos = p;
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    copyBytes(this.buf, this.pos, data, this.shared);
    this.pos += data.length;
  }

  /**
   * Every byte written so far, at the end of a worker's block: as `drain(true)`, but a partly
   * filled chunk of memory of its own under half full is copied out and its memory written again
   * (blocks end every few hundred KB; a fresh chunk per block would hold far more memory than its
   * bytes). In shared memory the block's bytes are handed out in place and the next block follows.
   */
  drainBlock(): Uint8Array[] {
    if (!this.shared && this.pos > this.start && this.pos < this.buf.length / 2) {
      const copy = new Uint8Array(this.pos - this.start);
      copy.set(this.buf.subarray(this.start, this.pos));
      this.full.push(copy);
      this.fullBytes += copy.length;
      this.pos = this.start;
    }
    return this.drain(true);
  }

  /** Takes every byte written so far, as chunks in order (the partly filled chunk too when `all`). */
  drain(all = false): Uint8Array[] {
    if (all && this.pos > this.start) {
      this.handOut();
      // memory of its own is not written again: the chunk handed out may be kept or transferred
      if (!this.shared) this.writeIn(this.nextChunk(this.chunkBytes));
    }
    const out = this.full.splice(0);
    this.fullBytes = 0;
    return out;
  }
}

/** A chunk of fresh memory (at least `minBytes`, and at least a standard chunk). */
export function freshChunk(minBytes: number): Buffer {
  return Buffer.allocUnsafe(Math.max(CHUNK_BYTES, minBytes));
}

/** A growable byte store for data kept between two files (P3's score-eval inputs), with a cap. */
export class ByteArena {
  private buf: Buffer;
  length = 0;

  constructor(
    public maxBytes: number,
    initial = 1 << 16,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(initial, Math.max(maxBytes, 1)));
  }

  /**
   * Appends `head`, `data` and `tail` and returns where they start, or -1 when the cap would be
   * passed (nothing is kept then). `shared`: `data` may be a view of shared memory (copyBytes).
   */
  add(data: Uint8Array, head: Uint8Array = EMPTY, tail: Uint8Array = EMPTY, shared = false): number {
    const at = this.length;
    const end = at + head.length + data.length + tail.length;
    if (end > this.maxBytes) return -1;
    if (end > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxBytes, Math.max(end, 2 * this.buf.length)));
      grown.set(this.buf.subarray(0, at));
      this.buf = grown;
    }
    this.buf.set(head, at);
    copyBytes(this.buf, at + head.length, data, shared);
    this.buf.set(tail, at + head.length + data.length);
    this.length = end;
    return at;
  }

  /** Empties the store for reuse, with a new cap; its memory is kept. */
  reset(maxBytes: number): this {
    this.maxBytes = maxBytes;
    this.length = 0;
    return this;
  }

  view(at: number, length: number): Uint8Array {
    return this.buf.subarray(at, at + length);
  }
}
