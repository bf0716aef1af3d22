import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDatabase } from "../../prisma/seed";
import { claimNextJob, createJob, dbJobStore, getJob } from "../db/jobs";
import { writeReleaseMixture } from "../db/mixtures";
import { publishRelease } from "../db/releases";
import { describeDb } from "../db/testing/harness";
import { makeUser } from "../db/testing/fixtures";
import { MixtureCancelled, mixtureManifestText } from "../mixture/build";
import { mixPreset } from "../mixture/presets";
import { mixtureRequestSchema } from "../mixture/request";
import { mixtureFileName, mixtureJobKind } from "./mixture-job";
import { registerJobHandler, unregisterJobHandler } from "./registry";
import { runJob } from "./runner";

describeDb("mixture job", (db) => {
  let filesDir: string;
  let userId: string;
  beforeAll(async () => {
    filesDir = mkdtempSync(path.join(os.tmpdir(), "promptpool-mixture-job-"));
    await seedDatabase({ demo: false });
    userId = (await makeUser("contributor")).id;
    await publishRelease({ name: "demo" }, (await makeUser("admin")).id);
    registerJobHandler("mixture", mixtureJobKind);
  });
  afterAll(() => {
    unregisterJobHandler("mixture");
    rmSync(filesDir, { recursive: true, force: true });
  });

  it("writes the FLAN-style mixture of the release as the job's JSONL, with the manifest in its result", async () => {
    const request = { release: "demo", params: mixPreset("flan").params };
    const job = await createJob({ kind: "mixture", params: request, createdById: userId });
    const claimed = (await claimNextJob(["mixture"], "w1"))!;
    expect(claimed.id).toBe(job.id);
    expect(await runJob(claimed, { store: dbJobStore, workerId: "w1", filesDir, heartbeatMs: 50 })).toBe("done");
    const done = (await getJob(job.id))!;
    const file = readFileSync(path.join(filesDir, `${job.id}.jsonl`));
    const name = mixtureFileName(mixtureRequestSchema.parse(request));
    expect(name).toMatch(/^mixture-demo-[0-9a-f]{8}\.jsonl$/);
    expect(done.result.file).toMatchObject({ name, contentType: "application/x-ndjson; charset=utf-8", bytes: file.length });
    const manifest = done.result.manifest as { file: { name: string; sha256: string; bytes: number }; written: { records: number } };
    expect(manifest.file).toEqual({ name, bytes: file.length, sha256: done.result.file!.sha256 });
    expect(done.result).toMatchObject({ release: "demo", planned: 132, records: manifest.written.records });
    expect(done.progress).toMatchObject({ records: manifest.written.records, totalRecords: 132, message: "Done" });
    // nothing but the file is left in the folder (no partial, no manifest file)
    expect(readdirSync(filesDir)).toEqual([`${job.id}.jsonl`]);

    // The same request outside the job gives the same bytes and manifest.
    const again = path.join(filesDir, "again.jsonl");
    const direct = await writeReleaseMixture(request, again, { manifestPath: false, fileName: name });
    expect(readFileSync(again).equals(file)).toBe(true);
    expect(mixtureManifestText(direct.manifest)).toBe(mixtureManifestText(done.result.manifest as typeof direct.manifest));
    rmSync(again);
  });

  it("a job whose plan is impossible fails with the plan's message", async () => {
    const job = await createJob({ kind: "mixture", params: { release: "demo", params: { fewShotRatio: 1, k: 50 } }, createdById: userId });
    const claimed = (await claimNextJob(["mixture"], "w2"))!;
    expect(await runJob(claimed, { store: dbJobStore, workerId: "w2", filesDir, heartbeatMs: 50 })).toBe("failed");
    expect((await getJob(job.id))!.error).toMatch(/k = 50 exemplars need at least 51 rows/);
    expect(existsSync(path.join(filesDir, `${job.id}.jsonl`))).toBe(false);
  });

  it("a cancelled build stops and leaves no file", async () => {
    const out = path.join(filesDir, `cancelled-${db.provider}.jsonl`);
    const controller = new AbortController();
    controller.abort(new MixtureCancelled());
    await expect(writeReleaseMixture({ release: "demo" }, out, { signal: controller.signal })).rejects.toBeInstanceOf(MixtureCancelled);
    expect(readdirSync(filesDir).filter((f) => f.startsWith("cancelled"))).toEqual([]);
  });
});
