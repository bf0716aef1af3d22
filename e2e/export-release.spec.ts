import { readFileSync } from "node:fs";
import { strToU8, unzipSync, zipSync } from "fflate";
import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

test("an admin publishes a release and downloads its P3 zip, which has a folder per template", async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await expect(page.getByRole("link", { name: "Releases" })).toBeVisible();
  await page.getByRole("link", { name: "Releases" }).click();
  await expect(page.getByRole("heading", { name: "Releases", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Publish release" });
  await form.getByLabel("Name").fill("e2e.2026.11.26");
  await form.getByLabel("Notes").fill("Published by the browser test");
  await form.getByRole("button", { name: "Publish release" }).click();
  await expect(page.getByRole("status")).toContainText("Published release e2e.2026.11.26");
  const row = page.getByRole("row").filter({ hasText: "e2e.2026.11.26" });
  await expect(row).toContainText("Published by the browser test");
  await screenshot(page, "releases");

  const downloading = page.waitForEvent("download");
  await row.getByRole("button", { name: "P3 zip of e2e.2026.11.26" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("promptpool-e2e.2026.11.26-p3.zip");
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"]));
  expect(manifest).toMatchObject({ format: "p3", release: "e2e.2026.11.26" });
  const folders = new Set(Object.keys(files).map((p) => p.split("/")[0]));
  // A folder per template (named by P3's rule) that has rows, and score-eval folders for templates with choices.
  const expected = manifest.templates.map((t: { folder: string | null }) => t.folder).filter(Boolean);
  expect(expected.length).toBeGreaterThan(0);
  for (const folder of Object.keys(manifest.folders)) expect(folders).toContain(folder);
  expect([...folders].some((f) => f.endsWith("_score_eval"))).toBe(true);
  const first = Object.keys(files).find((p) => p.endsWith(".jsonl"))!;
  const record = JSON.parse(new TextDecoder().decode(files[first]).split("\n")[0]);
  expect(record).toEqual(expect.objectContaining({ inputs_pretokenized: expect.any(String), targets_pretokenized: expect.any(String) }));

  await row.getByRole("link", { name: "e2e.2026.11.26" }).click();
  await expect(page.getByRole("heading", { name: "Release e2e.2026.11.26" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Manifest" })).toBeVisible();
  await screenshot(page, "release-detail");
});

test("an import with a bad file imports the rest and shows the bad file's reason and line", async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await page.goto("/admin/import");
  const good = [
    "dataset: e2e_import_ds",
    "templates:",
    "  7a1c9e52-4d3b-4f7e-9a0c-1b2d3e4f5a6b: !Template",
    "    answer_choices: null",
    "    id: 7a1c9e52-4d3b-4f7e-9a0c-1b2d3e4f5a6b",
    "    jinja: '{{text}} ||| {{label}}'",
    "    metadata: !TemplateMetadata",
    "      choices_in_prompt: null",
    "      languages: [en]",
    "      metrics: [Accuracy]",
    "      original_task: true",
    "    name: echo",
    "    reference: ''",
    "",
  ].join("\n");
  const bad = "dataset: e2e_broken\ntemplates:\n  x: !Template\n    jinja: [unclosed\n";
  const zip = zipSync({ "templates/e2e_import_ds/templates.yaml": strToU8(good), "templates/e2e_broken/templates.yaml": strToU8(bad) });
  await page.getByLabel(/Zip of a PromptSource/).setInputFiles({ name: "templates.zip", mimeType: "application/zip", buffer: Buffer.from(zip) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status")).toContainText("1 templates imported");
  const problem = page.getByRole("row").filter({ hasText: "templates/e2e_broken/templates.yaml" });
  await expect(problem).toContainText("invalid YAML");
  await expect(problem).toContainText("file skipped");
  await screenshot(page, "import-report");

  // A zip that tries to escape its folder is refused as a whole.
  const evil = new TextDecoder("latin1").decode(zipSync({ "placeholder.yaml": strToU8("x") }, { level: 0 })).split("placeholder.yaml").join("../../x/a.yaml".padEnd(16, "x"));
  await page.getByLabel(/Zip of a PromptSource/).setInputFiles({ name: "evil.zip", mimeType: "application/zip", buffer: Buffer.from(evil, "latin1") });
  await page.getByRole("button", { name: "Import" }).click();
  // (Next's route announcer is also an alert.)
  await expect(page.getByRole("alert").filter({ hasText: "goes up a folder" })).toBeVisible();
});
