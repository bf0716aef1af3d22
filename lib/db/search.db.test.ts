import { beforeAll, expect, it } from "vitest";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "../search/query";
import { templateVisibility, type TemplateVisibility } from "../search/visibility";
import { getDb } from "./client";
import { searchTemplates, type TemplateSearchInput } from "./search";
import { createTemplate, renameTemplate, setTemplateStatus } from "./templates";
import { describeDb } from "./testing/harness";
import { makeDataset, makeUser, unique } from "./testing/fixtures";
import { createVersion } from "./versions";

describeDb("template search", () => {
  let author: { id: string; role: "contributor" };
  let other: { id: string; role: "contributor" };
  let reviewer: TemplateVisibility;
  let datasetId: string;
  let datasetName: string;
  let otherDatasetId: string;
  const ids: Record<string, string> = {};

  const names = async (input: Partial<TemplateSearchInput>) =>
    (await searchTemplates({ visibility: reviewer, ...input })).hits.map((h) => h.name).sort();

  beforeAll(async () => {
    author = { id: (await makeUser()).id, role: "contributor" };
    other = { id: (await makeUser()).id, role: "contributor" };
    reviewer = templateVisibility({ id: (await makeUser("reviewer")).id, role: "reviewer" });
    datasetName = unique("lighthouse");
    datasetId = (await makeDataset({ name: datasetName })).id;
    otherDatasetId = (await makeDataset()).id;
    const make = async (
      key: string,
      o: { dataset?: string; by?: string; jinja: string; reference?: string; metrics?: string[]; languages?: string[]; originalTask?: boolean | null },
    ) => {
      const t = await createTemplate({
        datasetId: o.dataset ?? datasetId,
        name: key,
        createdById: o.by ?? author.id,
        version: {
          jinja: o.jinja,
          reference: o.reference ?? "",
          metadata: { originalTask: o.originalTask ?? null, choicesInPrompt: false, metrics: o.metrics ?? [], languages: o.languages ?? [] },
        },
      });
      ids[key] = t.id;
    };
    await make("premise_first", { jinja: "Premise: {{premise}}\nDoes it entail the hypothesis? ||| {{label}}", metrics: ["Accuracy"], languages: ["en"], originalTask: true });
    await make("translate_fr", { jinja: "Traduisez en français : {{sentence}} ||| {{translation}}", reference: "Adapted from the WMT prompts", metrics: ["BLEU"], languages: ["fr"] });
    await make("harbour_tides", { dataset: otherDatasetId, by: other.id, jinja: "When is high tide at {{harbour}}? ||| {{answer}}", metrics: ["Accuracy", "Squad"], languages: ["en"] });
    await make("bare", { jinja: "{{text}} ||| {{label}}" });
  });

  it("finds templates by a word of their jinja, with prefixes, phrases and exclusions", async () => {
    expect(await names({ text: "hypothesis" })).toEqual(["premise_first"]);
    expect(await names({ text: "hypo" })).toEqual(["premise_first"]);
    expect(await names({ text: "tide" })).toEqual(["harbour_tides"]);
    expect(await names({ text: '"high tide"' })).toEqual(["harbour_tides"]);
    expect(await names({ text: '"tide high"' })).toEqual([]);
    expect(await names({ text: "label" })).toEqual(["bare", "premise_first"]);
    expect(await names({ text: "label -premise" })).toEqual(["bare"]);
    expect(await names({ text: "-premise" })).toEqual([]);
    expect(await names({ text: "français" })).toEqual(["translate_fr"]);
  });

  it("finds templates by name, reference and dataset name; the name ranks first", async () => {
    expect(await names({ text: "harbour_tides" })).toEqual(["harbour_tides"]);
    expect(await names({ text: "wmt" })).toEqual(["translate_fr"]);
    expect(await names({ text: datasetName })).toEqual(["bare", "premise_first", "translate_fr"]);
    // "harbour" is in one template's name and another template's jinja would rank below it
    const r = await searchTemplates({ visibility: reviewer, text: "harbour" });
    expect(r.hits[0]?.name).toBe("harbour_tides");
  });

  it("marks the matches in the name and in an excerpt of the jinja or the reference", async () => {
    const [hit] = (await searchTemplates({ visibility: reviewer, text: "hypothesis" })).hits;
    expect(hit?.snippetField).toBe("jinja");
    expect(hit?.snippet).toContain(`${HIGHLIGHT_START}hypothesis${HIGHLIGHT_END}`);
    expect(hit?.nameHighlight).toBe("premise_first");
    const [ref] = (await searchTemplates({ visibility: reviewer, text: "WMT" })).hits;
    expect(ref?.snippetField).toBe("reference");
    expect(ref?.snippet).toContain(`${HIGHLIGHT_START}WMT${HIGHLIGHT_END}`);
    const [byName] = (await searchTemplates({ visibility: reviewer, text: "translate" })).hits;
    expect(byName?.nameHighlight).toContain(`${HIGHLIGHT_START}translate${HIGHLIGHT_END}`);
  });

  it("filters by dataset, language, metric, state, author and metadata, with or without text", async () => {
    expect(await names({ metric: "Accuracy" })).toEqual(["harbour_tides", "premise_first"]);
    expect(await names({ text: "tide", metric: "Accuracy" })).toEqual(["harbour_tides"]);
    expect(await names({ text: "tide", metric: "BLEU" })).toEqual([]);
    expect(await names({ language: "fr" })).toEqual(["translate_fr"]);
    expect(await names({ language: null, datasetId })).toEqual(["bare"]);
    expect(await names({ metric: null, datasetId })).toEqual(["bare"]);
    expect(await names({ datasetId: otherDatasetId })).toEqual(["harbour_tides"]);
    expect(await names({ authorId: other.id })).toEqual(["harbour_tides"]);
    expect(await names({ originalTask: true, datasetId })).toEqual(["premise_first"]);
    expect(await names({ originalTask: null, datasetId })).toEqual(["bare", "translate_fr"]);
    expect(await names({ choicesInPrompt: false, authorId: other.id })).toEqual(["harbour_tides"]);
    expect(await names({ taskCategory: null, datasetId })).toEqual(["bare", "premise_first", "translate_fr"]);
    expect(await names({ status: ["approved"] })).toEqual([]);
    const r = await searchTemplates({ visibility: reviewer, datasetId, limit: 2 });
    expect([r.total, r.hits.length]).toEqual([3, 2]);
    const page2 = await searchTemplates({ visibility: reviewer, datasetId, limit: 2, offset: 2 });
    expect(page2.hits).toHaveLength(1);
    expect(page2.hits[0]?.name).not.toBe(r.hits[0]?.name);
  });

  it("follows new versions, renames and dataset renames (triggers)", async () => {
    await createVersion({ templateId: ids.bare!, baseVersion: 1, authorId: author.id, version: { jinja: "{{text}} Lighthouse keeper's answer ||| {{label}}" } });
    expect(await names({ text: "keeper" })).toEqual(["bare"]);
    await createVersion({ templateId: ids.bare!, baseVersion: 2, authorId: author.id, version: { jinja: "{{text}} ||| {{label}}" } });
    expect(await names({ text: "keeper" })).toEqual([]);
    await renameTemplate(ids.bare!, "bare_renamed", author.id);
    expect(await names({ text: "renamed" })).toEqual(["bare_renamed"]);
    const renamed = unique("beacon");
    await getDb().dataset.update({ where: { id: otherDatasetId }, data: { name: renamed, subset: "north", taskCategory: "QA closed book" } });
    expect(await names({ text: renamed })).toEqual(["harbour_tides"]);
    expect(await names({ taskCategory: "QA closed book" })).toEqual(["harbour_tides"]);
    expect(await names({ text: `${renamed} north` })).toEqual(["harbour_tides"]);
  });

  it("shows each viewer only what the policy lets them read", async () => {
    await setTemplateStatus({ templateId: ids.premise_first!, status: "approved", poolVersion: 1, actorId: author.id });
    await setTemplateStatus({ templateId: ids.translate_fr!, status: "in_review", actorId: author.id });
    const visible = async (actor: { id: string; role: "contributor" } | null) =>
      (await searchTemplates({ visibility: templateVisibility(actor), text: "" })).hits.map((h) => h.name).filter((n) => n in ids || n === "bare_renamed").sort();
    expect(await visible(null)).toEqual(["premise_first"]);
    expect(await visible(other)).toEqual(["harbour_tides", "premise_first", "translate_fr"]);
    expect(await visible(author)).toEqual(["bare_renamed", "premise_first", "translate_fr"]);
    expect(await names({ text: "tide" })).toEqual(["harbour_tides"]);
  });

  it("leaves archived templates out unless asked for, and ignores text with no words", async () => {
    await setTemplateStatus({ templateId: ids.harbour_tides!, status: "archived", actorId: other.id });
    expect(await names({ text: "tide" })).toEqual([]);
    expect(await names({ text: "tide", status: ["archived"] })).toEqual(["harbour_tides"]);
    const r = await searchTemplates({ visibility: reviewer, text: "*** ::: '\"" });
    expect(r.hits.length).toBeGreaterThan(0); // no words: the filters alone
    const none = await searchTemplates({ visibility: reviewer, text: "-tide" });
    expect(none).toMatchObject({ total: 0, hits: [], textQuery: false });
  });
});
