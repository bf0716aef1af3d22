/**
 * An export worker (see worker-pool.ts). Every worker gets every task (one template over one
 * split) and renders its own blocks of the split's rows (row-blocks.ts: block j is worker
 * j mod N's): the data file's blocks, then, once the reader has told it how many examples the
 * blocks before each of its own kept (score-eval lines are numbered across the whole file), the
 * score-eval file's blocks. Each block's bytes go back as transferred chunks, the last one marked
 * as the block's end; the reader puts the blocks in order and hashes the files. The bytes are those
 * of RenderTask in the calling thread: same code, same rows, same seeds.
 *
 * Back-pressure: the bytes sent and not yet passed on by the export are counted in shared memory;
 * over the budget this thread waits (the export reads the blocks in order, so a worker ahead of it
 * stops instead of filling memory).
 *
 * The pool starts this file bundled with all it imports into one script (worker-pool.ts
 * `workerScript`), so a worker loads no module but node's.
 */
import { createHash } from "node:crypto";
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { prepareTemplate } from "../render/index";
import { ByteArena, CHUNK_BYTES, freshChunk } from "./byte-chunks";
import { InputFileError } from "./read-lines";
import { RenderTask } from "./render-task";
import { OwnRows, WHOLE_FILE } from "./row-blocks";
import type { FromWorker, ToWorker, WorkerSetup } from "./worker-pool";

const PROGRESS_EVERY = 1024;
const setup = workerData as WorkerSetup;
const sent = new Int32Array(setup.sent);
const port = parentPort!;

let rows: OwnRows | null = null;
/** one task runs at a time: its kept score-eval inputs reuse this memory */
const scoreArena = new ByteArena(setup.scoreBufferBytes);
const queue: Extract<ToWorker, { type: "task" }>[] = [];
/** score-eval numbering from the reader, by task id, and the task waiting for it */
const bases = new Map<number, number[]>();
let waiting: { id: number; resolve: (bases: number[]) => void } | null = null;
let running = false;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** Chunk memory: a chunk the export has passed on and sent back, else fresh memory. */
function alloc(minBytes: number): Buffer {
  if (minBytes <= CHUNK_BYTES) {
    const back = receiveMessageOnPort(setup.recycle);
    if (back !== undefined) return Buffer.from(back.message as ArrayBuffer);
  }
  return freshChunk(minBytes);
}

/** Sends chunks of a block; with `end`, the last message says the block ended (alone when there are no chunks). */
function sendBlock(id: number, file: 0 | 1, chunks: Uint8Array[], end = true): void {
  if (chunks.length === 0) {
    if (end) post({ type: "chunk", id, file, buffer: null, length: 0, blockEnd: true });
    return;
  }
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    Atomics.add(sent, 0, chunk.length);
    // a chunk owns its ArrayBuffer from offset 0 (byte-chunks.ts hands a buffer out once), so the
    // whole buffer is transferred, not copied
    const buffer = (chunk.byteOffset === 0 ? chunk.buffer : chunk.slice().buffer) as ArrayBuffer;
    post({ type: "chunk", id, file, buffer, length: chunk.length, blockEnd: end && i === chunks.length - 1 }, [buffer]);
    for (let now = Atomics.load(sent, 0); now > setup.budgetBytes; now = Atomics.load(sent, 0)) Atomics.wait(sent, 0, now, 1000);
  }
}

function basesOf(id: number): Promise<number[]> {
  const known = bases.get(id);
  if (known !== undefined) {
    bases.delete(id);
    return Promise.resolve(known);
  }
  return new Promise((resolve) => (waiting = { id, resolve }));
}

async function run(task: Extract<ToWorker, { type: "task" }>): Promise<void> {
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
  const t = new RenderTask(prepareTemplate(task.template), null, { ...task.options, scoreBufferBytes: setup.scoreBufferBytes, scoreArena }, rendered, undefined, undefined, alloc);
  // the owner of a whole split hashes its files; shared files are hashed by the reader
  let hash = whole ? createHash("sha256") : null;
  let bytes = 0;
  const send = (file: 0 | 1, chunks: Uint8Array[], end: boolean) => {
    if (hash !== null) for (const c of chunks) hash.update(c), (bytes += c.length);
    sendBlock(task.id, file, chunks, end);
  };
  const flush0 = (chunks: Uint8Array[]) => send(0, chunks, false);
  const flush1 = (chunks: Uint8Array[]) => send(1, chunks, false);
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
  }
  post({ type: "end", id: task.id, file: 0, counts: { ...t.counts }, kept, rendered: pending, hashed: hashed() });
  pending = 0;
  if (!task.options.scoreEval) return;
  const from = whole ? [0] : await basesOf(task.id);
  let k = 0;
  if (t.scoreNeedsRows) {
    for await (const b of own.blocks()) {
      t.scoreBlock(b.block, from[k++], b.rows, b.first, flush1);
      send(1, t.takeBlockOutput(), true);
    }
  } else {
    for (const block of blocks) {
      t.scoreBlock(block, from[k++], null, 0, flush1);
      send(1, t.takeBlockOutput(), true);
    }
  }
  post({ type: "end", id: task.id, file: 1, counts: { ...t.scoreCounts }, kept: [], rendered: 0, hashed: hashed() });
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
      try {
        await run(task);
      } catch (e) {
        const error =
          e instanceof InputFileError
            ? { name: e.name, message: e.message, fileName: e.fileName, line: e.line, reason: e.reason }
            : { name: e instanceof Error ? e.name : "Error", message: e instanceof Error ? e.message : String(e) };
        post({ type: "error", id: task.id, error });
        rows = null;
      }
    }
  } finally {
    running = false;
  }
}

port.on("message", (message: ToWorker) => {
  if (message.type === "bases") {
    if (waiting !== null && waiting.id === message.id) {
      const w = waiting;
      waiting = null;
      w.resolve(message.bases);
    } else bases.set(message.id, message.bases);
    return;
  }
  queue.push(message);
  void drain();
});
post({ type: "ready" });
