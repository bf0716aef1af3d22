import "server-only";
/**
 * Background jobs: the Job table is every job's record (status, progress, result, error) and, on
 * SQLite, the queue itself; on PostgreSQL pg-boss dispatches (job-queue-pg.ts). Implements
 * lib/jobs' JobStore.
 *
 * Claiming is compare-and-set: queued → running with lockedBy (the worker) and heartbeatAt. The
 * running worker beats the heartbeat about once a second; every write it makes afterwards is
 * conditional on still holding the job (status running, lockedBy = itself), so a worker that was
 * taken for dead and replaced cannot overwrite its successor. Cancelling a queued job finishes it
 * at once; a running job gets cancelRequested, which its worker reads with the next heartbeat.
 */
import { z } from "zod";
import { notFound, validationError } from "../errors";
import type { JobOutcome, JobStore } from "../jobs/store";
import { JOB_STATUSES, type JobDTO, type JobProgress, type JobResult, type JobStatus } from "../jobs/types";
import { recordAudit } from "./audit";
import { getDb, getDbProvider, getDbUrl, inTransaction, type Tx } from "./client";
import { ensureJobQueue, getPgBoss, txExecutor } from "./job-queue-pg";
import { parseJsonObject } from "./json";

type JobRow = {
  id: string;
  kind: string;
  status: string;
  paramsJson: string;
  progressJson: string;
  resultJson: string;
  error: string;
  cancelRequested: boolean;
  attempts: number;
  createdById: string | null;
  lockedBy: string | null;
  heartbeatAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toJob(r: JobRow): JobDTO {
  return {
    id: r.id,
    kind: r.kind,
    status: (JOB_STATUSES as readonly string[]).includes(r.status) ? (r.status as JobStatus) : "failed",
    params: parseJsonObject(r.paramsJson),
    progress: parseJsonObject(r.progressJson) as JobProgress,
    result: parseJsonObject(r.resultJson) as JobResult,
    error: r.error,
    cancelRequested: r.cancelRequested,
    attempts: r.attempts,
    createdById: r.createdById,
    lockedBy: r.lockedBy,
    heartbeatAt: iso(r.heartbeatAt),
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

const MAX_PARAMS_CHARS = 64 * 1024;

export const createJobSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "a job kind is lower case letters, digits and _"),
  params: z.record(z.string(), z.unknown()).default({}),
  createdById: z.string().min(1).nullable().default(null),
});
export type CreateJobInput = z.input<typeof createJobSchema>;

/** PostgreSQL: the message that tells some instance's worker to claim `jobId`, in the caller's transaction. */
async function dispatch(tx: Tx, kind: string, jobId: string): Promise<void> {
  if (getDbProvider() !== "postgresql") return;
  const url = getDbUrl();
  const boss = await getPgBoss(url);
  const queue = await ensureJobQueue(url, kind);
  await boss.send(queue, { jobId }, { db: txExecutor(tx), retryLimit: 0 });
}

/** Prepares what dispatch needs outside the transaction (pg-boss started, the kind's queue created). */
async function prepareDispatch(kind: string): Promise<void> {
  if (getDbProvider() === "postgresql") await ensureJobQueue(getDbUrl(), kind);
}

/** Queues a job (and, on PostgreSQL, its pg-boss message) in one transaction, with an audit event. */
export async function createJob(input: CreateJobInput): Promise<JobDTO> {
  const parsed = createJobSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues[0]?.message ?? "Invalid job");
  const { kind, params, createdById } = parsed.data;
  const paramsJson = JSON.stringify(params);
  if (paramsJson.length > MAX_PARAMS_CHARS) throw validationError("The job's parameters are too large");
  await prepareDispatch(kind);
  const row = await inTransaction(async (tx) => {
    const created = await tx.job.create({ data: { kind, paramsJson, createdById } });
    await dispatch(tx, kind, created.id);
    await recordAudit({ actorId: createdById, action: "job.create", subjectType: "job", subjectId: created.id, details: { kind, params } }, tx);
    return created;
  });
  return toJob(row);
}

export async function getJob(id: string): Promise<JobDTO | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const row = await getDb().job.findUnique({ where: { id } });
  return row ? toJob(row) : null;
}

export interface JobFilter {
  createdById?: string;
  kind?: string;
  status?: JobStatus[];
  /** default 20, at most 200 */
  limit?: number;
}

/** Newest first. */
export async function listJobs(filter: JobFilter = {}): Promise<JobDTO[]> {
  const rows = await getDb().job.findMany({
    where: { createdById: filter.createdById, kind: filter.kind, ...(filter.status ? { status: { in: filter.status } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(filter.limit ?? 20, 1), 200),
  });
  return rows.map(toJob);
}

/**
 * Cancels a queued job at once; asks a running one to stop (its worker sees the flag within a
 * heartbeat and records `cancelled`). A finished job is returned unchanged.
 */
export async function requestJobCancel(id: string, actorId: string | null): Promise<JobDTO> {
  const job = await getJob(id);
  if (!job) throw notFound("Job");
  const now = new Date();
  const changed = await inTransaction(async (tx) => {
    let what: "cancelled" | "requested" | null = null;
    const queued = await tx.job.updateMany({ where: { id, status: "queued" }, data: { status: "cancelled", finishedAt: now, cancelRequested: true } });
    if (queued.count === 1) what = "cancelled";
    else {
      const running = await tx.job.updateMany({ where: { id, status: "running", cancelRequested: false }, data: { cancelRequested: true } });
      if (running.count === 1) what = "requested";
    }
    if (what) await recordAudit({ actorId, action: "job.cancel", subjectType: "job", subjectId: id, details: { kind: job.kind, outcome: what } }, tx);
    return what;
  });
  void changed;
  return (await getJob(id))!;
}

const claimData = (workerId: string, now: Date) => ({
  status: "running",
  lockedBy: workerId,
  heartbeatAt: now,
  startedAt: now,
  cancelRequested: false,
  progressJson: "{}",
  error: "",
  attempts: { increment: 1 },
});

/** Claims the oldest queued job of one of `kinds` (SQLite: the table; PostgreSQL: pg-boss's next message). */
export async function claimNextJob(kinds: string[], workerId: string): Promise<JobDTO | null> {
  if (kinds.length === 0) return null;
  if (getDbProvider() === "postgresql") return claimNextPg(kinds, workerId);
  const db = getDb();
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = await db.job.findFirst({ where: { status: "queued", kind: { in: kinds } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
    if (!next) return null;
    // Compare-and-set: of two workers that saw the same row, one moves it.
    const claimed = await db.job.updateMany({ where: { id: next.id, status: "queued" }, data: claimData(workerId, new Date()) });
    if (claimed.count === 1) return getJob(next.id);
  }
  return null;
}

async function claimNextPg(kinds: string[], workerId: string): Promise<JobDTO | null> {
  const url = getDbUrl();
  const boss = await getPgBoss(url);
  for (const kind of kinds) {
    const queue = await ensureJobQueue(url, kind);
    // Messages of jobs that were cancelled (or finished) while queued are completed and skipped.
    for (let skipped = 0; skipped < 50; skipped++) {
      const outcome = await inTransaction(async (tx) => {
        const db = txExecutor(tx);
        const [message] = await boss.fetch<{ jobId?: string }>(queue, { batchSize: 1, db });
        if (!message) return { kind: "empty" as const };
        await boss.complete(queue, message.id, {}, { db });
        const jobId = typeof message.data?.jobId === "string" ? message.data.jobId : "";
        const claimed = jobId ? await tx.job.updateMany({ where: { id: jobId, status: "queued" }, data: claimData(workerId, new Date()) }) : { count: 0 };
        return claimed.count === 1 ? { kind: "claimed" as const, jobId } : { kind: "skip" as const };
      });
      if (outcome.kind === "empty") break;
      if (outcome.kind === "claimed") return getJob(outcome.jobId);
    }
  }
  return null;
}

const held = (id: string, workerId: string) => ({ id, status: "running", lockedBy: workerId });

export async function heartbeatJob(id: string, workerId: string, progress: JobProgress | null): Promise<{ owned: boolean; cancelRequested: boolean }> {
  const db = getDb();
  const r = await db.job.updateMany({ where: held(id, workerId), data: { heartbeatAt: new Date(), ...(progress ? { progressJson: JSON.stringify(progress) } : {}) } });
  if (r.count === 0) return { owned: false, cancelRequested: false };
  const row = await db.job.findUnique({ where: { id }, select: { cancelRequested: true } });
  return { owned: true, cancelRequested: row?.cancelRequested ?? false };
}

/** running → done | failed | cancelled while `workerId` holds the job; records job.finish in the audit log. */
export async function finishJob(id: string, workerId: string, outcome: JobOutcome, progress: JobProgress | null): Promise<boolean> {
  return inTransaction(async (tx) => {
    const r = await tx.job.updateMany({
      where: held(id, workerId),
      data: {
        status: outcome.status,
        finishedAt: new Date(),
        heartbeatAt: new Date(),
        ...(progress ? { progressJson: JSON.stringify(progress) } : {}),
        ...(outcome.status === "done" ? { resultJson: JSON.stringify(outcome.result) } : {}),
        error: outcome.status === "failed" ? outcome.error.slice(0, 1000) : outcome.status === "cancelled" ? (outcome.error ?? "") : "",
      },
    });
    if (r.count === 0) return false;
    const job = await tx.job.findUnique({ where: { id }, select: { kind: true, createdById: true } });
    const file = outcome.status === "done" ? outcome.result.file : undefined;
    await recordAudit(
      {
        actorId: job?.createdById ?? null,
        action: "job.finish",
        subjectType: "job",
        subjectId: id,
        details: { kind: job?.kind, status: outcome.status, ...(file ? { bytes: file.bytes, sha256: file.sha256 } : {}), ...(outcome.status === "failed" ? { error: outcome.error } : {}) },
      },
      tx,
    );
    return true;
  });
}

/** running → queued (the worker is stopping); the attempt is not counted. */
export async function releaseJob(id: string, workerId: string): Promise<boolean> {
  return inTransaction(async (tx) => {
    const row = await tx.job.findFirst({ where: held(id, workerId), select: { kind: true } });
    if (!row) return false;
    const r = await tx.job.updateMany({
      where: held(id, workerId),
      data: { status: "queued", lockedBy: null, heartbeatAt: null, startedAt: null, progressJson: "{}", attempts: { decrement: 1 } },
    });
    if (r.count === 0) return false;
    await dispatch(tx, row.kind, id);
    return true;
  });
}

/** Jobs whose worker stopped beating (its instance died): see JobStore.recoverStale. */
export async function recoverStaleJobs(staleBefore: Date, maxAttempts: number, staleSeconds: number): Promise<{ requeued: string[]; failed: string[]; cancelled: string[] }> {
  const out = { requeued: [] as string[], failed: [] as string[], cancelled: [] as string[] };
  const stale = await getDb().job.findMany({
    where: { status: "running", OR: [{ heartbeatAt: { lt: staleBefore } }, { heartbeatAt: null }] },
    select: { id: true, kind: true, lockedBy: true, attempts: true, cancelRequested: true, heartbeatAt: true },
    take: 100,
  });
  for (const job of stale) {
    if (!job.cancelRequested && job.attempts < maxAttempts) await prepareDispatch(job.kind);
    await inTransaction(async (tx) => {
      // Only if nothing changed since we looked (the worker may have come back or finished).
      const same = { id: job.id, status: "running", lockedBy: job.lockedBy, heartbeatAt: job.heartbeatAt };
      const now = new Date();
      if (job.cancelRequested) {
        const r = await tx.job.updateMany({ where: same, data: { status: "cancelled", finishedAt: now, error: "Cancelled (the instance running it stopped)" } });
        if (r.count === 1) out.cancelled.push(job.id);
      } else if (job.attempts < maxAttempts) {
        const r = await tx.job.updateMany({ where: same, data: { status: "queued", lockedBy: null, heartbeatAt: null, startedAt: null, progressJson: "{}" } });
        if (r.count === 1) {
          await dispatch(tx, job.kind, job.id);
          out.requeued.push(job.id);
        }
      } else {
        const error = `The app instance running this job stopped (no heartbeat for ${staleSeconds} s), ${job.attempts} time${job.attempts === 1 ? "" : "s"}; it was not retried again`;
        const r = await tx.job.updateMany({ where: same, data: { status: "failed", finishedAt: now, error } });
        if (r.count === 1) {
          out.failed.push(job.id);
          await recordAudit({ actorId: null, action: "job.finish", subjectType: "job", subjectId: job.id, details: { kind: job.kind, status: "failed", error } }, tx);
        }
      }
    });
  }
  return out;
}

/** status, finish time and heartbeat of the given jobs (the file clean-up's facts). */
export async function getJobFileFacts(ids: string[]): Promise<Map<string, { status: string; finishedAt: string | null; heartbeatAt: string | null }>> {
  const out = new Map<string, { status: string; finishedAt: string | null; heartbeatAt: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await getDb().job.findMany({ where: { id: { in: ids.slice(i, i + 500) } }, select: { id: true, status: true, finishedAt: true, heartbeatAt: true } });
    for (const r of rows) out.set(r.id, { status: r.status, finishedAt: iso(r.finishedAt), heartbeatAt: iso(r.heartbeatAt) });
  }
  return out;
}

/** Marks the output file of finished jobs as removed by the clean-up (result.file.expired). */
export async function markJobFilesExpired(ids: string[]): Promise<void> {
  const db = getDb();
  for (const id of ids) {
    const row = await db.job.findUnique({ where: { id }, select: { resultJson: true } });
    if (!row) continue;
    const result = parseJsonObject(row.resultJson) as JobResult;
    if (!result.file || result.file.expired) continue;
    await db.job.updateMany({ where: { id, resultJson: row.resultJson }, data: { resultJson: JSON.stringify({ ...result, file: { ...result.file, expired: true } }) } });
  }
}

/** lib/jobs' JobStore over this module. */
export const dbJobStore: JobStore = {
  claimNext: claimNextJob,
  heartbeat: heartbeatJob,
  finish: finishJob,
  release: releaseJob,
  recoverStale: recoverStaleJobs,
};
