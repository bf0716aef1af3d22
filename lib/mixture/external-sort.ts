/**
 * External sort of (key, line) pairs with bounded memory: pairs are buffered up to a budget,
 * each full buffer is sorted and written to a temporary run file, and the runs are merged.
 * Keys are compared as strings (UTF-16 order) and must contain no tab or newline; lines must
 * contain no newline (JSON.stringify output never does).
 *
 * Memory is flat whatever the number of lines, and the lines never become JavaScript strings
 * again once added (a 1,000,000-example mixture is 1.5 GB of them):
 * - the buffer is one arena of `budget` bytes, allocated once and reused for every run, into which
 *   each line is encoded as UTF-8 (a Buffer per line, or strings, left the heap and the allocator
 *   to grow far past the live set: 1.5 GB RSS for a 1.5 GB output);
 * - the merge reads each run through one fixed read buffer (grown only for a line longer than it),
 *   decodes only the keys, and copies line bytes into output chunks of `CHUNK_BYTES` (under glibc's
 *   mmap threshold, so freed chunks are reused rather than left mapped).
 */
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const TAB = 9;
const NEWLINE = 10;
/** Size of the merged output's chunks and of the run files' write buffer. */
const CHUNK_BYTES = 64 * 1024;
/** Each run's read buffer during the merge (runs × this is the merge's buffer memory). */
const RUN_READ_BYTES = 64 * 1024;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class ExternalSorter {
  private arena: Buffer | null = null;
  private used = 0;
  /** keys, and each line's [start, end) in the arena (or -1, index into `large`, for a line bigger than the arena) */
  private keys: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  private large: Buffer[] = [];
  private keyChars = 0;
  private runs: string[] = [];
  private dir: string | null = null;

  /** @param budgetChars bytes (about: UTF-8 lines plus keys) buffered before a run is written. */
  constructor(
    private readonly budgetChars = 12 * 1024 * 1024,
    private readonly tempRoot = tmpdir(),
  ) {}

  get runCount(): number {
    return this.runs.length;
  }

  private get arenaBytes(): number {
    return Math.max(1, this.budgetChars);
  }

  async add(key: string, line: string): Promise<void> {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: room for the worst case, so a line is never cut.
    const room = line.length * 3;
    const overhead = key.length * 2 + 64;
    if (this.keys.length > 0 && this.used + room + this.keyChars + overhead > this.arenaBytes) await this.spill();
    this.arena ??= Buffer.allocUnsafe(this.arenaBytes);
    this.keys.push(key);
    this.keyChars += overhead;
    if (room > this.arena.length - this.used) {
      // Only a line bigger than the whole arena gets here (the arena is empty after the spill above).
      this.starts.push(-1);
      this.ends.push(this.large.length);
      this.large.push(Buffer.from(line, "utf8"));
      return;
    }
    const start = this.used;
    this.used += this.arena.write(line, start, "utf8");
    this.starts.push(start);
    this.ends.push(this.used);
  }

  /** The buffered lines' positions in key order (ties: in the order they were added). */
  private order(): number[] {
    const keys = this.keys;
    return Array.from(keys.keys()).sort((a, b) => compare(keys[a], keys[b]) || a - b);
  }

  private lineBytes(i: number): Buffer {
    return this.starts[i] < 0 ? this.large[this.ends[i]] : this.arena!.subarray(this.starts[i], this.ends[i]);
  }

  private reset(): void {
    this.keys = [];
    this.starts = [];
    this.ends = [];
    this.large = [];
    this.used = 0;
    this.keyChars = 0;
  }

  private async spill(): Promise<void> {
    if (this.keys.length === 0) return;
    this.dir ??= await mkdtemp(path.join(this.tempRoot, "promptpool-mix-"));
    const file = path.join(this.dir, `run-${this.runs.length}.txt`);
    const fh = await open(file, "w");
    try {
      const out = new ChunkWriter(CHUNK_BYTES, (chunk) => fh.write(chunk).then(() => undefined), true);
      for (const i of this.order()) {
        await out.text(this.keys[i]);
        await out.byte(TAB);
        await out.bytes(this.lineBytes(i));
        await out.byte(NEWLINE);
      }
      await out.flush();
    } finally {
      await fh.close();
    }
    this.runs.push(file);
    this.reset();
  }

  /**
   * The lines in key order, each followed by "\n", as UTF-8 chunks of about 64 KB (fresh Buffers,
   * safe to keep). Call once, after the last add; temporary files are removed at the end.
   */
  async *sortedChunks(): AsyncGenerator<Buffer> {
    const queue: Buffer[] = [];
    const out = new ChunkWriter(CHUNK_BYTES, async (chunk) => void queue.push(chunk), false);
    try {
      if (this.runs.length === 0) {
        for (const i of this.order()) {
          await out.bytes(this.lineBytes(i));
          await out.byte(NEWLINE);
          if (queue.length > 0) yield* queue.splice(0);
        }
        this.reset();
      } else {
        await this.spill();
        const readers: RunReader[] = [];
        try {
          for (const f of this.runs) readers.push(await RunReader.open(f));
          const heads: (Head | null)[] = [];
          for (const r of readers) heads.push(await r.next());
          // A binary heap of run indexes ordered by their head key (ties: lower run first).
          const heap: number[] = [];
          const less = (a: number, b: number) => {
            const c = compare(heads[a]!.key, heads[b]!.key);
            return c < 0 || (c === 0 && a < b);
          };
          const siftDown = (i: number) => {
            for (;;) {
              const l = 2 * i + 1;
              const r = l + 1;
              let m = i;
              if (l < heap.length && less(heap[l], heap[m])) m = l;
              if (r < heap.length && less(heap[r], heap[m])) m = r;
              if (m === i) return;
              [heap[i], heap[m]] = [heap[m], heap[i]];
              i = m;
            }
          };
          for (let i = 0; i < heads.length; i++) if (heads[i] !== null) heap.push(i);
          for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
          while (heap.length > 0) {
            const top = heap[0];
            const h = heads[top]!;
            // the line's bytes (and its "\n") are copied before the reader moves on
            await out.bytes(readers[top].buf.subarray(h.lineStart, h.lineEnd + 1));
            if (queue.length > 0) yield* queue.splice(0);
            heads[top] = await readers[top].next();
            if (heads[top] === null) {
              heap[0] = heap[heap.length - 1];
              heap.pop();
            }
            if (heap.length > 0) siftDown(0);
          }
        } finally {
          for (const r of readers) await r.close();
        }
      }
      await out.flush();
      yield* queue.splice(0);
    } finally {
      await this.dispose();
    }
  }

  /** The lines in key order, as strings (tests and small sorts; builds use sortedChunks). */
  async *sorted(): AsyncGenerator<string> {
    let rest = "";
    const decoder = new TextDecoder();
    for await (const chunk of this.sortedChunks()) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const lines = text.split("\n");
      rest = lines.pop()!;
      yield* lines;
    }
  }

  async dispose(): Promise<void> {
    this.reset();
    this.arena = null;
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.runs = [];
  }
}

/**
 * Bytes gathered into chunks of a fixed size, handed to `emit` when full. With `reuse`, one buffer
 * serves every chunk (emit must be done with it when its promise resolves, as a file write is);
 * otherwise each chunk is a fresh Buffer the receiver may keep.
 */
class ChunkWriter {
  private buf: Buffer;
  private used = 0;

  constructor(
    private readonly size: number,
    private readonly emit: (chunk: Buffer) => Promise<void>,
    private readonly reuse: boolean,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const chunk = this.reuse ? this.buf.subarray(0, this.used) : Buffer.from(this.buf.subarray(0, this.used));
    this.used = 0;
    await this.emit(chunk);
  }

  async byte(b: number): Promise<void> {
    if (this.used === this.size) await this.flush();
    this.buf[this.used++] = b;
  }

  async bytes(src: Uint8Array): Promise<void> {
    let from = 0;
    while (from < src.length) {
      if (this.used === this.size) await this.flush();
      const n = Math.min(src.length - from, this.size - this.used);
      this.buf.set(src.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
    }
  }

  async text(s: string): Promise<void> {
    if (s.length * 3 > this.size - this.used) {
      await this.flush();
      if (s.length * 3 > this.size) return this.bytes(Buffer.from(s, "utf8"));
    }
    this.used += this.buf.write(s, this.used, "utf8");
  }
}

interface Head {
  key: string;
  /** the line's bytes in the reader's buffer, [lineStart, lineEnd), followed by its "\n" */
  lineStart: number;
  lineEnd: number;
}

/** One run file read line by line through one buffer; a line's bytes stay valid until the next `next()`. */
class RunReader {
  buf = Buffer.allocUnsafe(RUN_READ_BYTES);
  private start = 0;
  private end = 0;
  private eof = false;

  private constructor(private readonly fh: FileHandle) {}

  static async open(file: string): Promise<RunReader> {
    return new RunReader(await open(file, "r"));
  }

  async next(): Promise<Head | null> {
    for (;;) {
      const nl = this.buf.indexOf(NEWLINE, this.start);
      if (nl !== -1 && nl < this.end) {
        const tab = this.buf.indexOf(TAB, this.start);
        const head = { key: this.buf.toString("utf8", this.start, tab), lineStart: tab + 1, lineEnd: nl };
        this.start = nl + 1;
        return head;
      }
      if (this.eof) return null; // every line of a run ends with "\n"
      // keep the unfinished line: move it to the front, grow the buffer if it fills it
      const pending = this.end - this.start;
      if (pending === this.buf.length) {
        const bigger = Buffer.allocUnsafe(this.buf.length * 2);
        this.buf.copy(bigger, 0, this.start, this.end);
        this.buf = bigger;
      } else if (this.start > 0) this.buf.copyWithin(0, this.start, this.end);
      this.start = 0;
      this.end = pending;
      const { bytesRead } = await this.fh.read(this.buf, this.end, this.buf.length - this.end, null);
      if (bytesRead === 0) this.eof = true;
      this.end += bytesRead;
    }
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
