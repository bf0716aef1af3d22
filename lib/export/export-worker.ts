/**
 * An export worker (see worker-pool.ts): renders the tasks it is given, one at a time, reading
 * the split's rows from their JSONL file itself, and sends each file's bytes back as transferred
 * chunks with the file's SHA-256 at its end. The bytes are those of RenderTask in the calling
 * thread: same code, same rows, same seeds.
 *
 * Back-pressure: the bytes sent and not yet passed on by the export are counted in shared memory;
 * over the budget this thread waits (the export reads the tasks in order, so a worker ahead of it
 * stops instead of filling memory).
 */
import { createHash } from "node:crypto";
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { prepareTemplate } from "../render/index";
import { CHUNK_BYTES, freshChunk } from "./byte-chunks";
import { readJsonlRows } from "./file-source";
import { InputFileError } from "./read-lines";
import { RenderTask } from "./render-task";
import { SplitRows } from "./row-cache";
import type { FromWorker, ToWorker, WorkerSetup } from "./worker-pool";

const PROGRESS_EVERY = 1024;
const setup = workerData as WorkerSetup;
const sent = new Int32Array(setup.sent);
const port = parentPort!;

let rows: { file: string; rows: SplitRows } | null = null;
const queue: ToWorker[] = [];
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

function send(id: number, file: 0 | 1, chunk: Uint8Array): void {
  Atomics.add(sent, 0, chunk.length);
  // each chunk owns its ArrayBuffer from offset 0 (byte-chunks.ts hands a buffer out once), so the
  // whole buffer is transferred, not copied
  const own = chunk.byteOffset === 0;
  const buffer = (own ? chunk.buffer : chunk.slice().buffer) as ArrayBuffer;
  post({ type: "chunk", id, file, buffer, length: chunk.length }, [buffer]);
  for (let now = Atomics.load(sent, 0); now > setup.budgetBytes; now = Atomics.load(sent, 0)) Atomics.wait(sent, 0, now, 1000);
}

async function run(task: Extract<ToWorker, { type: "task" }>): Promise<void> {
  if (rows === null || rows.file !== task.rowsFile) {
    const file = task.rowsFile;
    rows = { file, rows: new SplitRows(() => readJsonlRows(file), setup.rowCacheChars) };
  }
  let pending = 0;
  const rendered = () => {
    if (++pending === PROGRESS_EVERY) {
      post({ type: "progress", rendered: pending });
      pending = 0;
    }
  };
  const t = new RenderTask(prepareTemplate(task.template), rows.rows, { ...task.options, scoreBufferBytes: setup.scoreBufferBytes }, rendered, undefined, undefined, alloc);
  const files: [0 | 1, () => AsyncIterable<Uint8Array>][] = [[0, () => t.main()]];
  if (task.options.scoreEval) files.push([1, () => t.scoreEval()]);
  for (const [file, content] of files) {
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of content()) {
      hash.update(chunk);
      bytes += chunk.length;
      send(task.id, file, chunk);
    }
    const counts = file === 0 ? t.counts : t.scoreCounts;
    const last = file === files.length - 1;
    post({ type: "end", id: task.id, file, bytes, sha256: hash.digest("hex"), counts: { ...counts }, rendered: last ? pending : 0 });
    if (last) pending = 0;
  }
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
      if (task.type !== "task") continue;
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
  queue.push(message);
  void drain();
});
post({ type: "ready" });
