/**
 * Export workers: render tasks (one template over one split, render-task.ts) in worker threads,
 * while the export reads their output strictly in task order. Each task's files are made whole by
 * one worker and hashed there, so the bytes, hashes and counts do not depend on how many workers
 * there are or which one got a task. A task goes to the first worker that is free; a worker ahead
 * of the reader stops once `budgetBytes` of its output wait to be read (shared counter, see
 * export-worker.ts), so memory stays bounded however large a file is.
 */
import path from "node:path";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { TemplateSource } from "../render/index";
import { CHUNK_BYTES } from "./byte-chunks";
import { InputFileError } from "./read-lines";
import type { RenderTaskOptions } from "./render-task";
import type { SplitCounts, StartWorkerPool } from "./types";

export interface WorkerSetup {
  /** Int32 [bytes sent by the worker and not yet taken by the export] */
  sent: SharedArrayBuffer;
  /** chunk buffers coming back once read (`reuseChunks`), for the worker's next chunks */
  recycle: MessagePort;
  budgetBytes: number;
  rowCacheChars: number;
  scoreBufferBytes: number;
}

export interface TaskSpec {
  template: TemplateSource;
  rowsFile: string;
  options: Omit<RenderTaskOptions, "scoreBufferBytes">;
}

export type ToWorker = { type: "task"; id: number } & TaskSpec;

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
  | { type: "chunk"; id: number; file: 0 | 1; buffer: ArrayBuffer; length: number }
  | { type: "end"; id: number; file: 0 | 1; bytes: number; sha256: string; counts: SplitCounts; rendered: number }
  | { type: "error"; id: number; error: WorkerError };

export interface FileResult {
  bytes: number;
  sha256: string;
  counts: SplitCounts;
}

type Item = { chunk: Uint8Array } | { end: FileResult } | { error: Error };

/** One file's output as it arrives. */
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

/** A submitted task: its files' chunks, to read in order (file 0, then file 1 if any). */
export class PoolTask {
  readonly queues: [FileQueue, FileQueue] = [new FileQueue(), new FileQueue()];
  worker: PoolWorker | null = null;

  constructor(
    readonly id: number,
    readonly spec: TaskSpec,
  ) {}

  /** The file's chunks; `onEnd` gets its size, hash and counts after the last chunk. */
  async *file(file: 0 | 1, onEnd: (result: FileResult) => void): AsyncGenerator<Uint8Array> {
    const queue = this.queues[file];
    for (;;) {
      const item = await queue.next();
      if ("error" in item) throw item.error;
      if ("end" in item) {
        onEnd(item.end);
        return;
      }
      try {
        yield item.chunk;
      } finally {
        this.worker!.release(item.chunk);
      }
    }
  }

  fail(error: Error): void {
    this.queues[0].push({ error });
    this.queues[1].push({ error });
  }
}

class PoolWorker {
  readonly sent = new SharedArrayBuffer(4);
  private readonly counter = new Int32Array(this.sent);
  private readonly recycle = new MessageChannel();
  readonly thread: Worker;
  /** the task it renders, if any */
  task: PoolTask | null = null;

  constructor(
    setup: PoolSetup,
    private readonly reuse: boolean,
  ) {
    this.thread = new Worker(path.join(__dirname, "export-worker.cjs"), {
      workerData: { ...setup, sent: this.sent, recycle: this.recycle.port2 } satisfies WorkerSetup,
      transferList: [this.recycle.port2],
    });
    this.recycle.port1.unref();
  }

  /** The reader is done with a chunk: count it as read, and give its memory back when allowed. */
  release(chunk: Uint8Array): void {
    Atomics.sub(this.counter, 0, chunk.length);
    Atomics.notify(this.counter, 0);
    if (this.reuse && chunk.buffer.byteLength === CHUNK_BYTES) {
      const buffer = chunk.buffer as ArrayBuffer;
      this.recycle.port1.postMessage(buffer, [buffer]);
    }
  }

  close(): void {
    this.recycle.port1.close();
  }
}

export type PoolSetup = Omit<WorkerSetup, "sent" | "recycle">;

export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly pending: PoolTask[] = [];
  private nextId = 0;
  private failure: Error | null = null;
  private closed = false;

  constructor(
    count: number,
    setup: PoolSetup,
    /** renders done, reported as workers go */
    private readonly onRendered: (n: number) => void,
    /** the reader keeps no chunk once it asks for the next (ExportOptions.reuseChunks) */
    reuse = false,
  ) {
    for (let i = 0; i < count; i++) {
      const w = new PoolWorker(setup, reuse);
      w.thread.on("message", (m: FromWorker) => this.receive(w, m));
      w.thread.on("error", (e) => this.broken(e instanceof Error ? e : new Error(String(e))));
      w.thread.on("exit", (code) => {
        if (!this.closed) this.broken(new Error(`export worker stopped (exit code ${code})`));
      });
      this.workers.push(w);
    }
  }

  submit(spec: TaskSpec): PoolTask {
    const task = new PoolTask(this.nextId++, spec);
    if (this.failure) task.fail(this.failure);
    else {
      this.pending.push(task);
      this.dispatch();
    }
    return task;
  }

  private dispatch(): void {
    for (const w of this.workers) {
      if (w.task !== null || this.pending.length === 0) continue;
      const task = this.pending.shift()!;
      w.task = task;
      task.worker = w;
      w.thread.postMessage({ type: "task", id: task.id, ...task.spec } satisfies ToWorker);
    }
  }

  private receive(w: PoolWorker, m: FromWorker): void {
    if (m.type === "progress") {
      this.onRendered(m.rendered);
      return;
    }
    if (m.type === "ready") return;
    const task = w.task;
    if (task === null || task.id !== m.id) return;
    if (m.type === "chunk") task.queues[m.file].push({ chunk: new Uint8Array(m.buffer, 0, m.length) });
    else if (m.type === "end") {
      if (m.rendered > 0) this.onRendered(m.rendered);
      task.queues[m.file].push({ end: { bytes: m.bytes, sha256: m.sha256, counts: m.counts } });
      const last = m.file === 1 || !task.spec.options.scoreEval;
      if (last) {
        w.task = null;
        this.dispatch();
      }
    } else if (m.type === "error") {
      const e = m.error;
      task.fail(e.name === "InputFileError" && e.fileName !== undefined ? new InputFileError(e.fileName, e.line ?? null, e.reason ?? e.message) : Object.assign(new Error(e.message), { name: e.name }));
      w.task = null;
      this.dispatch();
    }
  }

  private broken(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const w of this.workers) w.task?.fail(e);
    for (const t of this.pending.splice(0)) t.fail(e);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
    for (const w of this.workers) w.close();
  }
}

/** `ExportOptions.startWorkerPool` for the CLI and scripts. */
export const startWorkerPool: StartWorkerPool = (count, setup, onRendered, reuseChunks) => new WorkerPool(count, setup, onRendered, reuseChunks);
