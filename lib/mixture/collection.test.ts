/**
 * The recipes over the whole PromptSource collection (../shared/promptsource/templates, 2,085
 * templates) with the synthetic parity rows (../shared/parity/rows, 4 rows per config): a
 * T0-style and a FLAN-style mixture, each built twice, byte-identical.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareMixture, writeMixture } from "./build";
import { loadMixTemplates } from "./load-templates";
import { parseMixParams, type MixParamsInput } from "./params";
import type { MixTemplate } from "./plan";
import { T0_HELD_OUT_CATEGORIES } from "./taxonomy";

// ../shared beside the repository (CI), or beside the worktrees' parent folder while developing
const repo = path.resolve(__dirname, "../..");
const shared = [path.resolve(repo, "../shared"), path.resolve(repo, "../../shared")].find((p) => existsSync(path.join(p, "parity")))!;
const TEMPLATES = path.join(shared, "promptsource/templates");
const ROWS = path.join(shared, "parity/rows");
const out = mkdtempSync(path.join(tmpdir(), "promptpool-mix-collection-"));

let templates: MixTemplate[];
beforeAll(async () => {
  templates = await loadMixTemplates(TEMPLATES);
});

async function buildTwice(name: string, p: MixParamsInput) {
  const params = parseMixParams(p);
  const file = path.join(out, `${name}.jsonl`);
  const first = await writeMixture(await prepareMixture(templates, ROWS, params), file);
  const bytes = readFileSync(file);
  const second = await writeMixture(await prepareMixture(templates, ROWS, params), file);
  expect(readFileSync(file).equals(bytes)).toBe(true);
  expect(second.manifest).toEqual(first.manifest);
  return { ...first, records: bytes.toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) };
}

describe("recipes over the PromptSource collection", () => {
  it("loads all 2,085 templates with T0 clusters as categories", () => {
    expect(templates.length).toBe(2085);
    expect(new Set(templates.map((t) => t.category)).size).toBeGreaterThan(10);
    expect(templates.find((t) => t.dataset === "super_glue" && t.subset === "rte")!.category).toBe("natural_language_inference");
    expect(templates.find((t) => t.dataset === "super_glue" && t.subset === "wic")!.category).toBe("word_sense_disambiguation");
  });

  it("T0-style: four clusters held out, cap 500,000, proportional; byte-identical on a rerun", async () => {
    const { manifest, records } = await buildTwice("t0", { holdOutCategories: [...T0_HELD_OUT_CATEGORIES], cap: 500_000, rule: "proportional", seed: 42 });
    expect([...T0_HELD_OUT_CATEGORIES].sort()).toEqual(["coreference", "natural_language_inference", "sentence_completion", "word_sense_disambiguation"]);
    for (const c of T0_HELD_OUT_CATEGORIES) expect(manifest.written.byCategory[c]).toBeUndefined();
    expect(records.some((r) => r.dataset === "super_glue/rte" || r.dataset === "hellaswag" || r.dataset === "super_glue/wic")).toBe(false);
    // 4 rows per config: each dataset takes min(4, cap) examples, spread over its templates
    for (const d of Object.values(manifest.plan.byDataset)) expect(d.planned).toBe(Math.min(d.rows, 500_000));
    expect(manifest.written.records).toBe(records.length);
    expect(records.length).toBeGreaterThan(500);
    expect(records.every((r) => r.shots === 0 && r.targets !== "")).toBe(true);
  });

  it("FLAN-style: cap 30,000, mixed zero/few-shot with and without options; byte-identical on a rerun", async () => {
    const { manifest, records } = await buildTwice("flan", { cap: 30_000, fewShotRatio: 0.5, k: 2, seed: 7 });
    expect(Object.keys(manifest.written.byTemplateType).sort()).toEqual(["fs_noopt", "fs_opt", "zs_noopt", "zs_opt"]);
    const few = records.filter((r) => r.shots > 0).length;
    expect(few / records.length).toBeGreaterThan(0.35);
    expect(few / records.length).toBeLessThan(0.65);
    expect(manifest.plan.fewShot).toBe(Math.round(manifest.plan.total * 0.5));
  });
});
