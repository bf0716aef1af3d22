import "server-only";
/**
 * lib/jobs: background jobs on a queue in the database, run by a worker in every app instance.
 * See README.md. The API:
 *
 *   registerJobHandler(kind, { params, run, output? })     // lib/jobs/kinds.ts registers every kind
 *   enqueueJob({ kind, params, createdById }) → JobDTO     // validates params with the kind's schema
 *   getJob(id), listJobs({ createdById, kind }), requestCancel(id, actorId)
 *   jobFilePathOf(job) → the finished job's file on disk (or null)
 *   startJobWorkerOnce() / stopJobWorker()                 // instrumentation.ts starts it
 */
import { randomBytes } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createJob, dbJobStore, getJob, getJobFileFacts, listJobs, markJobFilesExpired, requestJobCancel } from "../db";
import { getEnv } from "../env";
import { AppError, notFound, validationError } from "../errors";
import { can, type Actor, type JobResource } from "../auth/policy";
import { logger } from "../log";
import "./kinds";
import { jobFilePath, planJobFileCleanup, removeFile } from "./output";
import { getJobKind, registeredJobKinds } from "./registry";
import type { JobDTO } from "./types";
import { startJobWorker, type JobWorker } from "./worker";

export { registerJobHandler, registeredJobKinds } from "./registry";
export type { JobContext, JobDTO, JobFile, JobKindDefinition, JobOutput, JobProgress, JobResult, JobStatus, PublicJob } from "./types";
export { toPublicJob, FINISHED_STATUSES } from "./types";
export { getJob, listJobs };

/** Where job files live: PROMPTPOOL_JOB_FILES_DIR, or <PROMPTPOOL_DATA_DIR>/exports. */
export function jobFilesDir(): string {
  const env = getEnv();
  // (the folder is configuration, not part of the app: keep Next's file tracing out of it)
  return path.resolve(/*turbopackIgnore: true*/ env.PROMPTPOOL_JOB_FILES_DIR ?? path.join(/*turbopackIgnore: true*/ env.PROMPTPOOL_DATA_DIR, "exports"));
}

const store = globalThis as typeof globalThis & { __promptpoolJobWorker?: JobWorker; __promptpoolJobWorkerSignals?: boolean };

/** Queues a job of a registered kind; its params are checked by the kind's schema first (VALIDATION). */
export async function enqueueJob(input: { kind: string; params: Record<string, unknown>; createdById: string | null }): Promise<JobDTO> {
  const kind = getJobKind(input.kind);
  if (!kind) throw validationError(`Unknown job kind "${input.kind}"`);
  const parsed = kind.params.safeParse(input.params);
  if (!parsed.success) throw validationError(parsed.error.issues[0]?.message ?? "Invalid job parameters");
  const job = await createJob({ kind: input.kind, params: parsed.data as Record<string, unknown>, createdById: input.createdById });
  store.__promptpoolJobWorker?.wake();
  return job;
}

/** Cancels a queued job, or asks the worker running it to stop. */
export function requestCancel(jobId: string, actorId: string | null): Promise<JobDTO> {
  return requestJobCancel(jobId, actorId);
}

/** Whether whoever has the link may download the job's output (a public release's export). */
export function isJobOutputPublic(job: JobDTO): boolean {
  const kind = getJobKind(job.kind);
  if (!kind?.publicOutput) return false;
  const parsed = kind.params.safeParse(job.params);
  return parsed.success && kind.publicOutput(parsed.data);
}

export function jobResource(job: JobDTO): JobResource {
  return { kind: "job", createdById: job.createdById, publicOutput: isJobOutputPublic(job) };
}

/**
 * The job, if `actor` may do `action` to it. A job the actor may not even read is NOT_FOUND (its
 * existence is nobody else's business); anonymous callers get UNAUTHORIZED.
 */
export async function loadJobFor(actor: Actor | null, jobId: string, action: "job.read" | "job.cancel" | "job.download"): Promise<JobDTO> {
  const job = await getJob(jobId);
  if (!job) throw notFound("Job");
  const resource = jobResource(job);
  if (can(actor, action, resource)) return job;
  if (!actor) throw new AppError("UNAUTHORIZED", "Please sign in first");
  if (!can(actor, "job.read", resource)) throw notFound("Job");
  throw new AppError("FORBIDDEN", "You are not allowed to do this");
}

/** The finished job's file on disk, or null (not done, no output, or removed by the clean-up). */
export function jobFilePathOf(job: JobDTO): string | null {
  const kind = getJobKind(job.kind);
  if (job.status !== "done" || !kind?.output || !job.result.file || job.result.file.expired) return null;
  return jobFilePath(jobFilesDir(), job.id, kind.output.extension);
}

/** Removes finished jobs' files older than PROMPTPOOL_JOB_FILES_MAX_AGE_HOURS and abandoned partial files. */
export async function cleanUpJobFiles(now = Date.now()): Promise<{ removed: number; expired: number }> {
  const env = getEnv();
  const dir = jobFilesDir();
  let names: string[];
  try {
    names = await readdir(/*turbopackIgnore: true*/ dir);
  } catch {
    return { removed: 0, expired: 0 };
  }
  const entries = [];
  for (const name of names) {
    try {
      entries.push({ name, mtimeMs: (await stat(path.join(/*turbopackIgnore: true*/ dir, name))).mtimeMs });
    } catch {
      // removed meanwhile
    }
  }
  const ids = [...new Set(entries.map((e) => e.name.slice(0, 36)))];
  const facts = await getJobFileFacts(ids.filter((id) => /^[0-9a-f-]{36}$/.test(id)));
  const plan = planJobFileCleanup(entries, facts, { now, maxAgeMs: env.PROMPTPOOL_JOB_FILES_MAX_AGE_HOURS * 3_600_000, staleMs: env.PROMPTPOOL_JOBS_STALE_SECONDS * 1000 });
  for (const name of plan.remove) await removeFile(path.join(/*turbopackIgnore: true*/ dir, name));
  await markJobFilesExpired(plan.expire);
  return { removed: plan.remove.length, expired: plan.expire.length };
}

/**
 * Starts this process's worker unless PROMPTPOOL_JOBS_WORKER=0 (once; later calls return the same
 * one). SIGTERM/SIGINT stop it: the running job is aborted and put back in the queue.
 */
export function startJobWorkerOnce(): JobWorker | null {
  const env = getEnv();
  if (!env.PROMPTPOOL_JOBS_WORKER) return null;
  if (store.__promptpoolJobWorker) return store.__promptpoolJobWorker;
  const workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const worker = startJobWorker({
    store: dbJobStore,
    workerId,
    kinds: registeredJobKinds,
    filesDir: jobFilesDir(),
    staleMs: env.PROMPTPOOL_JOBS_STALE_SECONDS * 1000,
    maintenance: async () => {
      const r = await cleanUpJobFiles();
      if (r.removed) logger.info("job files cleaned up", { ...r });
    },
    maintenanceEveryMs: Math.min(3_600_000, Math.max(60_000, env.PROMPTPOOL_JOB_FILES_MAX_AGE_HOURS * 3_600_000 / 4)),
    log: (level, message, fields) => logger[level](message, fields),
  });
  store.__promptpoolJobWorker = worker;
  logger.info("job worker started", { workerId, kinds: registeredJobKinds() });
  if (!store.__promptpoolJobWorkerSignals) {
    store.__promptpoolJobWorkerSignals = true;
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        void stopJobWorker().finally(() => {
          // Next's own handler exits the process; without one, behave as if we had not listened.
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
      });
    }
  }
  return worker;
}

export async function stopJobWorker(): Promise<void> {
  const worker = store.__promptpoolJobWorker;
  if (!worker) return;
  delete store.__promptpoolJobWorker;
  await worker.stop();
  logger.info("job worker stopped", { workerId: worker.workerId });
}
