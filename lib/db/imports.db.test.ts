import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { beforeAll, expect, it } from "vitest";
import { describeDb } from "./testing/harness";
import { makeUser } from "./testing/fixtures";
import { getDb } from "./client";
import { importPromptSourcePlan } from "./imports";
import { getTemplate } from "./templates";
import { findDatasetByName } from "./datasets";
import { planPromptSourceImport, planPromptSourceZip, readTemplatesFolder } from "../import";
import { readTemplatesFolder as readFolder } from "../import/read-folder";

import { existsSync } from "node:fs";

// ../shared beside the repository (CI, /work/main) or beside the worktrees' folder; missing fails loudly.
const TEMPLATES_ROOT = [path.resolve(__dirname, "../../../shared"), path.resolve(__dirname, "../../../../shared")]
  .map((dir) => path.join(dir, "promptsource/templates"))
  .find((dir) => existsSync(dir)) ?? path.resolve(__dirname, "../../../shared/promptsource/templates");
const LIMITS = { maxEntries: 10_000, maxTotalBytes: 100 * 1024 * 1024 };

async function counts() {
  const db = getDb();
  const [datasets, templates, versions, events] = await Promise.all([db.dataset.count(), db.template.count(), db.templateVersion.count(), db.auditEvent.count()]);
  return { datasets, templates, versions, events };
}

describeDb("PromptSource import", (db) => {
  let adminId: string;
  beforeAll(async () => {
    adminId = (await makeUser("admin")).id;
  });

  it("imports all 2,085 templates of the collection, then re-imports it without changing anything", async () => {
    const plan = planPromptSourceImport(await readFolder(TEMPLATES_ROOT, LIMITS));
    const started = performance.now();
    const report = await importPromptSourcePlan(plan, adminId);
    const ms = performance.now() - started;
    console.log(`[${db.provider}] imported ${report.templatesCreated} templates from ${report.filesImported} files in ${Math.round(ms)} ms`);
    expect(report).toMatchObject({ filesSeen: 279, filesImported: 279, datasetsCreated: 279, templatesCreated: 2085, templatesUnchanged: 0, templatesSkipped: 0 });
    // The collection's own oddities are reported, not refused.
    expect(report.issues.every((i) => i.severity === "warning")).toBe(true);
    expect(report.issues).toContainEqual(expect.objectContaining({ file: "sem_eval_2014_task_1/templates.yaml", message: expect.stringMatching(/unknown metric "Mean Squared Error" \(kept\)/) }));

    const after = await counts();
    expect(after).toMatchObject({ templates: 2085, versions: 2085, datasets: 279 });

    // Ids, names (trailing spaces too), unknown fields and status are kept.
    const imdb = await findDatasetByName("imdb", null);
    const t = await getDb().template.findFirst({ where: { datasetId: imdb!.id, name: "Sentiment with choices " }, select: { id: true } });
    const detail = await getTemplate(t!.id);
    expect(detail).toMatchObject({ status: "approved", poolVersion: 1, latestVersion: 1 });
    const headQa = await findDatasetByName("head_qa", "en");
    const withExtra = await getDb().templateVersion.findFirst({ where: { template: { datasetId: headQa!.id } }, select: { extraJson: true } });
    expect(JSON.parse(withExtra!.extraJson)).toEqual({ task_template: true });

    const again = await importPromptSourcePlan(plan, adminId);
    expect(again).toMatchObject({ filesImported: 279, datasetsCreated: 0, templatesCreated: 0, templatesUnchanged: 2085 });
    expect(await counts()).toEqual(after);
  });

  it("imports the good files of a zip and reports the bad one with its line; nothing of the bad file is written", async () => {
    await db.fresh();
    adminId = (await makeUser("admin")).id;
    const good = `dataset: tiny_ds\ntemplates:\n  0f0e0d0c-0b0a-4909-8807-060504030201: !Template\n    answer_choices: null\n    id: 0f0e0d0c-0b0a-4909-8807-060504030201\n    jinja: '{{text}} ||| {{label}}'\n    metadata: !TemplateMetadata\n      choices_in_prompt: null\n      languages: [en]\n      metrics: [Accuracy]\n      original_task: true\n    name: echo\n    reference: ''\n`;
    const bad = `dataset: broken_ds\ntemplates:\n  11111111-2222-4333-8444-555555555555: !Template\n    id: 11111111-2222-4333-8444-555555555555\n    jinja: [oops\n`;
    const plan = planPromptSourceZip(zipSync({ "templates/tiny_ds/templates.yaml": strToU8(good), "templates/broken_ds/templates.yaml": strToU8(bad) }), LIMITS);
    const before = await counts();
    const report = await importPromptSourcePlan(plan, adminId);
    expect(report).toMatchObject({ filesSeen: 2, filesImported: 1, templatesCreated: 1 });
    expect(report.issues).toEqual([expect.objectContaining({ file: "templates/broken_ds/templates.yaml", severity: "error", line: 6 })]);
    expect(await findDatasetByName("broken_ds", null)).toBeNull();
    const after = await counts();
    // One dataset, one template with its version, and two events (dataset created, file imported).
    expect(after).toEqual({ datasets: before.datasets + 1, templates: before.templates + 1, versions: before.versions + 1, events: before.events + 2 });
  });
});

// readTemplatesFolder is re-exported for the CLI; the same function.
it("exports the folder reader from lib/import", () => {
  expect(readTemplatesFolder).toBe(readFolder);
});
