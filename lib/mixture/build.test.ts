import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildMixture, prepareMixture, writeMixture } from "./build";
import { parseMixParams, type MixParamsInput } from "./params";
import type { MixTemplate } from "./plan";

const dir = mkdtempSync(path.join(tmpdir(), "promptpool-mix-test-"));
const rowsDir = path.join(dir, "rows");
mkdirSync(path.join(rowsDir, "glue__rte"), { recursive: true });
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
// review i says "r<i>" and its label; every render carries its row index so tests can trace it
writeFileSync(path.join(rowsDir, "reviews.jsonl"), jsonl(Array.from({ length: 300 }, (_, i) => ({ text: `r${i}`, label: i % 2 }))));
writeFileSync(
  path.join(rowsDir, "glue__rte", "train.jsonl"),
  jsonl(Array.from({ length: 120 }, (_, i) => ({ premise: `p${i}`, hypothesis: `h${i}`, label: i % 3 === 0 ? -1 : i % 2 }))),
);
writeFileSync(path.join(rowsDir, "glue__rte", "validation.jsonl"), jsonl(Array.from({ length: 10 }, (_, i) => ({ premise: `v${i}`, hypothesis: `w${i}`, label: 1 }))));

const t = (dataset: string, subset: string | null, id: string, jinja: string, answerChoices: string | null, category: string, extra: Partial<MixTemplate> = {}): MixTemplate => ({
  dataset,
  subset,
  id,
  version: 3,
  name: `name ${id}`,
  jinja,
  answerChoices,
  originalTask: true,
  choicesInPrompt: false,
  category,
  ...extra,
});

const templates: MixTemplate[] = [
  t("reviews", null, "rev-a", "Review: {{text}} ||| {{answer_choices[label]}}", "bad ||| good", "sentiment"),
  t("reviews", null, "rev-b", "{{text}} Good or bad? ||| {{answer_choices[label]}}", "bad ||| good", "sentiment", { choicesInPrompt: true }),
  t("reviews", null, "rev-c", "Say something about {{text}} ||| {{ [text, text] | choice }}", null, "sentiment"),
  // unlabeled rows (label -1) give no target and are skipped
  t("glue", "rte", "rte-a", "{{premise}} => {{hypothesis}}? ||| {% if label != -1 %}{{answer_choices[label]}}{% endif %}", "yes ||| no", "natural_language_inference"),
];

async function build(p: MixParamsInput): Promise<{ text: string; counts: Awaited<ReturnType<typeof buildMixture>> }> {
  const prepared = await prepareMixture(templates, rowsDir, parseMixParams(p));
  let text = "";
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const counts = await buildMixture(prepared, { write: async (b) => void (text += decoder.decode(b, { stream: true })), sortBudgetChars: p.shard ? 1 << 30 : 3_000 });
  return { text, counts };
}

const lines = (text: string) => text.split("\n").filter(Boolean).map((l) => JSON.parse(l));

describe("building a mixture", () => {
  it("writes the planned examples, shuffled, with every field", async () => {
    const { text, counts } = await build({ cap: 100, seed: 1 });
    const recs = lines(text);
    expect(recs.length).toBe(counts.records);
    // reviews: 100 over 3 templates; rte: 100 planned, about a third unlabeled and skipped
    expect(counts.byDataset.reviews).toBe(100);
    expect(counts.byDataset["glue/rte"]).toBe(100 - counts.skipped.noTarget);
    expect(counts.skipped.noTarget).toBeGreaterThan(15);
    expect(Object.keys(recs[0])).toEqual(["inputs", "targets", "task", "template_id", "template_version", "dataset", "split", "shots", "template_type"]);
    const rte = recs.find((r) => r.dataset === "glue/rte")!;
    expect(rte).toMatchObject({ task: "glue_rte_name_rte_a", template_version: 3, split: "train", shots: 0, template_type: "zs_opt" });
    expect(rte.inputs).toMatch(/^p\d+ => h\d+\?\n\nOPTIONS:\n- yes\n- no$/);
    // choices already in the prompt are not listed again; no choices → noopt
    expect(recs.find((r) => r.template_id === "rev-b")!.inputs).not.toContain("OPTIONS");
    expect(recs.find((r) => r.template_id === "rev-c")!.template_type).toBe("zs_noopt");
    // shuffled: datasets interleave
    const firstRte = recs.findIndex((r) => r.dataset === "glue/rte");
    expect(recs.slice(firstRte).some((r) => r.dataset === "reviews")).toBe(true);
    // each (template, row) at most once
    const ids = recs.map((r) => `${r.template_id} ${r.inputs}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is byte-identical for the same parameters and different for another seed", async () => {
    const a = await build({ cap: 80, fewShotRatio: 0.5, k: 2, seed: 9 });
    const b = await build({ cap: 80, fewShotRatio: 0.5, k: 2, seed: 9 });
    const c = await build({ cap: 80, fewShotRatio: 0.5, k: 2, seed: 10 });
    expect(a.text).toBe(b.text);
    expect(a.text).not.toBe(c.text);
    expect(a.text.length).toBeGreaterThan(1_000);
  });

  it.each([2, 3, 4, 7])("N = %i shards (1/N … N/N) concatenate to the unsharded output", async (n) => {
    const params: MixParamsInput = { cap: 150, fewShotRatio: 0.3, k: 2, seed: 4 };
    const whole = await build(params);
    let joined = "";
    let records = 0;
    for (let k = 1; k <= n; k++) {
      const part = await build({ ...params, shard: { index: k, count: n } });
      joined += part.text;
      records += part.counts.records;
    }
    expect(joined).toBe(whole.text);
    expect(records).toBe(whole.counts.records);
  });

  it("few-shot: k exemplars of the same template and split, never the example itself", async () => {
    const { text, counts } = await build({ cap: 300, fewShotRatio: 1, k: 3, includeDatasets: ["reviews"], includeTemplates: ["rev-a"], seed: 2 });
    const recs = lines(text);
    expect(counts.byShots).toEqual({ 3: 300 });
    for (const r of recs) {
      expect(r.template_type).toBe("fs_opt");
      const blocks = r.inputs.split("\n\n");
      // 3 exemplars, each "Review: r<i>\n\nOPTIONS…\ngood" split by the separator, then the example
      const own = /Review: (r\d+)\n\nOPTIONS:\n- bad\n- good$/.exec(r.inputs)![1];
      const shown = [...r.inputs.matchAll(/Review: (r\d+)/g)].map((m) => m[1]);
      expect(shown.length).toBe(4);
      expect(shown.slice(0, 3)).not.toContain(own);
      expect(new Set(shown).size).toBe(4);
      expect(blocks.length).toBeGreaterThan(4);
    }
  });

  it("few-shot exemplars respect the character budget", async () => {
    const { text } = await build({ cap: 300, fewShotRatio: 1, k: 3, includeTemplates: ["rev-c"], maxInputChars: 60, seed: 2 });
    const recs = lines(text);
    for (const r of recs) expect([...r.inputs].length <= 60 || r.shots === 0).toBe(true);
    expect(recs.some((r) => r.shots > 0 && r.shots < 3)).toBe(true);
  });

  it("reads another split from <stem>/<split>.jsonl", async () => {
    const { counts } = await build({ split: "validation" });
    expect(counts.byDataset).toEqual({ "glue/rte": 10 });
  });

  it.each([
    ["chat", (r: Record<string, unknown>) => expect(Object.keys(r)).toEqual(["messages"])],
    ["alpaca", (r: Record<string, unknown>) => expect(Object.keys(r)).toEqual(["instruction", "input", "output"])],
  ] as const)("writes the %s shape", async (format, check) => {
    const { text } = await build({ cap: 10, format });
    for (const r of lines(text)) check(r);
  });

  it("writes a file and a manifest with every parameter, counts and the SHA-256", async () => {
    const params = parseMixParams({ cap: 50, fewShotRatio: 0.5, k: 2 });
    const out = path.join(dir, "mix.jsonl");
    const prepared = await prepareMixture(templates, rowsDir, params);
    const { manifestPath, counts } = await writeMixture(prepared, out);
    const first = readFileSync(out);
    const manifest = JSON.parse(readFileSync(manifestPath!, "utf8"));
    expect(manifestPath).toBe(path.join(dir, "mix.manifest.json"));
    expect(manifest.params).toEqual(params);
    expect(manifest.file.bytes).toBe(first.length);
    expect(manifest.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.written.records).toBe(counts.records);
    expect(manifest.written.byCategory).toEqual({ natural_language_inference: counts.byCategory.natural_language_inference, sentiment: 50 });
    expect(manifest.written.byTemplate["rev-a"]).toMatchObject({ dataset: "reviews", version: 3, category: "sentiment" });
    expect(["rev-a", "rev-b", "rev-c"].reduce((a, id) => a + manifest.written.byTemplate[id].planned, 0)).toBe(50);
    expect(manifest.plan.byDataset.reviews).toEqual({ category: "sentiment", rows: 300, planned: 50 });
    const manifestText = readFileSync(manifestPath!, "utf8");
    await writeMixture(await prepareMixture(templates, rowsDir, params), out);
    expect(readFileSync(out).equals(first)).toBe(true);
    expect(readFileSync(manifestPath!, "utf8")).toBe(manifestText);
  });
});
