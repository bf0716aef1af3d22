/**
 * Job output files: written to `<dir>/<jobId>.<worker tag>.<ext>.partial`, renamed to
 * `<dir>/<jobId>.<ext>` when the job succeeds (a rename within one folder is atomic, so a
 * download never sees half a file), removed when it fails or is cancelled. The worker tag keeps
 * two runs of one job (a stale one and its re-run) from writing the same partial file.
 * Plain Node (fs, crypto); no framework.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";

export function jobFilePath(dir: string, jobId: string, extension: string): string {
  return path.join(/*turbopackIgnore: true*/ dir, `${jobId}.${extension}`);
}

export function jobPartialPath(dir: string, jobId: string, extension: string, workerId: string): string {
  const tag = workerId.replace(/[^0-9A-Za-z]/g, "").slice(-12) || "w";
  return path.join(/*turbopackIgnore: true*/ dir, `${jobId}.${tag}.${extension}.partial`);
}

/** `<uuid>.<ext>` → the job id and whether it is a partial file; null for anything else. */
export function parseJobFileName(name: string): { jobId: string; partial: boolean } | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(.+)$/.exec(name);
  if (!m) return null;
  return { jobId: m[1], partial: m[2].endsWith(".partial") };
}

/**
 * Writes chunks to a new file, counting and hashing them. Each chunk is written before the next is
 * asked for, so none is kept afterwards: an export with `reuseChunks` writes the next chunks into
 * the same memory (no fresh memory per chunk, which V8 counts toward full collections).
 */
export async function writeChunksToFile(file: string, chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: number; sha256: string }> {
  const out = createWriteStream(file, { flags: "w" });
  const hash = createHash("sha256");
  let bytes = 0;
  let failed: Error | null = null;
  out.on("error", (e) => (failed = e));
  try {
    for await (const chunk of chunks) {
      if (failed) throw failed;
      hash.update(chunk);
      bytes += chunk.byteLength;
      await new Promise<void>((resolve, reject) => out.write(chunk, (error) => (error ? reject(error) : resolve())));
    }
    if (failed) throw failed;
    out.end();
    await once(out, "close");
    if (failed) throw failed;
  } catch (error) {
    // Wait for the stream to close: it opens its file asynchronously, and a file opened after the
    // caller removed the partial output would be left behind.
    out.destroy();
    if (!out.closed) await once(out, "close").catch(() => undefined);
    throw error;
  }
  return { bytes, sha256: hash.digest("hex") };
}

export async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { bytes, sha256: hash.digest("hex") };
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

export interface JobFileEntry {
  name: string;
  mtimeMs: number;
}

export interface JobFileFacts {
  status: string;
  finishedAt: string | null;
  heartbeatAt: string | null;
}

/**
 * The clean-up's decisions for the files of a jobs folder: finished jobs' files older than
 * `maxAgeMs` (by the job's finish time) go, and so do files of jobs that no longer exist and partial
 * files no live run is writing (the job finished, or its heartbeat is stale). Files younger than
 * `graceMs` are left alone (a run may have just created one). Other names are ignored.
 */
export function planJobFileCleanup(
  entries: JobFileEntry[],
  jobs: ReadonlyMap<string, JobFileFacts>,
  options: { now: number; maxAgeMs: number; staleMs: number; graceMs?: number },
): { remove: string[]; expire: string[] } {
  const grace = options.graceMs ?? 60_000;
  const remove: string[] = [];
  const expire = new Set<string>();
  for (const e of entries) {
    const parsed = parseJobFileName(e.name);
    if (!parsed) continue;
    if (options.now - e.mtimeMs < grace) continue;
    const job = jobs.get(parsed.jobId);
    if (!job) {
      remove.push(e.name);
      continue;
    }
    if (parsed.partial) {
      const alive = job.status === "running" && job.heartbeatAt !== null && options.now - Date.parse(job.heartbeatAt) < options.staleMs;
      if (!alive) remove.push(e.name);
      continue;
    }
    if (job.finishedAt !== null && options.now - Date.parse(job.finishedAt) >= options.maxAgeMs) {
      remove.push(e.name);
      expire.add(parsed.jobId);
    }
  }
  return { remove, expire: [...expire] };
}
