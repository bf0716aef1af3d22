/**
 * Export workers render tasks (one template over one split) while the export reads their output
 * strictly in task order, so the bytes, hashes and counts do not depend on how many workers there
 * are or which one did what. Two kinds of task, by the size of the split's rows file:
 * - shared (`sharedRowsFile`: enough bytes for four blocks per worker): every worker renders its
 *   own blocks of the rows (row-blocks.ts: block j is worker j mod N's), so the file is parsed
 *   once in all and every worker works on it; the export reads the files block by block in order
 *   and hashes them. A score-eval file numbers its lines across the whole file: once every worker
 *   has sent its data blocks with the examples each kept, the pool tells each worker where its
 *   blocks start (meanwhile a worker goes on with the next task: export-worker.ts);
 * - whole (a smaller file, which would leave workers without blocks): the first worker with room
 *   renders the split and hashes the files.
 * Output goes through shared memory (output-slots.ts): a worker writes into its slots and sends
 * where the bytes are, the reader copies them out as it reads them. A worker ahead of the reader
 * stops once `budgetBytes` of its output (its slots) wait to be read, so memory stays bounded
 * however large a file is.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import type { TemplateSource } from "../render/index";
import { CHUNK_BYTES } from "./byte-chunks";
import { copyBytes, copyOut } from "./copy-bytes";
import { InputFileError } from "./read-lines";
import { fileBlocks, sharedRowsFile, type FileBlocks } from "./row-blocks";
import { SlotReader, slotMemory, type SlotMemory } from "./output-slots";
import type { RenderTaskOptions } from "./render-task";
import type { SplitCounts, StartWorkerPool } from "./types";

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // the worker reports the missing file
  }
}

export interface WorkerSetup {
  /** this worker's number (0..workers-1): its blocks are those numbered index mod workers */
  index: number;
  workers: number;
  /** its output memory, shared with the export */
  slots: SlotMemory;
  /** Int32 [score-eval numberings sent to the worker]: it waits on this for one */
  wake: SharedArrayBuffer;
  rowCacheChars: number;
  scoreBufferBytes: number;
}

export interface TaskSpec {
  template: TemplateSource;
  rowsFile: string;
  options: Omit<RenderTaskOptions, "scoreBufferBytes">;
}

/**
 * `blocks` null: this worker renders the whole split and hashes the files (a small rows file; the
 * first worker with room takes it); else every worker renders its blocks of the file, cut as
 * given, and the reader hashes.
 */
export type ToWorker = ({ type: "task"; id: number; blocks: FileBlocks | null } & TaskSpec) | { type: "bases"; id: number; bases: number[] };

interface WorkerError {
  name: string;
  message: string;
  fileName?: string;
  line?: number | null;
  reason?: string;
}

export type FromWorker =
  | { type: "ready" }
  | { type: "progress"; rendered: number }
  /**
   * a block's bytes: in the worker's output slot `slot` from `offset`, else (slot -1) in `buffer`,
   * transferred; `blockEnd` on its last chunk (an empty block: slot -1, no buffer)
   */
  | { type: "chunk"; id: number; file: 0 | 1; slot: number; offset: number; buffer: ArrayBuffer | null; length: number; blockEnd: boolean }
  /** no more blocks of this file from this worker; `kept`: examples kept per own block (file 0); the file's hash from an owner */
  | { type: "end"; id: number; file: 0 | 1; counts: SplitCounts; kept: number[]; rendered: number; hashed: { bytes: number; sha256: string } | null }
  | { type: "error"; id: number; error: WorkerError };

export interface FileResult {
  counts: SplitCounts;
  /** size and SHA-256, when the task's owner made (and hashed) the whole file */
  hashed: { bytes: number; sha256: string } | null;
}

type End = { end: SplitCounts; hashed: { bytes: number; sha256: string } | null };
type Item = { chunk: Uint8Array | null; blockEnd: boolean } | End | { error: Error };

/** One file's output from one worker, as it arrives. */
class FileQueue {
  private readonly items: Item[] = [];
  private wake: (() => void) | null = null;

  push(item: Item): void {
    this.items.push(item);
    this.wake?.();
    this.wake = null;
  }

  async next(): Promise<Item> {
    while (this.items.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.items.shift()!;
  }
}

/** A submitted task: its files' blocks from every worker, to read in order (file 0, then file 1 if any). */
export class PoolTask {
  /** [file][worker] */
  readonly queues: [FileQueue[], FileQueue[]];
  /** per worker, the examples its data blocks kept (null until its data file ended) */
  readonly kept: (number[] | null)[];
  /** workers done with the task's last file */
  finished = 0;
  /** the worker that makes the whole files (not shared), once one has taken the task */
  owner: number | null = null;
  private claimed: (() => void) | null = null;
  private readonly taken = new Promise<void>((resolve) => (this.claimed = resolve));
  private failure: Error | null = null;

  /** every worker renders its blocks (else one worker makes the whole files) */
  get shared(): boolean {
    return this.blocks !== null;
  }

  claim(worker: number): void {
    this.owner = worker;
    this.claimed?.();
  }

  constructor(
    readonly id: number,
    readonly spec: TaskSpec,
    private readonly workers: PoolWorker[],
    /** how the rows are shared in blocks by every worker; null: one worker makes the whole files */
    readonly blocks: FileBlocks | null,
  ) {
    this.queues = [workers.map(() => new FileQueue()), workers.map(() => new FileQueue())];
    this.kept = workers.map(() => null);
  }

  /** The file's chunks, block by block in order; `onEnd` gets the counts of all workers after the last chunk. */
  async *file(file: 0 | 1, onEnd: (result: FileResult) => void): AsyncGenerator<Uint8Array> {
    const n = this.workers.length;
    const queues = this.queues[file];
    const counts: SplitCounts = { records: 0, dropped: 0, errors: 0 };
    if (!this.shared) {
      await this.taken;
      if (this.owner === null) throw this.failure ?? new Error("export task ended before a worker took it");
      const end = (yield* this.pass(this.owner, queues[this.owner], false))!;
      onEnd({ counts: end.end, hashed: end.hashed });
      return;
    }
    const ended = new Set<number>();
    const add = (c: SplitCounts) => {
      counts.records += c.records;
      counts.dropped += c.dropped;
      counts.errors += c.errors;
    };
    for (let block = 0; ended.size === 0; block++) {
      const w = block % n;
      const end = yield* this.pass(w, queues[w], true);
      if (end !== null) {
        add(end.end);
        ended.add(w);
      }
    }
    // a worker without the next block has none left, nor has any other: their ends come next
    for (let w = 0; w < n; w++) {
      if (ended.has(w)) continue;
      const item = await queues[w].next();
      if ("error" in item) throw item.error;
      if (!("end" in item)) throw new Error(`export worker ${w} sent a block after the last one`);
      add(item.end);
    }
    onEnd({ counts, hashed: null });
  }

  /** Passes on worker `w`'s chunks until its block ends (null, with `blockEnds`) or its file ends (its end). */
  private async *pass(w: number, queue: FileQueue, blockEnds: boolean): AsyncGenerator<Uint8Array, End | null> {
    for (;;) {
      const item = await queue.next();
      if ("error" in item) throw item.error;
      if ("end" in item) return item;
      if (item.chunk !== null) {
        const chunk = this.workers[w].read(item.chunk);
        try {
          yield chunk;
        } finally {
          if (chunk === item.chunk) this.workers[w].release(item.chunk);
        }
      }
      if (blockEnds && item.blockEnd) return null;
    }
  }

  fail(error: Error): void {
    this.failure = error;
    for (const qs of this.queues) for (const q of qs) q.push({ error });
    // a whole task no worker took yet: its reader waits for an owner
    this.claimed?.();
  }
}

class PoolWorker {
  readonly thread: Worker;
  private readonly slots: SlotReader;
  private readonly wake: Int32Array;

  constructor(
    setup: WorkerSetup,
    /** the reader keeps no chunk once it asks for the next: chunks are copied out of the slots as it reads them (`read`) */
    private readonly reuse: boolean,
    /** with `reuse`, the pool's one chunk of private memory that `read` copies slots into */
    private readonly scratch: Uint8Array | null,
  ) {
    this.slots = new SlotReader(setup.slots);
    this.wake = new Int32Array(setup.wake);
    this.thread = new Worker(workerScript(), { workerData: setup, eval: true });
  }

  /** A task's score-eval numbering: the worker may be waiting for it, outside its event loop. */
  sendBases(id: number, bases: number[]): void {
    this.thread.postMessage({ type: "bases", id, bases } satisfies ToWorker);
    Atomics.add(this.wake, 0, 1);
    Atomics.notify(this.wake, 0);
  }

  /** A chunk the worker sent, as it arrives: a view of its slot (a copy, the slot released at once, unless `reuse`), or its transferred memory. */
  chunk(m: Extract<FromWorker, { type: "chunk" }>): Uint8Array | null {
    if (m.slot < 0) return m.buffer === null ? null : new Uint8Array(m.buffer, 0, m.length);
    const view = this.slots.view(m.slot, m.offset, m.length);
    if (this.reuse) return view;
    const copy = copyOut(view);
    this.slots.release(view);
    return copy;
  }

  /**
   * The chunk to hand to the reader when it asks for it: a slot's bytes copied into the scratch,
   * the slot released at once (when `reuse`: the reader is done with a chunk once it asks for the
   * next), else the chunk itself, released by `release` once read.
   *
   * Why copy: the export thread hashes (SHA-256, then the zip's CRC-32) bytes a worker has just
   * written, which are still in the other CPU's cache. With a worker filling 1 MB slots while
   * this thread read them (tmp-style microbenchmark, lib/export/README.md "Speed"), hash and CRC
   * read them from the slot at 1.2 GB/s; copied out first, copy, hash and CRC together ran at
   * 1.6 GB/s (SHA-256 alone: 1.9 GB/s on bytes of its own CPU), and that was with V8's slow copy
   * out of shared memory, which copyBytes avoids. The slot is free sooner, too.
   */
  read(chunk: Uint8Array): Uint8Array {
    if (this.scratch === null || !this.slots.holds(chunk) || chunk.length > this.scratch.length) return chunk;
    copyBytes(this.scratch, 0, chunk);
    this.slots.release(chunk);
    return this.scratch.subarray(0, chunk.length);
  }

  /** The reader is done with a chunk: its slot's bytes count as read. */
  release(chunk: Uint8Array): void {
    this.slots.release(chunk);
  }
}

let bundled: string | null = null;

/**
 * @internal (exported for its test) The worker's code as one script, bundled by esbuild (a
 * dependency, and tsx's own compiler) once per process: export-worker.ts and everything it imports
 * in one scope. Loaded module by module through tsx instead, every call from one module to a
 * function of another went through the getter of a CommonJS export, which V8 does not always
 * inline: the same export took 4-8% more CPU in runs alternated with the bundle's (lib/export/README.md).
 */
export function workerScript(): string {
  if (bundled === null) {
    // required here, not imported: only a process that exports with workers needs it
    const { buildSync } = require("esbuild") as typeof import("esbuild");
    bundled = buildSync({
      entryPoints: [path.join(__dirname, "export-worker.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      write: false,
      logLevel: "silent",
    }).outputFiles[0].text;
  }
  return bundled;
}

export type PoolSetup = Omit<WorkerSetup, "slots" | "wake" | "index" | "workers"> & {
  /** a worker's output waiting to be read, at most (whole chunks, at least two) */
  budgetBytes: number;
  /** @internal tests: block size in bytes of a shared file (default: row-blocks.ts decides from its size) */
  blockBytes?: number;
  /** @internal tests: rows files from this size on are shared in blocks (default `sharedRowsFile`) */
  largeRowsFile?: number;
};

/** tasks a worker holds at most (running or next) */
const TASKS_GIVEN = 2;

export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly tasks = new Map<number, PoolTask>();
  /** tasks in order, with each worker's position in it and how many it has been given and not finished */
  private readonly queue: PoolTask[] = [];
  private readonly cursor: number[] = [];
  private readonly given: number[] = [];
  private nextId = 0;
  private failure: Error | null = null;
  private closed = false;

  private readonly largeRowsFile: number;
  private readonly blockBytes: number;

  constructor(
    count: number,
    setup: PoolSetup,
    /** renders done, reported as workers go */
    private readonly onRendered: (n: number) => void,
    /** the reader keeps no chunk once it asks for the next (ExportOptions.reuseChunks) */
    reuse = false,
  ) {
    this.largeRowsFile = setup.largeRowsFile ?? sharedRowsFile(count);
    this.blockBytes = setup.blockBytes ?? 0;
    this.cursor.push(...Array.from({ length: count }, () => 0));
    this.given.push(...Array.from({ length: count }, () => 0));
    const scratch = reuse ? new Uint8Array(CHUNK_BYTES) : null;
    for (let i = 0; i < count; i++) {
      const { largeRowsFile: _, blockBytes: __, budgetBytes, ...workerSetup } = setup;
      const slots = slotMemory(Math.max(2, Math.floor(budgetBytes / CHUNK_BYTES)));
      const w = new PoolWorker({ ...workerSetup, slots, wake: new SharedArrayBuffer(4), index: i, workers: count }, reuse, scratch);
      w.thread.on("message", (m: FromWorker) => this.receive(i, m));
      w.thread.on("error", (e) => this.broken(e instanceof Error ? e : new Error(String(e))));
      w.thread.on("exit", (code) => {
        if (!this.closed) this.broken(new Error(`export worker stopped (exit code ${code})`));
      });
      this.workers.push(w);
    }
  }

  /**
   * Tasks go out in the order given: a shared one to every worker, a whole one to the first worker
   * with room for it (each worker runs one task at a time and holds the next, so the faster one
   * takes more).
   */
  submit(spec: TaskSpec): PoolTask {
    // A small file goes whole to one worker, which hashes the files: the export's thread then only
    // writes. A large one is shared in blocks (row-blocks.ts).
    const size = fileSize(spec.rowsFile);
    const blocks = size >= this.largeRowsFile ? fileBlocks(size, this.workers.length, this.blockBytes) : null;
    const task = new PoolTask(this.nextId++, spec, this.workers, blocks);
    if (this.failure) task.fail(this.failure);
    else {
      this.tasks.set(task.id, task);
      this.queue.push(task);
      for (let w = 0; w < this.workers.length; w++) this.dispatch(w);
    }
    return task;
  }

  /**
   * Gives worker `w` its next tasks, up to TASKS_GIVEN unfinished: the next shared ones, or whole
   * ones no other worker took. A worker holds the next task before it ends the one it runs: handed
   * out only once this thread had read the worker's end, the next task waited for this thread's
   * event loop, which may be busy with megabytes of chunks queued before that end (bench corpus:
   * workers idle 3.0 s in all waiting for a task or a numbering with one task given, 0.05 s with
   * two; lib/export/README.md).
   */
  private dispatch(w: number): void {
    while (this.given[w] < TASKS_GIVEN && this.cursor[w] < this.queue.length) {
      const task = this.queue[this.cursor[w]++];
      if (task.shared || task.owner === null) {
        if (!task.shared) task.claim(w);
        this.given[w]++;
        this.workers[w].thread.postMessage({ type: "task", id: task.id, blocks: task.blocks, ...task.spec } satisfies ToWorker);
      }
    }
  }

  /** A worker finished a task (its last file's end): the next one. */
  private free(w: number): void {
    // at most once per task, but a task may fail after its data blocks freed the worker
    this.given[w] = Math.max(0, this.given[w] - 1);
    this.dispatch(w);
    // tasks every worker has passed are no longer needed in the queue
    const done = Math.min(...this.cursor);
    if (done > 64) {
      this.queue.splice(0, done);
      for (let i = 0; i < this.cursor.length; i++) this.cursor[i] -= done;
    }
  }

  private receive(worker: number, m: FromWorker): void {
    if (m.type === "progress") {
      this.onRendered(m.rendered);
      return;
    }
    if (m.type === "ready") return;
    const task = this.tasks.get(m.id);
    if (task === undefined) return;
    const workers = task.shared ? this.workers.length : 1;
    if (m.type === "chunk") task.queues[m.file][worker].push({ chunk: this.workers[worker].chunk(m), blockEnd: m.blockEnd });
    else if (m.type === "end") {
      if (m.rendered > 0) this.onRendered(m.rendered);
      task.queues[m.file][worker].push({ end: m.counts, hashed: m.hashed });
      if (m.file === 0 && task.shared) {
        task.kept[worker] = m.kept;
        if (task.spec.options.scoreEval && task.kept.every((k) => k !== null)) this.sendBases(task);
      }
      const last = m.file === 1 || !task.spec.options.scoreEval;
      if (last && ++task.finished === workers) this.tasks.delete(task.id);
      // a shared task's score-eval waits for every worker's data blocks: the worker goes on with
      // the next task meanwhile (export-worker.ts), so it is free once its data blocks are sent
      const deferrable = task.shared && task.spec.options.scoreEval;
      if (deferrable ? m.file === 0 : last) this.free(worker);
    } else if (m.type === "error") {
      const e = m.error;
      task.fail(e.name === "InputFileError" && e.fileName !== undefined ? new InputFileError(e.fileName, e.line ?? null, e.reason ?? e.message) : Object.assign(new Error(e.message), { name: e.name }));
      this.tasks.delete(task.id);
      this.free(worker);
    }
  }

  /** Where each worker's score-eval blocks start numbering: the examples kept by all blocks before. */
  private sendBases(task: PoolTask): void {
    const n = this.workers.length;
    const kept = task.kept as number[][];
    const blocks = kept.reduce((m, k) => m + k.length, 0);
    const starts: number[][] = kept.map(() => []);
    let before = 0;
    for (let b = 0; b < blocks; b++) {
      const w = b % n;
      const k = Math.floor(b / n);
      starts[w].push(before);
      before += kept[w][k];
    }
    for (let w = 0; w < n; w++) this.workers[w].sendBases(task.id, starts[w]);
  }

  private broken(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const t of this.tasks.values()) t.fail(e);
    this.tasks.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }
}

/**
 * How far V8 lets a heap grow past its live size before a full collection, in percent, in a
 * process that exports with workers. V8's default goes up to 4x; each thread is a heap of its
 * own, and an export worker's live data (a split's rows, code) is 30-50 MB, so three heaps grew to
 * 550-700 MB in all. At 2x the bench's peak was 411-432 MB instead of 540-692, for 2-3% more CPU.
 * Since every file of four blocks per worker is shared, a worker promotes a third less (its half
 * of the rows) and 1.6x costs no measurable time on the bench, for a peak of 246-279 MB instead
 * of 260-318 (5-8% more CPU with --large-splits' bigger rows; lib/export/README.md).
 */
export const EXPORT_HEAP_GROWING_PERCENT = 60;

/**
 * The old generation an export worker may fill before its first full collection, in MB: V8 then
 * never sets its limit lower (`--initial-old-space-size`; V8 skips full collections below an
 * embedder's initial size). A worker's live heap is about 16 MB, so at 1.6x (above) it ran a full
 * collection every 9 MB promoted, V8's smallest step: about 100 per worker in a bench export, most
 * of them promoting the rows of a split that lives on for all its templates; now 38. At 48 MB the
 * bench's export took 5-10% less time and CPU at about the same peak, 269-285 MB against 240-278
 * (two sets of runs of the export alone, alternated; 64 and 96 MB were no faster than 48 and
 * peaked at 300-305 and 366-371 MB; lib/export/README.md).
 */
export const EXPORT_WORKER_OLD_SPACE_MB = 48;

/**
 * Sets the V8 flags of a process that exports with workers, for the whole process: the CLI and the
 * bench are processes of their own; the app does not export with workers. The heap growth is read
 * at every collection (every thread); the old space size when a heap is made, so it holds for the
 * workers started after this and not for the thread already running.
 */
export function setExportWorkerFlags(): void {
  setFlagsFromString(`--heap-growing-percent=${EXPORT_HEAP_GROWING_PERCENT}`);
  setFlagsFromString(`--initial-old-space-size=${EXPORT_WORKER_OLD_SPACE_MB}`);
}

/** `ExportOptions.startWorkerPool` for the CLI and scripts (sets the flags above). */
export const startWorkerPool: StartWorkerPool = (count, setup, onRendered, reuseChunks) => {
  setExportWorkerFlags();
  return new WorkerPool(count, setup, onRendered, reuseChunks);
};
