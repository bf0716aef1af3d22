// The export job kind against the demo pool on SQLite and PostgreSQL: the job's zip (and the CLI's,
// `promptpool export --release`) is the streamed download's zip byte for byte, with progress and
// the file's SHA-256; a cancelled export job leaves no file; an unknown release fails with its reason.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDatabase } from "../../prisma/seed";
import { describeDb } from "../db/testing/harness";
import { makeUser } from "../db/testing/fixtures";
import { claimNextJob, createJob, dbJobStore, finishJob, getDb, getJob, openExportStream, publishRelease, requestJobCancel } from "../db";
import { cleanUpJobFiles, jobFilePathOf, jobFilesDir } from ".";
import { listAuditEvents } from "../db/audit";
import { registerJobHandler } from "./registry";
import { exportJobKind } from "./export-job";
import { runJob } from "./runner";

registerJobHandler("export", exportJobKind);

describeDb("export jobs", (db) => {
  let adminId: string;
  let filesDir: string;
  beforeAll(async () => {
    await seedDatabase({ demo: false });
    adminId = (await makeUser("admin")).id;
    filesDir = mkdtempSync(path.join(os.tmpdir(), "promptpool-export-jobs-"));
  });
  afterAll(() => rmSync(filesDir, { recursive: true, force: true }));

  async function drain() {
    for (let j = await claimNextJob(["export"], "drain"); j; j = await claimNextJob(["export"], "drain")) await finishJob(j.id, "drain", { status: "cancelled" }, null);
  }

  it("writes the same zip as the streamed download, with records and bytes, size and SHA-256", async () => {
    await drain();
    await publishRelease({ name: "r-jobs", notes: "", seedBase: 7 }, adminId);
    const job = await createJob({ kind: "export", params: { format: "p3", release: "r-jobs" }, createdById: adminId });
    const claimed = (await claimNextJob(["export"], "w"))!;
    expect(await runJob(claimed, { store: dbJobStore, workerId: "w", filesDir, heartbeatMs: 20 })).toBe("done");

    const done = (await getJob(job.id))!;
    const bytes = readFileSync(path.join(filesDir, `${job.id}.zip`));
    const streamed = Buffer.from(await new Response((await openExportStream("r-jobs", "p3")).stream).arrayBuffer());
    expect(bytes.equals(streamed)).toBe(true);
    expect(done.result).toMatchObject({
      format: "p3",
      release: "r-jobs",
      file: { name: "promptpool-r-jobs-p3.zip", contentType: "application/zip", bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") },
    });
    expect(done.progress.records).toBeGreaterThan(0);
    expect(done.progress.bytes).toBe(bytes.length);
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(bytes)["manifest.json"]));
    expect(manifest).toMatchObject({ format: "p3", release: "r-jobs", seed_base: 7 });
    // the total shown while it ran ("N of M records") is the renders the export made
    expect(done.progress.totalRecords).toBe(manifest.totals.rendered);
    expect(done.progress.records).toBe(manifest.totals.rendered);
    expect((await openExportStream("r-jobs", "p3")).plannedRenders).toBe(manifest.totals.rendered);
    expect((await openExportStream("r-jobs", "promptsource")).plannedRenders).toBeNull();
    const finish = (await listAuditEvents({ subjectType: "job", subjectId: job.id })).find((e) => e.action === "job.finish");
    expect(finish?.details).toMatchObject({ kind: "export", status: "done", bytes: bytes.length });
  });

  it("promptpool export --release writes the streamed download's zip, through the real binary", async () => {
    await publishRelease({ name: "r-cli", notes: "", seedBase: 3 }, adminId);
    const out = path.join(filesDir, "cli", "r-cli.zip");
    const bin = path.join(__dirname, "../../bin/promptpool.mjs");
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "export", "--release", "r-cli", "--format", "p3", "--out", out], {
      env: { ...process.env, DATABASE_URL: db.url },
    });
    const streamed = Buffer.from(await new Response((await openExportStream("r-cli", "p3")).stream).arrayBuffer());
    expect(readFileSync(out).equals(streamed)).toBe(true);
    expect(stdout).toContain(`${streamed.length} bytes to ${out}`);
  });

  it("a cancelled export job ends cancelled and leaves no file", async () => {
    await drain();
    const job = await createJob({ kind: "export", params: { format: "p3", release: null }, createdById: adminId });
    const claimed = (await claimNextJob(["export"], "w"))!;
    await requestJobCancel(job.id, adminId);
    expect(await runJob(claimed, { store: dbJobStore, workerId: "w", filesDir, heartbeatMs: 5 })).toBe("cancelled");
    expect((await getJob(job.id))!.status).toBe("cancelled");
    expect(readdirSync(filesDir).filter((n) => n.startsWith(job.id))).toEqual([]);
    expect(existsSync(path.join(filesDir, `${job.id}.zip`))).toBe(false);
  });

  it("an unknown release fails with its reason", async () => {
    await drain();
    const job = await createJob({ kind: "export", params: { format: "xp3", release: "no-such" }, createdById: adminId });
    expect(await runJob((await claimNextJob(["export"], "w"))!, { store: dbJobStore, workerId: "w", filesDir })).toBe("failed");
    expect((await getJob(job.id))!.error).toBe("Release no-such not found");
    expect(readdirSync(filesDir).filter((n) => n.startsWith(job.id))).toEqual([]);
  });

  it("the clean-up removes files of jobs finished longer ago than the max age; the job shows the file expired", async () => {
    const hour = 3_600_000;
    const doneJob = async (finishedHoursAgo: number) => {
      const job = await createJob({ kind: "export", params: { format: "p3", release: null }, createdById: adminId });
      await getDb().job.update({ where: { id: job.id }, data: { status: "running", lockedBy: "t" } });
      await finishJob(job.id, "t", { status: "done", result: { file: { name: "x.zip", contentType: "application/zip", bytes: 3, sha256: "x" } } }, null);
      await getDb().job.update({ where: { id: job.id }, data: { finishedAt: new Date(Date.now() - finishedHoursAgo * hour) } });
      mkdirSync(jobFilesDir(), { recursive: true });
      const file = path.join(jobFilesDir(), `${job.id}.zip`);
      writeFileSync(file, "zip");
      const old = new Date(Date.now() - finishedHoursAgo * hour);
      utimesSync(file, old, old);
      return { id: job.id, file };
    };
    const old = await doneJob(200);
    const recent = await doneJob(2);
    expect(jobFilePathOf((await getJob(old.id))!)).toBe(old.file);
    const r = await cleanUpJobFiles();
    expect(r.removed).toBeGreaterThanOrEqual(1);
    expect(existsSync(old.file)).toBe(false);
    expect(existsSync(recent.file)).toBe(true);
    const expired = (await getJob(old.id))!;
    expect(expired.result.file).toMatchObject({ expired: true, bytes: 3 });
    expect(jobFilePathOf(expired)).toBeNull();
    expect((await getJob(recent.id))!.result.file?.expired).toBeUndefined();
  });
});
