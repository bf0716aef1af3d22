/**
 * Runs one claimed job: validates its params, calls its kind's handler with an AbortSignal, a
 * progress callback and its output file, beats the heartbeat (which also stores progress and reads
 * the cancel flag), then records the outcome. Framework-free; the queue is a JobStore.
 *
 * The signal aborts when
 *  - the user asked to cancel (seen at the next heartbeat)      → status cancelled,
 *  - the worker is shutting down                                → the job goes back to the queue,
 *  - the job is no longer ours (re-queued as stale meanwhile)   → nothing is recorded.
 * In every case but success the partial output file is removed.
 */
import { mkdir, rename } from "node:fs/promises";
import { AppError } from "../errors";
import { getJobKind } from "./registry";
import type { JobOutcome, JobStore } from "./store";
import type { JobDTO, JobFile, JobOutput, JobProgress, JobStatus } from "./types";
import { hashFile, jobFilePath, jobPartialPath, removeFile, writeChunksToFile } from "./output";

export type JobLog = (level: "info" | "warn" | "error", message: string, fields: Record<string, unknown>) => void;

export interface RunJobOptions {
  store: JobStore;
  workerId: string;
  /** where output files go */
  filesDir: string;
  /** heartbeat (and progress write, cancel check) interval; default 1000 ms */
  heartbeatMs?: number;
  /** aborted when the worker stops: the job is released back to the queue */
  shutdown?: AbortSignal;
  log?: JobLog;
}

/** What became of the job: a final status, "released" (back in the queue) or "lost" (someone else owns it). */
export type RunJobResult = JobStatus | "released" | "lost";

type StopReason = "cancel" | "shutdown" | "lost";

class JobStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`job stopped: ${reason}`);
    this.name = "AbortError";
  }
}

/** The one line stored in `error` and shown to the user: domain errors say what happened; faults get a reference. */
export function publicJobError(error: unknown, jobId: string): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof Error && (error as Error & { expose?: boolean }).expose === true) return error.message;
  return `Something went wrong (ref job ${jobId.slice(0, 8)})`;
}

export async function runJob(job: JobDTO, options: RunJobOptions): Promise<RunJobResult> {
  const { store, workerId } = options;
  const log: JobLog = options.log ?? (() => {});
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const fields = { jobId: job.id, kind: job.kind, workerId, attempt: job.attempts };

  const finish = async (outcome: JobOutcome, progress: JobProgress | null): Promise<RunJobResult> => {
    const ok = await store.finish(job.id, workerId, outcome, progress);
    if (!ok) {
      log("warn", "job finished elsewhere or was taken over; outcome not recorded", { ...fields, status: outcome.status });
      return "lost";
    }
    log(outcome.status === "failed" ? "warn" : "info", "job finished", { ...fields, status: outcome.status, ...(outcome.status === "failed" ? { error: outcome.error } : {}) });
    return outcome.status;
  };

  const kind = getJobKind(job.kind);
  if (!kind) return finish({ status: "failed", error: `This instance cannot run jobs of kind "${job.kind}"` }, null);
  const parsed = kind.params.safeParse(job.params);
  if (!parsed.success) return finish({ status: "failed", error: `Invalid job parameters: ${parsed.error.issues[0]?.message ?? "invalid"}` }, null);

  const controller = new AbortController();
  const stop = (reason: StopReason) => {
    if (!controller.signal.aborted) controller.abort(new JobStopped(reason));
  };
  const stopReason = (): StopReason | null => (controller.signal.aborted ? (controller.signal.reason as JobStopped).reason : null);
  const onShutdown = () => stop("shutdown");
  if (options.shutdown?.aborted) onShutdown();
  options.shutdown?.addEventListener("abort", onShutdown, { once: true });

  let latest: JobProgress | null = null;
  let written = "";
  const progressToWrite = (): JobProgress | null => {
    if (!latest) return null;
    const text = JSON.stringify(latest);
    if (text === written) return null;
    written = text;
    return latest;
  };

  let beating: Promise<void> | null = null;
  const beat = async () => {
    try {
      const r = await store.heartbeat(job.id, workerId, progressToWrite());
      if (!r.owned) stop("lost");
      else if (r.cancelRequested) stop("cancel");
    } catch (error) {
      // A failed heartbeat is retried at the next tick; the job is only lost if it stays stale.
      written = "";
      log("warn", "job heartbeat failed", { ...fields, error: error instanceof Error ? error.message : String(error) });
    }
  };
  const timer = setInterval(() => {
    if (!beating) beating = beat().finally(() => (beating = null));
  }, heartbeatMs);

  let output: (JobOutput & { finalPath: string; written: { bytes: number; sha256: string } | null }) | null = null;
  if (kind.output) {
    await mkdir(options.filesDir, { recursive: true });
    const partial = jobPartialPath(options.filesDir, job.id, kind.output.extension, workerId);
    const o = {
      path: partial,
      finalPath: jobFilePath(options.filesDir, job.id, kind.output.extension),
      written: null as { bytes: number; sha256: string } | null,
      async write(chunks: AsyncIterable<Uint8Array>) {
        o.written = await writeChunksToFile(partial, chunks);
        return o.written;
      },
    };
    output = o;
  }

  let outcome: JobOutcome | "release" | "lost";
  try {
    const returned = await kind.run({
      jobId: job.id,
      params: parsed.data,
      createdById: job.createdById,
      signal: controller.signal,
      reportProgress: (p) => {
        latest = { ...p };
      },
      output,
    });
    const reason = stopReason();
    if (reason) throw new JobStopped(reason);
    const result: Record<string, unknown> = { ...(returned ?? {}) };
    if (output && kind.output) {
      const facts = output.written ?? (await hashFile(output.path));
      // Still ours? (A stale run must not replace the file of the run that took over.)
      await (beating ?? Promise.resolve());
      await beat();
      const late = stopReason();
      if (late) throw new JobStopped(late);
      await rename(output.path, output.finalPath);
      const file: JobFile = { name: kind.output.fileName(parsed.data), contentType: kind.output.contentType, bytes: facts.bytes, sha256: facts.sha256 };
      result.file = file;
    }
    outcome = { status: "done", result };
  } catch (error) {
    const reason = stopReason();
    if (reason === "cancel") outcome = { status: "cancelled" };
    else if (reason === "shutdown") outcome = "release";
    else if (reason === "lost") outcome = "lost";
    else {
      log("error", "job failed", { ...fields, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), stack: error instanceof Error ? error.stack : undefined });
      outcome = { status: "failed", error: publicJobError(error, job.id) };
    }
  } finally {
    clearInterval(timer);
    options.shutdown?.removeEventListener("abort", onShutdown);
    await (beating ?? Promise.resolve());
  }

  if (output && (typeof outcome === "string" || outcome.status !== "done")) await removeFile(output.path);

  if (outcome === "lost") {
    log("warn", "job taken over by another worker; this run stopped", fields);
    return "lost";
  }
  if (outcome === "release") {
    const released = await store.release(job.id, workerId);
    log("info", released ? "job released back to the queue (worker stopping)" : "job could not be released", fields);
    return released ? "released" : "lost";
  }
  return finish(outcome, latest);
}
