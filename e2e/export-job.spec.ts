import { readFileSync } from "node:fs";
import { unzipSync } from "fflate";
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
  const [, records] = /^(\d+) records, ([\d.]+ (?:bytes|KB|MB))$/.exec(progress) ?? [];
  expect(Number(records)).toBeGreaterThan(0);
  await screenshot(page, "export-jobs");

  const downloading = page.waitForEvent("download");
  await again.getByRole("link", { name: "Download promptpool-pool-p3.zip" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("promptpool-pool-p3.zip");
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"]));
  expect(manifest).toMatchObject({ format: "p3", release: null });
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
