// The job queue on SQLite and PostgreSQL (pg-boss dispatch): claim by compare-and-set, one winner
// of two claims, progress through the heartbeat, cancel of queued and running jobs, a dead
// instance's job re-queued once then failed, release on shutdown, and the runner end to end
// (output renamed when done, removed when cancelled).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { describeDb } from "./testing/harness";
import { makeUser } from "./testing/fixtures";
import { getDb } from "./client";
import { listAuditEvents } from "./audit";
import {
  claimNextJob,
  createJob,
  dbJobStore,
  finishJob,
  getJob,
  heartbeatJob,
  listJobs,
  recoverStaleJobs,
  releaseJob,
  requestJobCancel,
} from "./jobs";
import { registerJobHandler, unregisterJobHandler } from "../jobs/registry";
import { runJob } from "../jobs/runner";
import { startJobWorker } from "../jobs/worker";

const KIND = "test_job";

async function drain(kinds: string[]) {
  // leave no queued job of earlier tests behind
  for (;;) {
    const j = await claimNextJob(kinds, "drainer");
    if (!j) return;
    await finishJob(j.id, "drainer", { status: "cancelled" }, null);
  }
}

/** PostgreSQL: the states of the pg-boss messages that dispatched `jobId`. */
async function messageStates(jobId: string): Promise<string[]> {
  const rows = await getDb().$queryRawUnsafe<{ state: string }[]>(`SELECT state::text AS state FROM pgboss.job WHERE data->>'jobId' = $1 ORDER BY created_on`, jobId);
  return rows.map((r) => r.state);
}

describeDb("background jobs", (db) => {
  let userId: string;
  let filesDir: string;
  beforeAll(async () => {
    userId = (await makeUser("contributor")).id;
    filesDir = mkdtempSync(path.join(os.tmpdir(), "promptpool-jobs-"));
  });
  afterAll(() => rmSync(filesDir, { recursive: true, force: true }));

  it("claims the oldest queued job once, by compare-and-set; a second claim finds nothing", async () => {
    await drain([KIND]);
    const a = await createJob({ kind: KIND, params: { n: 1 }, createdById: userId });
    const b = await createJob({ kind: KIND, params: { n: 2 }, createdById: userId });
    expect(a).toMatchObject({ status: "queued", attempts: 0, params: { n: 1 }, createdById: userId, lockedBy: null });

    if (db.provider === "postgresql") expect(await messageStates(a.id)).toEqual(["created"]);
    const first = await claimNextJob([KIND], "worker-a");
    expect(first).toMatchObject({ id: a.id, status: "running", lockedBy: "worker-a", attempts: 1 });
    // PostgreSQL: the message was fetched and completed in the claim's transaction
    if (db.provider === "postgresql") expect(await messageStates(a.id)).toEqual(["completed"]);
    expect(first!.heartbeatAt).not.toBeNull();
    const second = await claimNextJob([KIND], "worker-b");
    expect(second).toMatchObject({ id: b.id, lockedBy: "worker-b" });
    expect(await claimNextJob([KIND], "worker-c")).toBeNull();
    // other kinds are not claimed
    await createJob({ kind: "other_kind", params: {}, createdById: null });
    expect(await claimNextJob([KIND], "worker-c")).toBeNull();
    await drain(["other_kind"]);

    const mine = await listJobs({ createdById: userId, kind: KIND });
    expect(mine.map((j) => j.id).slice(0, 2)).toEqual([b.id, a.id]);
    const audit = await listAuditEvents({ subjectType: "job", subjectId: a.id });
    expect(audit.map((e) => e.action)).toEqual(["job.create"]);
    await finishJob(a.id, "worker-a", { status: "done", result: {} }, null);
    await finishJob(b.id, "worker-b", { status: "done", result: {} }, null);
  });

  it("of two workers claiming one job at the same moment, exactly one gets it", async () => {
    await drain([KIND]);
    const job = await createJob({ kind: KIND, params: {}, createdById: userId });
    const claims = await Promise.all(["w1", "w2", "w3"].map((w) => claimNextJob([KIND], w)));
    const winners = claims.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.id).toBe(job.id);
    expect((await getJob(job.id))!.lockedBy).toBe(winners[0]!.lockedBy);
    await finishJob(job.id, winners[0]!.lockedBy!, { status: "done", result: {} }, null);
  });

  it("stores progress with the heartbeat; only the holder may beat or finish", async () => {
    await drain([KIND]);
    const job = await createJob({ kind: KIND, params: {}, createdById: userId });
    await claimNextJob([KIND], "holder");
    expect(await heartbeatJob(job.id, "holder", { records: 10, bytes: 2048 })).toEqual({ owned: true, cancelRequested: false });
    expect((await getJob(job.id))!.progress).toEqual({ records: 10, bytes: 2048 });
    expect(await heartbeatJob(job.id, "intruder", { records: 99 })).toEqual({ owned: false, cancelRequested: false });
    expect(await finishJob(job.id, "intruder", { status: "failed", error: "no" }, null)).toBe(false);
    expect(await finishJob(job.id, "holder", { status: "done", result: { file: { name: "x.zip", contentType: "application/zip", bytes: 3, sha256: "abc" } } }, { records: 12, bytes: 4096 })).toBe(true);
    const done = (await getJob(job.id))!;
    expect(done).toMatchObject({ status: "done", progress: { records: 12, bytes: 4096 }, result: { file: { bytes: 3 } } });
    expect(done.finishedAt).not.toBeNull();
    // finished is final
    expect(await finishJob(job.id, "holder", { status: "failed", error: "late" }, null)).toBe(false);
    const audit = await listAuditEvents({ subjectType: "job", subjectId: job.id });
    expect(audit.find((e) => e.action === "job.finish")?.details).toMatchObject({ status: "done", bytes: 3, sha256: "abc" });
  });

  it("cancels a queued job at once (it is never claimed) and asks a running one to stop", async () => {
    await drain([KIND]);
    const queued = await createJob({ kind: KIND, params: {}, createdById: userId });
    expect(await requestJobCancel(queued.id, userId)).toMatchObject({ status: "cancelled" });
    expect(await claimNextJob([KIND], "w")).toBeNull();

    const running = await createJob({ kind: KIND, params: {}, createdById: userId });
    await claimNextJob([KIND], "w");
    expect(await requestJobCancel(running.id, userId)).toMatchObject({ status: "running", cancelRequested: true });
    expect(await heartbeatJob(running.id, "w", null)).toEqual({ owned: true, cancelRequested: true });
    await finishJob(running.id, "w", { status: "cancelled" }, null);
    expect(await requestJobCancel(running.id, userId)).toMatchObject({ status: "cancelled" });
    await expect(requestJobCancel("00000000-0000-4000-8000-000000000000", userId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const actions = (await listAuditEvents({ subjectType: "job", subjectId: running.id })).map((e) => e.action).sort();
    expect(actions).toEqual(["job.cancel", "job.create", "job.finish"]);
  });

  it("re-queues a job whose instance died (stale heartbeat) once, then fails it with a clear message", async () => {
    await drain([KIND]);
    const job = await createJob({ kind: KIND, params: {}, createdById: userId });
    await claimNextJob([KIND], "dead-1");
    const old = new Date(Date.now() - 10 * 60_000);
    await getDb().job.update({ where: { id: job.id }, data: { heartbeatAt: old } });
    // a fresh heartbeat elsewhere is not touched
    const alive = await createJob({ kind: KIND, params: {}, createdById: userId });
    await claimNextJob([KIND], "alive");

    const staleBefore = new Date(Date.now() - 60_000);
    expect(await recoverStaleJobs(staleBefore, 2, 60)).toEqual({ requeued: [job.id], failed: [], cancelled: [] });
    expect(await getJob(job.id)).toMatchObject({ status: "queued", lockedBy: null, attempts: 1 });
    // PostgreSQL: a new message dispatches the re-queued job
    if (db.provider === "postgresql") expect(await messageStates(job.id)).toEqual(["completed", "created"]);
    // the dead worker, should it come back, no longer owns it
    expect(await heartbeatJob(job.id, "dead-1", null)).toMatchObject({ owned: false });

    expect(await claimNextJob([KIND], "dead-2")).toMatchObject({ id: job.id, attempts: 2 });
    await getDb().job.update({ where: { id: job.id }, data: { heartbeatAt: old } });
    expect(await recoverStaleJobs(new Date(Date.now() - 60_000), 2, 60)).toEqual({ requeued: [], failed: [job.id], cancelled: [] });
    const failed = (await getJob(job.id))!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/instance running this job stopped \(no heartbeat for 60 s\), 2 times/);
    expect((await getJob(alive.id))!.status).toBe("running");
    await finishJob(alive.id, "alive", { status: "done", result: {} }, null);
  });

  it("a stale job with a pending cancel ends cancelled", async () => {
    await drain([KIND]);
    const job = await createJob({ kind: KIND, params: {}, createdById: userId });
    await claimNextJob([KIND], "dead");
    await requestJobCancel(job.id, userId);
    await getDb().job.update({ where: { id: job.id }, data: { heartbeatAt: new Date(Date.now() - 10 * 60_000) } });
    expect((await recoverStaleJobs(new Date(Date.now() - 60_000), 2, 60)).cancelled).toEqual([job.id]);
    expect((await getJob(job.id))!.status).toBe("cancelled");
  });

  it("release puts a running job back in the queue without counting the attempt", async () => {
    await drain([KIND]);
    const job = await createJob({ kind: KIND, params: {}, createdById: userId });
    await claimNextJob([KIND], "stopping");
    expect(await releaseJob(job.id, "other")).toBe(false);
    expect(await releaseJob(job.id, "stopping")).toBe(true);
    expect(await getJob(job.id)).toMatchObject({ status: "queued", attempts: 0, lockedBy: null });
    expect(await claimNextJob([KIND], "next")).toMatchObject({ id: job.id, attempts: 1 });
    await finishJob(job.id, "next", { status: "done", result: {} }, null);
  });

  describe("runner and worker", () => {
    const RUN_KIND = "test_run";
    const SLOW_KIND = "test_slow";
    beforeAll(() => {
      registerJobHandler(RUN_KIND, {
        params: z.object({ text: z.string() }),
        output: { extension: "txt", contentType: "text/plain", fileName: () => "out.txt" },
        async run({ params, reportProgress, output }) {
          async function* chunks() {
            for (let i = 0; i < 3; i++) {
              reportProgress({ records: i + 1, bytes: (i + 1) * params.text.length });
              yield new TextEncoder().encode(params.text);
            }
          }
          await output!.write(chunks());
          return { lines: 3 };
        },
      });
      registerJobHandler(SLOW_KIND, {
        params: z.object({}),
        output: { extension: "txt", contentType: "text/plain", fileName: () => "slow.txt" },
        async run({ signal, reportProgress, output }) {
          let n = 0;
          async function* forever() {
            for (;;) {
              if (signal.aborted) throw signal.reason;
              n++;
              reportProgress({ records: n, bytes: n });
              yield new Uint8Array([65]);
              await new Promise((r) => setTimeout(r, 20));
            }
          }
          await output!.write(forever());
        },
      });
    });
    afterAll(() => {
      unregisterJobHandler(RUN_KIND);
      unregisterJobHandler(SLOW_KIND);
    });

    it("runs a job: progress, the file renamed into place with its size and SHA-256", async () => {
      await drain([RUN_KIND, SLOW_KIND]);
      const job = await createJob({ kind: RUN_KIND, params: { text: "hello\n" }, createdById: userId });
      const claimed = (await claimNextJob([RUN_KIND], "runner"))!;
      expect(await runJob(claimed, { store: dbJobStore, workerId: "runner", filesDir, heartbeatMs: 50 })).toBe("done");
      const done = (await getJob(job.id))!;
      const bytes = readFileSync(path.join(filesDir, `${job.id}.txt`));
      expect(bytes.toString()).toBe("hello\nhello\nhello\n");
      expect(done.result).toEqual({ lines: 3, file: { name: "out.txt", contentType: "text/plain", bytes: 18, sha256: createHash("sha256").update(bytes).digest("hex") } });
      expect(done.progress).toEqual({ records: 3, bytes: 18 });
      expect(readdirSync(filesDir).filter((n) => n.startsWith(job.id))).toEqual([`${job.id}.txt`]);
    });

    it("a job with invalid params fails with the reason", async () => {
      await drain([RUN_KIND, SLOW_KIND]);
      const job = await createJob({ kind: RUN_KIND, params: { text: 5 }, createdById: userId });
      const claimed = (await claimNextJob([RUN_KIND], "runner"))!;
      expect(await runJob(claimed, { store: dbJobStore, workerId: "runner", filesDir })).toBe("failed");
      expect((await getJob(job.id))!.error).toMatch(/^Invalid job parameters/);
    });

    it("the worker loop runs queued jobs; a cancelled running job stops and leaves no file", async () => {
      await drain([RUN_KIND, SLOW_KIND]);
      const finished: string[] = [];
      const worker = startJobWorker({ store: dbJobStore, workerId: "loop", kinds: () => [RUN_KIND, SLOW_KIND], filesDir, pollMs: 50, heartbeatMs: 50, onJobDone: (id, r) => finished.push(`${id}:${r}`) });
      try {
        const slow = await createJob({ kind: SLOW_KIND, params: {}, createdById: userId });
        worker.wake();
        await waitFor(async () => ((await getJob(slow.id))!.progress.records ?? 0) >= 3);
        expect(readdirSync(filesDir).some((n) => n.startsWith(slow.id) && n.endsWith(".partial"))).toBe(true);
        await requestJobCancel(slow.id, userId);
        await waitFor(async () => (await getJob(slow.id))!.status === "cancelled");
        expect(readdirSync(filesDir).filter((n) => n.startsWith(slow.id))).toEqual([]);
        const after = await createJob({ kind: RUN_KIND, params: { text: "x" }, createdById: userId });
        worker.wake();
        await waitFor(async () => (await getJob(after.id))!.status === "done");
        expect(existsSync(path.join(filesDir, `${after.id}.txt`))).toBe(true);
        expect(finished).toEqual([`${slow.id}:cancelled`, `${after.id}:done`]);
      } finally {
        await worker.stop();
      }
    });

    it("stopping the worker puts its running job back in the queue and removes the partial file", async () => {
      await drain([RUN_KIND, SLOW_KIND]);
      const worker = startJobWorker({ store: dbJobStore, workerId: "shutdown", kinds: () => [SLOW_KIND], filesDir, pollMs: 50, heartbeatMs: 50 });
      const slow = await createJob({ kind: SLOW_KIND, params: {}, createdById: userId });
      worker.wake();
      await waitFor(async () => ((await getJob(slow.id))!.progress.records ?? 0) >= 2);
      await worker.stop();
      expect(await getJob(slow.id)).toMatchObject({ status: "queued", attempts: 0 });
      expect(readdirSync(filesDir).filter((n) => n.startsWith(slow.id))).toEqual([]);
      await drain([SLOW_KIND]);
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
