/**
 * An export worker (see worker-pool.ts). Every worker gets every task (one template over one
 * split) and renders its own blocks of the split's rows (row-blocks.ts: block j is worker
 * j mod N's): the data file's blocks, then, once the reader has told it how many examples the
 * blocks before each of its own kept (score-eval lines are numbered across the whole file), the
 * score-eval file's blocks. Each block's bytes go back as chunks, the last one marked as the
 * block's end; the reader puts the blocks in order and hashes the files. The bytes are those of
 * RenderTask in the calling thread: same code, same rows, same seeds.
 *
 * Output memory and back-pressure: the bytes are written into this worker's output slots, memory
 * shared with the export (output-slots.ts), and sent as places in them; when no slot is free this
 * thread waits (the export reads the blocks in order, so a worker ahead of it stops instead of
 * filling memory).
 *
 * Deferred score-eval: the numbering of a shared task's score-eval file waits for every worker's
 * data blocks. Instead of waiting, a worker goes on with the next task's data blocks and writes
 * the score-eval blocks between two of them as soon as the numbering comes (or when its slots run
 * low, waiting for it then). The reader needs the score-eval blocks before the next task's, so
 * while one is deferred this thread never waits for a free slot: past its slots it writes into
 * memory of its own, and a task is deferred only when its score-eval blocks are small
 * (DEFER_SCORE_BYTES). The numbering comes as a message; a worker busy rendering reads its
 * messages synchronously (receiveMessageOnPort), and waits for them on `wake`.
 *
 * The pool starts this file bundled with all it imports into one script (worker-pool.ts
 * `workerScript`), so a worker loads no module but node's.
 */
import { createHash } from "node:crypto";
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { prepareTemplate } from "../render/index";
import { ByteArena, ByteChunks } from "./byte-chunks";
import { KeptExamples } from "./kept-examples";
import { SlotWriter } from "./output-slots";
import { InputFileError } from "./read-lines";
import { RenderTask } from "./render-task";
import { OwnRows, WHOLE_FILE } from "./row-blocks";
import type { FromWorker, ToWorker, WorkerSetup } from "./worker-pool";

const PROGRESS_EVERY = 1024;
/** a shared task's score-eval blocks are deferred only under this size (they may go past the slots) */
const DEFER_SCORE_BYTES = 2 << 20;

type Task = Extract<ToWorker, { type: "task" }>;
/** the size and SHA-256 of a file this worker made whole, else null */
type FileHash = () => { bytes: number; sha256: string } | null;

const setup = workerData as WorkerSetup;
const slots = new SlotWriter(setup.slots);
const wake = new Int32Array(setup.wake);
const port = parentPort!;

let rows: OwnRows | null = null;
/** one task writes at a time (a deferred score-eval between two blocks): its bytes go through this, empty at every block's end ... */
let out = new ByteChunks(slots.alloc);
/** ... and what score-eval keeps of the examples goes in one of these: a deferred task keeps its own */
const keeps = [0, 1].map(() => ({ scoreArena: new ByteArena(setup.scoreBufferBytes), keptExamples: new KeptExamples() }));
const queue: Task[] = [];
/** score-eval numbering from the reader, by task id */
const bases = new Map<number, number[]>();
let running = false;

/** A shared task whose data blocks are sent and whose score-eval blocks wait for their numbering. */
interface Deferred {
  id: number;
  task: RenderTask;
  blocks: number[];
  keep: (typeof keeps)[number];
}
let deferred: Deferred | null = null;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** Sends chunks of a block; with `end`, the last message says the block ended (alone when there are no chunks). */
function sendBlock(id: number, file: 0 | 1, chunks: Uint8Array[], end = true): void {
  if (chunks.length === 0) {
    if (end) post({ type: "chunk", id, file, slot: -1, offset: 0, buffer: null, length: 0, blockEnd: true });
    return;
  }
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    const blockEnd = end && i === chunks.length - 1;
    const place = slots.place(chunk);
    if (place !== null) post({ type: "chunk", id, file, slot: place.slot, offset: place.offset, buffer: null, length: chunk.length, blockEnd });
    else {
      // memory of its own (more than a slot, or no slot was free): a chunk owns its ArrayBuffer
      // from offset 0 (byte-chunks.ts hands such a buffer out once), so it is transferred, not copied
      const buffer = (chunk.byteOffset === 0 ? chunk.buffer : chunk.slice().buffer) as ArrayBuffer;
      post({ type: "chunk", id, file, slot: -1, offset: 0, buffer, length: chunk.length, blockEnd }, [buffer]);
    }
  }
  // the reader needs a deferred score-eval before what this thread sends now: never wait then
  if (deferred === null) slots.waitForRoom();
}

function receive(message: ToWorker): void {
  if (message.type === "bases") bases.set(message.id, message.bases);
  else queue.push(message);
}

/** Takes the messages waiting, without returning to the event loop. */
function poll(): void {
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) receive(m.message as ToWorker);
}

/** Waits for task `id`'s numbering (the pool bumps `wake` after sending one), or, with `orTask`, for a task. */
function waitForBases(id: number, orTask = false): number[] | null {
  for (;;) {
    const seen = Atomics.load(wake, 0);
    poll();
    const known = bases.get(id);
    if (known !== undefined) {
      bases.delete(id);
      return known;
    }
    if (orTask && queue.length > 0) return null;
    Atomics.wait(wake, 0, seen, 1000);
  }
}

/** The score-eval blocks of `blocks` from their kept inputs, numbered from `from`, and the file's end. */
function scoreBlocks(id: number, t: RenderTask, blocks: number[], from: number[], send: (file: 0 | 1, chunks: Uint8Array[], end: boolean) => void, hashed: FileHash = () => null): void {
  const flush1 = (chunks: Uint8Array[]) => send(1, chunks, false);
  for (let k = 0; k < blocks.length; k++) {
    t.scoreBlock(blocks[k], from[k], null, 0, flush1);
    send(1, t.takeBlockOutput(), true);
  }
  post({ type: "end", id, file: 1, counts: { ...t.scoreCounts }, kept: [], rendered: 0, hashed: hashed() });
}

/** Writes the deferred score-eval blocks, waiting for their numbering if it has not come. */
function finishDeferred(from?: number[]): void {
  const d = deferred!;
  const numbering = from ?? waitForBases(d.id)!;
  try {
    scoreBlocks(d.id, d.task, d.blocks, numbering, (file, chunks, end) => sendBlock(d.id, file, chunks, end));
  } catch (e) {
    failed(d.id, e);
  } finally {
    deferred = null;
  }
}

/** Between two blocks: the deferred score-eval once its numbering is here, or when the slots run low. */
function betweenBlocks(): void {
  if (deferred === null) return;
  poll();
  const known = bases.get(deferred.id);
  if (known !== undefined) {
    bases.delete(deferred.id);
    finishDeferred(known);
  } else if (slots.freeSlots() < 2) finishDeferred();
}

async function run(task: Task): Promise<void> {
  // a whole task (no blocks): this worker alone renders the split, as one block
  const whole = task.blocks === null;
  const cut = task.blocks ?? WHOLE_FILE;
  if (rows === null || rows.fileName !== task.rowsFile || rows.cut.bytes !== cut.bytes || rows.cut.count !== cut.count) {
    rows = whole ? new OwnRows(task.rowsFile, 0, 1, cut, setup.rowCacheChars) : new OwnRows(task.rowsFile, setup.index, setup.workers, cut, setup.rowCacheChars);
  }
  const own = rows;
  let pending = 0;
  const rendered = () => {
    if (++pending === PROGRESS_EVERY) {
      post({ type: "progress", rendered: pending });
      pending = 0;
    }
  };
  const keep = keeps[deferred !== null && deferred.keep === keeps[0] ? 1 : 0];
  const t = new RenderTask(prepareTemplate(task.template), null, { ...task.options, scoreBufferBytes: setup.scoreBufferBytes, ...keep }, rendered, undefined, undefined, out);
  // the owner of a whole split hashes its files; shared files are hashed by the reader
  let hash = whole ? createHash("sha256") : null;
  let bytes = 0;
  const send = (file: 0 | 1, chunks: Uint8Array[], end: boolean) => {
    if (hash !== null) for (const c of chunks) hash.update(c), (bytes += c.length);
    sendBlock(task.id, file, chunks, end);
  };
  const flush0 = (chunks: Uint8Array[]) => send(0, chunks, false);
  const hashed = () => {
    if (hash === null) return null;
    const h = { bytes, sha256: hash.digest("hex") };
    hash = createHash("sha256");
    bytes = 0;
    return h;
  };
  const kept: number[] = [];
  const blocks: number[] = [];
  for await (const b of own.blocks()) {
    kept.push(t.mainBlock(b.block, b.rows, b.first, flush0));
    blocks.push(b.block);
    send(0, t.takeBlockOutput(), true);
    betweenBlocks();
  }
  post({ type: "end", id: task.id, file: 0, counts: { ...t.counts }, kept, rendered: pending, hashed: hashed() });
  pending = 0;
  // one deferred task at a time
  if (deferred !== null) finishDeferred();
  if (!task.options.scoreEval) return;
  let from: number[] | undefined = whole ? [0] : undefined;
  if (!whole) {
    poll();
    from = bases.get(task.id);
    if (from !== undefined) bases.delete(task.id);
    else if (!t.scoreNeedsRows && t.scoreEvalBytes() <= DEFER_SCORE_BYTES) {
      deferred = { id: task.id, task: t, blocks, keep };
      return;
    }
  }
  const numbering = from ?? waitForBases(task.id)!;
  if (!t.scoreNeedsRows) return scoreBlocks(task.id, t, blocks, numbering, send, hashed);
  const flush1 = (chunks: Uint8Array[]) => send(1, chunks, false);
  let k = 0;
  for await (const b of own.blocks()) {
    t.scoreBlock(b.block, numbering[k++], b.rows, b.first, flush1);
    send(1, t.takeBlockOutput(), true);
  }
  post({ type: "end", id: task.id, file: 1, counts: { ...t.scoreCounts }, kept: [], rendered: 0, hashed: hashed() });
}

function failed(id: number, e: unknown): void {
  const error =
    e instanceof InputFileError
      ? { name: e.name, message: e.message, fileName: e.fileName, line: e.line, reason: e.reason }
      : { name: e instanceof Error ? e.name : "Error", message: e instanceof Error ? e.message : String(e) };
  post({ type: "error", id, error });
  rows = null;
  // what the failed task wrote and did not send is dropped (the export ends with its error)
  out = new ByteChunks(slots.alloc);
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (;;) {
      poll();
      const task = queue.shift();
      if (task === undefined) {
        if (deferred === null) break;
        // nothing else to do: the numbering, or a task to go on with meanwhile
        const from = waitForBases(deferred.id, true);
        if (from !== null) finishDeferred(from);
        continue;
      }
      // a whole task's owner hashes its files as they go: nothing deferred runs between its blocks
      if (deferred !== null && task.blocks === null) finishDeferred();
      try {
        await run(task);
      } catch (e) {
        failed(task.id, e);
      }
    }
  } finally {
    running = false;
  }
}

port.on("message", (message: ToWorker) => {
  receive(message);
  void drain();
});
post({ type: "ready" });
