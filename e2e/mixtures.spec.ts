import { readFileSync } from "node:fs";
import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";
import type { Page } from "@playwright/test";

const RELEASE = "e2e.mix.1";

/** The demo seed publishes nothing: an admin freezes the approved demo templates once. */
async function publishDemoRelease(page: Page) {
  await page.goto("/releases");
  if (await page.getByRole("link", { name: RELEASE, exact: true }).count()) return;
  const form = page.getByRole("form", { name: "Publish release" });
  await form.getByLabel("Name").fill(RELEASE);
  await form.getByRole("button", { name: "Publish release" }).click();
  await expect(page.getByRole("status")).toContainText(`Published release ${RELEASE}`);
}

test("a user picks the T0-style preset on the demo release, sees the planned counts, builds the mixture and downloads it", async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await publishDemoRelease(page);

  await page.getByRole("link", { name: "Mixtures" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mixture builder" })).toBeVisible();
  await page.getByLabel("Release").selectOption(RELEASE);
  // FLAN-style first: every dataset, half of the examples few-shot.
  await page.getByRole("button", { name: "FLAN-style" }).click();
  await expect(page.getByTestId("planned-total")).toHaveText("132");
  await expect(page.getByTestId("planned-few-shot")).toHaveText("66");
  await page.getByRole("button", { name: "T0-style" }).click();
  await expect(page.getByRole("button", { name: "T0-style" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("checkbox", { name: "Include category Natural language inference" })).not.toBeChecked();
  await expect(page.getByLabel("Per-dataset cap")).toHaveValue("500000");

  // The preview: every train row once per dataset (proportional, far below the cap), NLI held out.
  const perDataset = page.getByRole("table", { name: "Planned examples per dataset" });
  await expect(page.getByTestId("planned-total")).toHaveText("102");
  await expect(perDataset.getByRole("row")).toHaveCount(5);
  await expect(perDataset.getByRole("row", { name: /harbor_qa/ })).toContainText("24");
  await expect(perDataset.getByRole("row", { name: /pocket_entailment/ })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Planned examples per category" }).getByRole("row", { name: /Extractive QA/ })).toContainText("24");
  await screenshot(page, "mixtures-t0-preview");

  // Impossible parameters are refused by the plan, with its message, before anything runs.
  await page.getByLabel("Per-dataset cap").fill("0");
  await expect(page.getByRole("alert").filter({ hasText: "cap must be at least 1" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Build mixture" })).toBeDisabled();
  await page.getByLabel("Per-dataset cap").fill("500000");
  await expect(page.getByTestId("planned-total")).toHaveText("102");
  await expect(page.getByRole("alert").filter({ hasText: "cap" })).toHaveCount(0);

  // Build it as a background job, follow it, download the JSONL.
  await page.getByRole("button", { name: "Build mixture" }).click();
  const job = page.getByRole("status").filter({ hasText: /Queued|Building|Done/ });
  await expect(job).toContainText("Done", { timeout: 30_000 });
  await screenshot(page, "mixtures-done");
  await expect(job.getByRole("link", { name: "Manifest" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Your recent mixtures" }).getByRole("row")).toHaveCount(2);
  const downloading = page.waitForEvent("download");
  await job.getByRole("link", { name: /^Mixture \(JSONL\)/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
  const lines = readFileSync((await download.path())!, "utf8").trimEnd().split("\n");
  expect(lines.length).toBeGreaterThan(90);
  for (const line of lines) {
    const r = JSON.parse(line);
    expect(Object.keys(r)).toEqual(["inputs", "targets", "task", "template_id", "template_version", "dataset", "split", "shots", "template_type"]);
    expect(r).toMatchObject({ inputs: expect.any(String), targets: expect.any(String), template_version: expect.any(Number), split: "train", shots: 0 });
    expect(r.dataset).not.toBe("pocket_entailment");
  }
});

test("the diversity report groups datasets by task category and links each to its dataset and the studio", async ({ page }) => {
  await page.goto("/overview");
  await expect(page.getByRole("rowgroup", { name: "Task category Natural Language Inference" })).toBeVisible();
  await page.getByRole("link", { name: "Diversity report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Diversity report" })).toBeVisible();
  // Other specs may have added datasets: count on the demo's, each with one approved template.
  const nli = page.getByRole("rowgroup", { name: "Task category Natural language inference" });
  await expect(nli.getByRole("link", { name: "pocket_entailment", exact: true })).toBeVisible();
  await expect(nli.getByRole("link", { name: "Write a template for pocket_entailment (9 wanted)" })).toHaveAttribute("href", /\/datasets\/[^/]+\/new-template$/);
  const below = Number(await page.getByTestId("below-target").textContent());
  expect(below).toBeGreaterThanOrEqual(5);
  await screenshot(page, "diversity-report");
  await page.getByLabel("Target per dataset").fill("1");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/target=1/);
  await expect(nli.getByRole("link", { name: /Write a template for pocket_entailment/ })).toHaveCount(0);
  expect(Number(await page.getByTestId("below-target").textContent())).toBeLessThanOrEqual(below - 5);
  await nli.getByRole("link", { name: "pocket_entailment", exact: true }).click();
  await expect(page).toHaveURL(/\/datasets\/[^/]+$/);
});
