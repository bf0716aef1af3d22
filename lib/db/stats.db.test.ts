import { beforeAll, expect, it } from "vitest";
import { templateVisibility, type TemplateVisibility } from "../search/visibility";
import { getDb } from "./client";
import { getTemplateBreakdown } from "./stats";
import { createTemplate, setTemplateStatus } from "./templates";
import { describeDb } from "./testing/harness";
import { makeDataset, makeUser } from "./testing/fixtures";
import { createVersion } from "./versions";

const sorted = <T extends { value: unknown; count: number }>(xs: T[]) =>
  [...xs].sort((a, b) => String(a.value).localeCompare(String(b.value)));

describeDb("template breakdown (helicopter view)", () => {
  let reviewer: TemplateVisibility;
  let nli: string;
  let qa: string;

  beforeAll(async () => {
    const author = (await makeUser()).id;
    reviewer = templateVisibility({ id: (await makeUser("reviewer")).id, role: "reviewer" });
    nli = (await makeDataset()).id;
    qa = (await makeDataset()).id;
    await getDb().dataset.update({ where: { id: nli }, data: { taskCategory: "NLI" } });
    const make = async (datasetId: string, name: string, m: { metrics: string[]; languages: string[]; originalTask: boolean | null; choicesInPrompt: boolean | null }) =>
      (await createTemplate({ datasetId, name, createdById: author, version: { jinja: "{{x}} ||| {{y}}", metadata: m } })).id;
    const a = await make(nli, "a", { metrics: ["Accuracy"], languages: ["en"], originalTask: true, choicesInPrompt: true });
    await make(nli, "b", { metrics: ["Accuracy", "Macro F1"], languages: ["en", "fr"], originalTask: false, choicesInPrompt: null });
    const c = await make(qa, "c", { metrics: [], languages: [], originalTask: null, choicesInPrompt: false });
    const d = await make(qa, "d", { metrics: ["Squad"], languages: ["en"], originalTask: true, choicesInPrompt: false });
    await setTemplateStatus({ templateId: a, status: "approved", poolVersion: 1, actorId: author });
    await setTemplateStatus({ templateId: d, status: "archived", actorId: author });
    // the latest version's metadata counts, not version 1's
    await createVersion({ templateId: c, baseVersion: 1, authorId: author, version: { jinja: "{{x}} ||| {{y}}", metadata: { metrics: ["BLEU"], languages: ["sw"] } } });
  });

  it("counts the whole pool by every dimension, archived templates by state only", async () => {
    const b = await getTemplateBreakdown({ visibility: reviewer });
    expect(sorted(b.byStatus)).toEqual([{ value: "approved", count: 1 }, { value: "archived", count: 1 }, { value: "draft", count: 2 }]);
    expect(sorted(b.byOriginalTask)).toEqual([{ value: false, count: 1 }, { value: null, count: 1 }, { value: true, count: 1 }]);
    expect(sorted(b.byChoicesInPrompt)).toEqual([{ value: null, count: 2 }, { value: true, count: 1 }]);
    expect(sorted(b.byLanguage)).toEqual([{ value: "en", count: 2 }, { value: "fr", count: 1 }, { value: "sw", count: 1 }]);
    expect(sorted(b.byMetric)).toEqual([{ value: "Accuracy", count: 2 }, { value: "BLEU", count: 1 }, { value: "Macro F1", count: 1 }]);
    expect(sorted(b.byTaskCategory)).toEqual([{ value: "NLI", count: 2 }, { value: null, count: 1 }]);
    const perDataset = Object.fromEntries(b.byDataset.map((d) => [d.datasetId, sorted(d.byStatus)]));
    expect(perDataset[nli]).toEqual([{ value: "approved", count: 1 }, { value: "draft", count: 1 }]);
    expect(perDataset[qa]).toEqual([{ value: "archived", count: 1 }, { value: "draft", count: 1 }]);
  });

  it("counts one dataset, and templates without a language or metric under null", async () => {
    await createVersion({ templateId: (await getDb().template.findFirstOrThrow({ where: { datasetId: qa, name: "c" } })).id, baseVersion: 2, authorId: (await makeUser()).id, version: { jinja: "x |||" } });
    const b = await getTemplateBreakdown({ visibility: reviewer, datasetId: qa });
    expect(b.byLanguage).toEqual([{ value: null, count: 1 }]);
    expect(b.byMetric).toEqual([{ value: null, count: 1 }]);
    expect(b.byDataset.map((d) => d.datasetId)).toEqual([qa]);
  });

  it("counts only what the viewer may read", async () => {
    const b = await getTemplateBreakdown({ visibility: templateVisibility(null) });
    expect(b.byStatus).toEqual([{ value: "approved", count: 1 }]);
    expect(b.byMetric).toEqual([{ value: "Accuracy", count: 1 }]);
  });
});
