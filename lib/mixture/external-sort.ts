/**
 * External sort of (key, line) pairs with bounded memory: pairs are buffered up to a budget,
 * each full buffer is sorted and written to a temporary run file, and the runs are merged.
 * Keys are compared as strings (UTF-16 order) and must contain no tab or newline; lines must
 * contain no newline (JSON.stringify output never does).
 */
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

const NEWLINE = Buffer.from("\n");
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class ExternalSorter {
  private keys: string[] = [];
  // lines are kept as UTF-8 bytes outside V8's heap: compact, and no string trees to collect
  private lines: Buffer[] = [];
  private bufferedChars = 0;
  private runs: string[] = [];
  private dir: string | null = null;

  /** @param budgetChars bytes (about: UTF-8 lines plus keys) buffered before a run is written. */
  constructor(private readonly budgetChars = 12 * 1024 * 1024, private readonly tempRoot = tmpdir()) {}

  get runCount(): number {
    return this.runs.length;
  }

  async add(key: string, line: string): Promise<void> {
    this.keys.push(key);
    const bytes = Buffer.from(line, "utf8");
    this.lines.push(bytes);
    this.bufferedChars += key.length * 2 + bytes.length + 64;
    if (this.bufferedChars >= this.budgetChars) await this.spill();
  }

  private sortedBuffer(): { keys: string[]; lines: Buffer[] } {
    const order = Array.from(this.keys.keys()).sort((a, b) => compare(this.keys[a], this.keys[b]));
    const keys = order.map((i) => this.keys[i]);
    const lines = order.map((i) => this.lines[i]);
    this.keys = [];
    this.lines = [];
    this.bufferedChars = 0;
    return { keys, lines };
  }

  private async spill(): Promise<void> {
    if (this.keys.length === 0) return;
    this.dir ??= await mkdtemp(path.join(this.tempRoot, "promptpool-mix-"));
    const file = path.join(this.dir, `run-${this.runs.length}.txt`);
    const { keys, lines } = this.sortedBuffer();
    const fh = await open(file, "w");
    try {
      let parts: Buffer[] = [];
      let size = 0;
      for (let i = 0; i < keys.length; i++) {
        parts.push(Buffer.from(keys[i] + "\t", "utf8"), lines[i], NEWLINE);
        size += lines[i].length;
        if (size >= 1 << 20) {
          await fh.write(Buffer.concat(parts));
          parts = [];
          size = 0;
        }
      }
      if (parts.length > 0) await fh.write(Buffer.concat(parts));
    } finally {
      await fh.close();
    }
    this.runs.push(file);
  }

  /** The lines in key order. Call once, after the last add; temporary files are removed at the end. */
  async *sorted(): AsyncGenerator<string> {
    try {
      if (this.runs.length === 0) {
        const { lines } = this.sortedBuffer();
        for (const l of lines) yield l.toString("utf8");
        return;
      }
      await this.spill();
      const readers = this.runs.map((f) => createInterface({ input: createReadStream(f), crlfDelay: Infinity })[Symbol.asyncIterator]());
      const heads: ({ key: string; line: string } | null)[] = [];
      const next = async (i: number) => {
        const r = await readers[i].next();
        if (r.done) return null;
        const tab = r.value.indexOf("\t");
        return { key: r.value.slice(0, tab), line: r.value.slice(tab + 1) };
      };
      for (let i = 0; i < readers.length; i++) heads.push(await next(i));
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
        yield heads[top]!.line;
        heads[top] = await next(top);
        if (heads[top] === null) {
          heap[0] = heap[heap.length - 1];
          heap.pop();
        }
        if (heap.length > 0) siftDown(0);
      }
    } finally {
      await this.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.keys = [];
    this.lines = [];
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.runs = [];
  }
}
