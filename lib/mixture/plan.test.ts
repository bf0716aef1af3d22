import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseMixParams, parseShard, type MixParamsInput } from "./params";
import { planMixture, waterFill, type MixTemplate } from "./plan";

function tpl(dataset: string, name: string, category: string, subset: string | null = null, extra: Partial<MixTemplate> = {}): MixTemplate {
  return { dataset, subset, id: `${dataset}/${subset ?? ""}/${name}`, version: 1, name, jinja: "{{x}} ||| {{y}}", answerChoices: null, originalTask: true, choicesInPrompt: null, category, ...extra };
}

const templates: MixTemplate[] = [
  tpl("big", "b1", "sentiment"),
  tpl("big", "b2", "sentiment"),
  tpl("mid", "m1", "topic_classification"),
  tpl("small", "s1", "natural_language_inference"),
  tpl("small", "s2", "natural_language_inference"),
  tpl("small", "s3", "natural_language_inference"),
];
const rows = { big: 100_000, mid: 2_000, small: 50 };

const plan = (p: MixParamsInput, t = templates, r: Record<string, number> = rows) => planMixture(t, r, parseMixParams(p));
const perDataset = (p: MixParamsInput, t = templates, r: Record<string, number> = rows) =>
  Object.fromEntries(plan(p, t, r).datasets.map((d) => [d.key, d.planned]));

describe("mixing rules", () => {
  it.each<[string, MixParamsInput, Record<string, number>]>([
    ["proportional, no cap: every row once", {}, { big: 100_000, mid: 2_000, small: 50 }],
    ["proportional with cap (T0/FLAN)", { cap: 1_000 }, { big: 1_000, mid: 1_000, small: 50 }],
    ["proportional, total shared by rows", { total: 1_020 }, { big: 1_000, mid: 20, small: 0 }],
    ["equal with a total", { rule: "equal", total: 300 }, { big: 100, mid: 100, small: 100 }],
    // small has 50 rows × 3 templates = 150 pairs, so it can take 150; the rest is shared by the others
    ["equal: a full dataset's share goes to the others", { rule: "equal", total: 900 }, { big: 375, mid: 375, small: 150 }],
    // rates sqrt(min(n, cap)): 100, 44.72, 7.07 of 151.79
    ["temperature 2 with cap", { rule: "temperature", temperature: 2, cap: 10_000, total: 1_000 }, { big: 659, mid: 295, small: 46 }],
    ["temperature 1 equals proportional", { rule: "temperature", temperature: 1, cap: 1_000 }, { big: 1_000, mid: 1_000, small: 50 }],
    ["large temperature tends to equal", { rule: "temperature", temperature: 1_000, total: 300 }, { big: 100, mid: 100, small: 100 }],
  ])("%s", (_name, params, expected) => {
    const got = perDataset(params);
    for (const [k, v] of Object.entries(expected)) expect(got[k] ?? 0, k).toBe(v);
  });

  it("a dataset never gets more than its cap nor more than rows × templates", () => {
    const p = plan({ rule: "equal", total: 1_000_000, cap: 3_000 });
    const byKey = Object.fromEntries(p.datasets.map((d) => [d.key, d.planned]));
    expect(byKey).toEqual({ big: 3_000, mid: 2_000, small: 150 });
    expect(p.total).toBe(5_150);
    expect(p.notes.join(" ")).toMatch(/Only 5150 examples are available/);
  });

  it("splits a dataset's examples evenly over its templates, each template at most once per row", () => {
    const p = plan({ cap: 10 });
    const small = p.datasets.find((d) => d.key === "small")!;
    expect(small.templates.map((t) => t.planned).sort()).toEqual([3, 3, 4]);
    const equal = plan({ rule: "equal", total: 450 });
    expect(equal.datasets.find((d) => d.key === "small")!.templates.map((t) => t.planned)).toEqual([50, 50, 50]);
  });

  it("counts per category add up to the total", () => {
    const p = plan({ cap: 1_000 });
    expect(p.byCategory).toEqual({ natural_language_inference: 50, sentiment: 1_000, topic_classification: 1_000 });
    expect(Object.values(p.byCategory).reduce((a, b) => a + b)).toBe(p.total);
  });

  it("shares few-shot examples by the ratio over the whole mixture, not rounded per template", () => {
    const many = Array.from({ length: 40 }, (_, i) => tpl(`d${String(i).padStart(2, "0")}`, "t", "sentiment"));
    const counts = Object.fromEntries(many.map((t) => [t.dataset, 5]));
    const p = plan({ cap: 1, fewShotRatio: 0.5, k: 2 }, many, counts);
    expect(p.total).toBe(40);
    expect(p.fewShot).toBe(20);
    expect(p.datasets.reduce((a, d) => a + d.templates[0].fewShot, 0)).toBe(20);
  });
});

describe("selection", () => {
  it("holds out T0's four clusters", () => {
    const p = plan({ holdOutCategories: ["natural_language_inference", "coreference", "sentence_completion", "word_sense_disambiguation"] });
    expect(p.datasets.map((d) => d.key)).toEqual(["big", "mid"]);
    expect(p.excluded.heldOutCategories).toEqual(["natural_language_inference"]);
    expect(p.excluded.templates).toBe(3);
  });

  it.each<[string, MixParamsInput, string[]]>([
    ["include categories", { includeCategories: ["sentiment"] }, ["big"]],
    ["hold out a dataset", { holdOutDatasets: ["big"] }, ["mid", "small"]],
    ["include datasets", { includeDatasets: ["small", "mid"] }, ["mid", "small"]],
    ["hold out templates by id and by dataset:name", { holdOutTemplates: ["big//b1", "big:b2"] }, ["mid", "small"]],
    ["include a template", { includeTemplates: ["mid:m1"] }, ["mid"]],
  ])("%s", (_n, params, keys) => {
    expect(plan(params).datasets.map((d) => d.key)).toEqual(keys);
  });

  it("a dataset/subset name and the dataset name both select the config", () => {
    const t = [tpl("glue", "a", "paraphrase_identification", "mrpc"), tpl("glue", "b", "paraphrase_identification", "qqp")];
    const r = { "glue/mrpc": 10, "glue/qqp": 10 };
    expect(plan({ holdOutDatasets: ["glue/qqp"] }, t, r).datasets.map((d) => d.key)).toEqual(["glue/mrpc"]);
    expect(() => plan({ holdOutDatasets: ["glue"] }, t, r)).toThrow(/No template is left/);
  });

  it("leaves out templates that are not the original task when asked", () => {
    const t = [tpl("a", "x", "sentiment"), tpl("a", "y", "sentiment", null, { originalTask: false })];
    expect(plan({ originalTaskOnly: true }, t, { a: 5 }).datasets[0].templates.map((x) => x.name)).toEqual(["x"]);
  });

  it("notes datasets without rows and leaves them out", () => {
    const p = plan({}, templates, { big: 10, mid: 0 });
    expect(p.datasets.map((d) => d.key)).toEqual(["big"]);
    expect(p.excluded.datasetsWithoutRows).toEqual(["mid", "small"]);
  });
});

describe("refusals, before any work", () => {
  const refused = (p: unknown, r: Record<string, number> = rows) => {
    try {
      planMixture(templates, r, parseMixParams(p));
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("VALIDATION");
      return (e as Error).message;
    }
    throw new Error("not refused");
  };
  it.each<[string, unknown, RegExp]>([
    ["cap 0", { cap: 0 }, /cap must be at least 1: a cap of 0 leaves every dataset empty/],
    ["negative cap", { cap: -5 }, /cap must be at least 1/],
    ["fractional cap", { cap: 2.5 }, /cap must be a whole number/],
    ["negative total", { total: -1 }, /total must be at least 1/],
    ["few-shot ratio above 1", { fewShotRatio: 1.5 }, /few-shot ratio must be between 0 and 1/],
    ["k 0", { k: 0 }, /k must be at least 1/],
    ["temperature 0", { rule: "temperature", temperature: 0 }, /temperature must be greater than 0/],
    ["unknown rule", { rule: "random" }, /rule/],
    ["shard 5 of 4", { shard: { index: 5, count: 4 } }, /shard index must be between 1 and the shard count/],
    ["unknown parameter", { caps: 3 }, /caps|Unrecognized/i],
    ["all categories held out", { holdOutCategories: ["sentiment", "topic_classification", "natural_language_inference"] }, /Every task category is held out/],
    ["unknown category (a typo)", { holdOutCategories: ["sentimnet"] }, /Unknown categories to hold out: sentimnet/],
    ["unknown dataset", { includeDatasets: ["nope"] }, /Unknown datasets to include: nope/],
    ["unknown template", { holdOutTemplates: ["nope"] }, /Unknown templates to hold out: nope/],
    ["k larger than a split allows", { fewShotRatio: 0.5, k: 50 }, /k = 50 exemplars need at least 51 rows .* small \(50\)/],
    ["k larger than the exemplar pool", { fewShotRatio: 0.5, k: 20, exemplarPool: 10 }, /exemplar pool of at least 21/],
  ])("%s", (_n, params, message) => {
    expect(refused(params)).toMatch(message);
  });

  it("no rows at all", () => {
    expect(refused({}, {})).toMatch(/None of the 3 selected dataset\(s\) has rows in split 'train'/);
  });

  it("a bad --shard text", () => {
    expect(() => parseShard("2-4")).toThrow(/--shard must be K\/N/);
    expect(parseShard("3/8")).toEqual({ index: 3, count: 8 });
  });
});

describe("waterFill", () => {
  it.each<[number, number[], number[]]>([
    [10, [1, 1, 1], [100, 100, 100]],
    [100, [5, 3, 2], [10, 100, 100]],
    [7, [1, 1], [3, 3]],
    [1_000, [0.3, 0.3, 0.4], [1_000, 1, 2]],
  ])("total %i over rates %j with limits %j: sums to min(total, Σlimits), each within its limit", (total, rates, limits) => {
    const got = waterFill(total, rates, limits);
    expect(got.reduce((a, b) => a + b)).toBe(Math.min(total, limits.reduce((a, b) => a + b)));
    got.forEach((g, i) => expect(g).toBeLessThanOrEqual(limits[i]));
  });
});
