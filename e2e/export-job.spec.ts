import crypto from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import pg from "pg";
import { appEnv, prepareDatabase, startApp, stopApp, type AppServer } from "./app-server";
import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

test("an admin runs a background export, reloads, sees it finish with records and bytes, and downloads the zip", async ({ page, request }) => {
  await signIn(page, DEMO.admin, DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await page.goto("/export");
  const jobs = page.getByRole("region", { name: "Run in background" });
  await expect(jobs.getByText("No background exports yet.")).toBeVisible();

  await jobs.getByRole("button", { name: "Run in background: P3 (JSONL per template and split)" }).click();
  const table = jobs.getByRole("table", { name: "Your export jobs" });
  await expect(table.getByRole("row")).toHaveCount(2);
  const row = table.getByRole("row").nth(1);
  await expect(row).toContainText("current pool");
  const jobId = await row.getAttribute("data-job-id");
  expect(jobId).toMatch(/^[0-9a-f-]{36}$/);

  // The job lives in the database, not in the page: after a reload it is still listed and finishes.
  await page.reload();
  const again = page.getByRole("region", { name: "Run in background" }).locator(`tr[data-job-id="${jobId}"]`);
  await expect(again).toBeVisible();
  await expect(again.getByRole("status")).toHaveAccessibleName("Job status: Done", { timeout: 30_000 });
  const progress = (await again.locator("td").nth(2).innerText()).replace(/,(?=\d)/g, "");
  // "N of M records (100%)": the total is known before the export starts (lib/export/planned-renders.ts)
  const [, records, total, percent] = /^(\d+) of (\d+) records \((\d+)%\), ([\d.]+ (?:bytes|KB|MB))$/.exec(progress) ?? [];
  expect(Number(records)).toBeGreaterThan(0);
  expect(Number(total)).toBe(Number(records));
  expect(percent).toBe("100");
  await screenshot(page, "export-jobs");

  const downloading = page.waitForEvent("download");
  await again.getByRole("link", { name: "Download promptpool-pool-p3.zip" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("promptpool-pool-p3.zip");
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"]));
  expect(manifest).toMatchObject({ format: "p3", release: null, totals: { rendered: Number(total) } });
  // every file the manifest lists is in the zip, and the P3 folders hold JSONL records
  for (const f of manifest.files as { path: string }[]) expect(Object.keys(files)).toContain(f.path);
  const jsonl = Object.keys(files).filter((p) => p.endsWith(".jsonl"));
  expect(jsonl.length).toBeGreaterThan(0);
  expect(JSON.parse(new TextDecoder().decode(files[jsonl[0]]).split("\n")[0])).toEqual(expect.objectContaining({ inputs_pretokenized: expect.any(String), targets_pretokenized: expect.any(String) }));

  // The job's status is private: the API answers its creator (and admins), not an anonymous caller.
  const mine = await page.request.get(`/api/jobs/${jobId}`);
  expect(mine.status()).toBe(200);
  expect(await mine.json()).toMatchObject({ id: jobId, status: "done", result: { file: { name: "promptpool-pool-p3.zip" } } });
  expect((await request.get(`/api/jobs/${jobId}/download`)).status()).toBe(401);
  expect((await request.get(`/api/jobs/${jobId}`)).status()).toBe(401);
});

test("the streamed download shows records as well as bytes", async ({ page }) => {
  await page.goto("/export");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "xP3", exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("promptpool-pool-xp3.zip");
  await expect(page.getByText(/Downloaded [\d.]+ (bytes|KB|MB) \([\d,]+ records\)/)).toBeVisible();
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  expect(JSON.parse(new TextDecoder().decode(files["manifest.json"]))).toMatchObject({ format: "xp3" });
  // signed out: a background export needs an account
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
});

/**
 * Issue 9: any instance can run a job. Two instances share one PostgreSQL database (pg-boss
 * dispatches) and one job files folder; A runs no worker (PROMPTPOOL_JOBS_WORKER=0), so the export
 * queued through A is run by B, and A serves its download.
 */
test.describe("background exports on PostgreSQL across two instances", () => {
  test.describe.configure({ timeout: 180_000 });
  const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const PORT_A = Number(process.env.E2E_PORT_JOBS_A ?? 3105);
  const PORT_B = Number(process.env.E2E_PORT_JOBS_B ?? 3106);
  const dbName = `promptpool_e2e_jobs_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  const servers: AppServer[] = [];
  let filesDir = "";

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await admin(`CREATE DATABASE "${dbName}"`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${dbName}`;
    filesDir = mkdtempSync(path.join(os.tmpdir(), "promptpool-e2e-jobs-"));
    const env = appEnv({ DATABASE_URL: u.toString(), PROMPTPOOL_DEMO: "1", PROMPTPOOL_DATA_DIR: filesDir, PROMPTPOOL_JOB_FILES_DIR: path.join(filesDir, "exports") });
    prepareDatabase(env);
    // A also treats every data export as large: its download buttons start background jobs
    servers.push(...(await Promise.all([startApp(PORT_A, { ...env, PROMPTPOOL_JOBS_WORKER: "0", PROMPTPOOL_BACKGROUND_EXPORT_RENDERS: "1" }), startApp(PORT_B, env)])));
  });

  test.afterAll(async () => {
    await Promise.all(servers.map(stopApp));
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  test("an export queued on an instance without a worker is run by the other one and downloads from the first", async ({ page }) => {
    const [a, b] = servers;
    await signIn(page, DEMO.contributor, DEMO_PASSWORD, a.url);
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    const started = await page.request.post(`${a.url}/api/exports/jobs`, { data: { format: "xp3" } });
    expect(started.status()).toBe(201);
    const { id } = (await started.json()) as { id: string };

    await expect
      .poll(async () => ((await (await page.request.get(`${a.url}/api/jobs/${id}`)).json()) as { status: string }).status, { timeout: 60_000 })
      .toBe("done");
    // B's worker ran it (A has none)
    expect(b.logs.join("")).toContain(`"msg":"job started","jobId":"${id}"`);
    expect(a.logs.join("")).not.toContain(`"jobId":"${id}"`);

    const download = await page.request.get(`${a.url}/api/jobs/${id}/download`);
    expect(download.status()).toBe(200);
    const zip = new Uint8Array(await download.body());
    expect(download.headers()["x-content-sha256"]).toBe(crypto.createHash("sha256").update(zip).digest("hex"));
    expect(JSON.parse(new TextDecoder().decode(unzipSync(zip)["manifest.json"]))).toMatchObject({ format: "xp3", release: null });
  });

  test("a large export's download button starts a background job instead, listed under Your jobs and downloaded when done", async ({ page }) => {
    const [a] = servers;
    await signIn(page, DEMO.contributor, DEMO_PASSWORD, a.url);
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await page.goto(`${a.url}/export`);
    const jobs = page.getByRole("region", { name: "Run in background" });
    const rowsBefore = await jobs.locator("tr[data-job-id]").count();
    let downloads = 0;
    page.on("download", () => downloads++);

    await page.getByRole("button", { name: "P3 (JSONL per template and split)", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Started in the background" })).toContainText(/[\d,]+ records are more than a browser download should hold/);
    const row = jobs.locator("tr[data-job-id]").first();
    await expect(jobs.locator("tr[data-job-id]")).toHaveCount(rowsBefore + 1);
    await expect(row).toContainText("P3");
    await expect(row.getByRole("status")).toHaveAccessibleName("Job status: Done", { timeout: 60_000 });
    await expect(row.getByRole("link", { name: "Download promptpool-pool-p3.zip" })).toBeVisible();
    // YAML stays a download whatever its size
    const yaml = page.waitForEvent("download");
    await page.getByRole("button", { name: "PromptSource YAML", exact: true }).click();
    expect((await yaml).suggestedFilename()).toBe("promptpool-pool-promptsource.zip");
    expect(downloads).toBe(1);
  });
});
