import { beforeAll, expect, it } from "vitest";
import { seedDatabase } from "../../prisma/seed";
import { findDatasetByName } from "./datasets";
import { getDiversityReport } from "./diversity";
import { listPoolDatasets } from "./pool";
import { publishRelease } from "./releases";
import { createTemplate, setTemplateStatus } from "./templates";
import { describeDb } from "./testing/harness";
import { makeDataset, makeUser } from "./testing/fixtures";

describeDb("diversity report", () => {
  let adminId: string;
  beforeAll(async () => {
    await seedDatabase({ demo: false });
    adminId = (await makeUser("admin")).id;
    await publishRelease({ name: "before" }, adminId);
    // pocket_entailment gets a copy of its approved template (a near-duplicate) and a reformulation.
    const entail = (await findDatasetByName("pocket_entailment", null))!;
    const pooled = (await listPoolDatasets()).find((d) => d.datasetId === entail.id)!.templates[0].template;
    const approve = async (name: string, jinja: string, originalTask: boolean) => {
      const t = await createTemplate({
        datasetId: entail.id,
        name,
        createdById: adminId,
        version: { jinja, answerChoices: pooled.answerChoices, reference: "", metadata: { originalTask, choicesInPrompt: false, metrics: [], languages: ["en"] } },
      });
      await setTemplateStatus({ templateId: t.id, status: "approved", actorId: adminId, poolVersion: 1 });
      return t.id;
    };
    await approve("same_again", pooled.jinja.replace("|||", "  |||"), true);
    await approve("write_a_hypothesis", "Premise: {{premise}}\nWrite a sentence that follows from it. ||| {{hypothesis}}", false);
    await makeDataset({ name: "nobody_wrote_for_me" });
  });

  it("counts pool templates per dataset against the target, reformulations and near-duplicates, every dataset included", async () => {
    const page = await getDiversityReport({ target: 3, sampleRows: 8 });
    const byKey = Object.fromEntries(page.report.datasets.map((d) => [d.key, d]));
    expect(byKey.pocket_entailment).toMatchObject({ templates: 3, reformulations: 1, belowTarget: false, missing: 0 });
    // (pairs are ordered by template id)
    expect(byKey.pocket_entailment.nearDuplicates.map((p) => [[p.a.name, p.b.name].sort(), p.same, p.compared])).toEqual([[["does_it_follow", "same_again"], 8, 8]]);
    expect(byKey.newsroom_topics).toMatchObject({ templates: 1, belowTarget: true, missing: 2, nearDuplicates: [] });
    expect(byKey.nobody_wrote_for_me).toMatchObject({ templates: 0, missing: 3 });
    expect(page.report.totals).toMatchObject({ datasets: 6, templates: 7, belowTarget: 5, nearDuplicatePairs: 1 });
    expect(page.report.totals.reformulationShare).toBeCloseTo(1 / 7);
    expect(page.datasets.pocket_entailment).toMatchObject({ category: "natural_language_inference", categoryName: "Natural language inference", split: "train", sampleRows: 8 });
  });

  it("reports a release as it was frozen", async () => {
    const page = await getDiversityReport({ release: "before" });
    expect(page.report.totals).toMatchObject({ datasets: 5, templates: 5, belowTarget: 5, nearDuplicatePairs: 0 });
    await expect(getDiversityReport({ release: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
