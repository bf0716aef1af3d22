// An in-memory JobStore with the same rules as lib/db/jobs.ts (compare-and-set on status and
// lockedBy), for the runner and worker unit tests.
import { randomUUID } from "node:crypto";
import type { JobOutcome, JobStore } from "../store";
import type { JobDTO, JobProgress } from "../types";

export class MemoryJobStore implements JobStore {
  jobs = new Map<string, JobDTO>();
  heartbeats = 0;

  add(kind: string, params: Record<string, unknown> = {}): JobDTO {
    const job: JobDTO = {
      id: randomUUID(),
      kind,
      status: "queued",
      params,
      progress: {},
      result: {},
      error: "",
      cancelRequested: false,
      attempts: 0,
      createdById: "u1",
      lockedBy: null,
      heartbeatAt: null,
      createdAt: new Date(Date.now() + this.jobs.size).toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  get(id: string): JobDTO {
    return this.jobs.get(id)!;
  }

  async claimNext(kinds: string[], workerId: string): Promise<JobDTO | null> {
    const next = [...this.jobs.values()].filter((j) => j.status === "queued" && kinds.includes(j.kind)).sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!next) return null;
    const now = new Date().toISOString();
    Object.assign(next, { status: "running", lockedBy: workerId, heartbeatAt: now, startedAt: now, attempts: next.attempts + 1, progress: {} });
    return { ...next };
  }

  private held(id: string, workerId: string): JobDTO | null {
    const j = this.jobs.get(id);
    return j && j.status === "running" && j.lockedBy === workerId ? j : null;
  }

  async heartbeat(id: string, workerId: string, progress: JobProgress | null) {
    this.heartbeats++;
    const j = this.held(id, workerId);
    if (!j) return { owned: false, cancelRequested: false };
    j.heartbeatAt = new Date().toISOString();
    if (progress) j.progress = { ...progress };
    return { owned: true, cancelRequested: j.cancelRequested };
  }

  async finish(id: string, workerId: string, outcome: JobOutcome, progress: JobProgress | null) {
    const j = this.held(id, workerId);
    if (!j) return false;
    j.status = outcome.status;
    j.finishedAt = new Date().toISOString();
    if (progress) j.progress = { ...progress };
    if (outcome.status === "done") j.result = outcome.result;
    if (outcome.status === "failed") j.error = outcome.error;
    return true;
  }

  async release(id: string, workerId: string) {
    const j = this.held(id, workerId);
    if (!j) return false;
    Object.assign(j, { status: "queued", lockedBy: null, heartbeatAt: null, attempts: j.attempts - 1 });
    return true;
  }

  async recoverStale(staleBefore: Date, maxAttempts: number) {
    const out = { requeued: [] as string[], failed: [] as string[], cancelled: [] as string[] };
    for (const j of this.jobs.values()) {
      if (j.status !== "running" || (j.heartbeatAt && Date.parse(j.heartbeatAt) >= staleBefore.getTime())) continue;
      if (j.attempts < maxAttempts) {
        Object.assign(j, { status: "queued", lockedBy: null });
        out.requeued.push(j.id);
      } else {
        Object.assign(j, { status: "failed", error: "stale" });
        out.failed.push(j.id);
      }
    }
    return out;
  }
}
