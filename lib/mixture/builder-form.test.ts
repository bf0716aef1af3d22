import { describe, expect, it } from "vitest";
import { mixtureRequestSchema } from "./request";
import { mixPreset } from "./presets";
import type { MixtureOptions } from "./views";
import { applyPreset, escapeSeparator, initialForm, toRequest, unescapeSeparator } from "./builder-form";

const options: MixtureOptions = {
  release: "r1",
  seedBase: 0,
  taxonomy: "t0",
  splits: ["train"],
  categories: [
    { id: "sentiment", name: "Sentiment", datasets: 1, templates: 2, t0HeldOut: false },
    { id: "natural_language_inference", name: "Natural language inference", datasets: 1, templates: 1, t0HeldOut: true },
  ],
  datasets: [
    { key: "imdb", datasetId: "d1", dataset: "imdb", subset: null, taskCategory: null, category: "sentiment", rows: { train: 10 }, templates: [{ id: "a", name: "a", version: 1, originalTask: true }, { id: "b", name: "b", version: 2, originalTask: false }] },
    { key: "super_glue/rte", datasetId: "d2", dataset: "super_glue", subset: "rte", taskCategory: null, category: "natural_language_inference", rows: { train: 10 }, templates: [{ id: "c", name: "c", version: 1, originalTask: true }] },
  ],
};

describe("the builder form", () => {
  it("gives a valid request by default: no cap, natural size, two newlines between exemplars", () => {
    const r = mixtureRequestSchema.parse(toRequest(initialForm("r1"), options));
    expect(r).toMatchObject({ release: "r1", taxonomy: "t0", params: { cap: null, total: null, separator: "\n\n", fewShotRatio: 0, k: 3, format: "jsonl" } });
  });

  it("applies the T0-style preset, holding out only the categories the release has", () => {
    const form = applyPreset({ ...initialForm("r1"), heldOutDatasets: ["imdb"], cap: "5" }, mixPreset("t0"));
    const r = toRequest(form, options);
    expect(r.params).toMatchObject({ cap: 500_000, rule: "proportional", fewShotRatio: 0, options: "never", holdOutCategories: ["natural_language_inference"], holdOutDatasets: [] });
  });

  it("applies the FLAN-style preset: cap 30,000, half few-shot, k = 3", () => {
    expect(toRequest(applyPreset(initialForm("r1"), mixPreset("flan")), options).params).toMatchObject({ cap: 30_000, fewShotRatio: 0.5, k: 3, holdOutCategories: [] });
  });

  it("lists held-out datasets and templates only when their category and dataset are still in", () => {
    const form = { ...initialForm("r1"), heldOutCategories: ["natural_language_inference"], heldOutDatasets: ["super_glue/rte"], heldOutTemplates: ["b", "c"] };
    expect(toRequest(form, options).params).toMatchObject({ holdOutCategories: ["natural_language_inference"], holdOutDatasets: [], holdOutTemplates: ["b"] });
  });

  it("sends what cannot be a number as typed, so the schema names the field", () => {
    const r = mixtureRequestSchema.safeParse(toRequest({ ...initialForm("r1"), cap: "0", k: "many" }, options));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["params.cap", "params.k"]);
    expect(r.error!.issues[0].message).toMatch(/cap must be at least 1/);
  });

  it.each(["\n\n", "\t|\n", "a\\nb"])("keeps the separator %j through its escaped form", (s) => {
    expect(unescapeSeparator(escapeSeparator(s))).toBe(s);
  });
});
