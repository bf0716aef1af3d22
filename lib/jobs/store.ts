/**
 * What the runner and the worker need from the queue. lib/db/jobs.ts implements it on SQLite (the
 * Job table is the queue) and PostgreSQL (pg-boss dispatches, the Job row stays the record); the
 * unit tests use an in-memory one.
 */
import type { JobDTO, JobProgress, JobResult } from "./types";

export type JobOutcome = { status: "done"; result: JobResult } | { status: "failed"; error: string } | { status: "cancelled"; error?: string };

export interface JobStore {
  /** Claims the oldest queued job of one of `kinds` for `workerId` (queued → running, attempts + 1), or null. */
  claimNext(kinds: string[], workerId: string): Promise<JobDTO | null>;
  /**
   * Proves the worker is alive (heartbeatAt = now) and stores the progress when given. `owned` is
   * false when the job is no longer running under this worker (re-queued as stale, or finished).
   */
  heartbeat(jobId: string, workerId: string, progress: JobProgress | null): Promise<{ owned: boolean; cancelRequested: boolean }>;
  /** running → done | failed | cancelled, only while `workerId` holds it; false when it did not. */
  finish(jobId: string, workerId: string, outcome: JobOutcome, progress: JobProgress | null): Promise<boolean>;
  /** running → queued again (graceful shutdown); the attempt does not count. */
  release(jobId: string, workerId: string): Promise<boolean>;
  /**
   * Running jobs whose heartbeat is older than `staleBefore` (their instance died): re-queued while
   * attempts < maxAttempts, otherwise failed with a message; cancelled when a cancel was pending.
   */
  recoverStale(staleBefore: Date, maxAttempts: number, staleSeconds: number): Promise<{ requeued: string[]; failed: string[]; cancelled: string[] }>;
}
