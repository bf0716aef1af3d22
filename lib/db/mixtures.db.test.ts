import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { seedDatabase } from "../../prisma/seed";
import { runMixCommand } from "../../bin/mix-command";
import { mixPreset } from "../mixture/presets";
import { applyTemplate, prepareTemplate } from "../render/promptsource";
import { parseJsonlLine } from "../render/py-json";
import { PyDict } from "../render/values";
import { findDatasetByName } from "./datasets";
import { getMixtureOptions, planReleaseMixture, prepareReleaseMixture, writeReleaseMixture } from "./mixtures";
import { listReleaseDatasets } from "./pool";
import { getRelease, publishRelease } from "./releases";
import { listSampleRows } from "./sample-rows";
import { describeDb } from "./testing/harness";
import { makeUser } from "./testing/fixtures";

const dir = mkdtempSync(path.join(tmpdir(), "promptpool-mixtures-"));
const t0 = mixPreset("t0");
const flan = mixPreset("flan");
const FIELDS = ["inputs", "targets", "task", "template_id", "template_version", "dataset", "split", "shots", "template_type"];

describeDb("mixtures from releases", (db) => {
  beforeAll(async () => {
    await seedDatabase({ demo: false });
    const admin = await makeUser("admin");
    // The demo seed publishes nothing: freeze its approved templates (one per dataset) as the test does in the browser.
    await publishRelease({ name: "demo", seedBase: 7 }, admin.id);
  });

  it("offers the release's categories (dataset task categories as T0 clusters), datasets, templates and splits", async () => {
    const o = await getMixtureOptions("demo");
    expect(o).toMatchObject({ release: "demo", seedBase: 7, taxonomy: "t0", splits: ["train", "validation", "test"] });
    expect(o.categories.map((c) => [c.id, c.datasets, c.templates, c.t0HeldOut])).toEqual([
      ["extractive_qa", 1, 1, false],
      ["natural_language_inference", 1, 1, true],
      ["sentiment", 1, 1, false],
      ["summarization", 1, 1, false],
      ["topic_classification", 1, 1, false],
    ]);
    const entail = o.datasets.find((d) => d.key === "pocket_entailment")!;
    expect(entail).toMatchObject({ taskCategory: "Natural Language Inference", rows: { train: 30, validation: 9, test: 9 } });
    expect(entail.templates).toEqual([expect.objectContaining({ name: "does_it_follow", version: 1 })]);
    const sni = await getMixtureOptions("demo", "sni");
    expect(sni.categories.map((c) => c.id)).toEqual(["Question Answering", "Sentiment Analysis", "Summarization", "Text Categorization", "Textual Entailment"]);
  });

  it("plans the T0-style preset: proportional, NLI held out, every train row once", async () => {
    const plan = await planReleaseMixture({ release: "demo", taxonomy: t0.taxonomy, params: t0.params });
    expect(plan.datasets.map((d) => [d.key, d.rows, d.planned, d.fewShot])).toEqual([
      ["avis_restaurants", 30, 30, 0],
      ["harbor_qa", 24, 24, 0],
      ["newsroom_topics", 32, 32, 0],
      ["town_notes/short", 16, 16, 0],
    ]);
    expect(plan).toMatchObject({ release: "demo", seedBase: 7, split: "train", total: 102, fewShot: 0 });
    expect(plan.excluded.heldOutCategories).toEqual(["natural_language_inference"]);
    expect(plan.byCategory).toEqual([
      { id: "extractive_qa", name: "Extractive QA", planned: 24 },
      { id: "sentiment", name: "Sentiment", planned: 30 },
      { id: "summarization", name: "Summarization", planned: 16 },
      { id: "topic_classification", name: "Topic classification", planned: 32 },
    ]);
  });

  it("builds the T0-style mixture from the release, byte-identical on a rerun, rendered as the release renders", async () => {
    const request = { release: "demo", taxonomy: t0.taxonomy, params: t0.params };
    const a = await writeReleaseMixture(request, path.join(dir, `t0-a-${db.provider}.jsonl`));
    const b = await writeReleaseMixture(request, path.join(dir, `t0-b-${db.provider}.jsonl`), { sortBudgetChars: 2_000 });
    const text = readFileSync(path.join(dir, `t0-a-${db.provider}.jsonl`));
    expect(readFileSync(path.join(dir, `t0-b-${db.provider}.jsonl`)).equals(text)).toBe(true);
    // The manifests differ only in the file name they record.
    expect({ ...b.manifest, file: { ...b.manifest.file, name: "x" } }).toEqual({ ...a.manifest, file: { ...a.manifest.file, name: "x" } });
    expect(a.manifest).toMatchObject({ source: { release: "demo", seedBase: 7, taxonomy: "t0" }, params: { seedBase: 7, cap: 500_000 } });

    const records = text.toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(a.counts.records);
    expect(a.counts.records).toBeGreaterThan(90); // 102 planned; a render without a target is skipped
    for (const r of records) {
      expect(Object.keys(r)).toEqual(FIELDS);
      expect(r).toMatchObject({ split: "train", shots: 0, template_type: "zs_noopt" });
      expect(r.dataset).not.toBe("pocket_entailment");
    }
    // An example is the release's template version applied to its row with seed base + position.
    const news = records.find((r) => r.dataset === "newsroom_topics")!;
    const version = (await listReleaseDatasets((await getRelease("demo"))!.id))
      .flatMap((d) => d.templates)
      .find((t) => t.templateId === news.template_id)!;
    expect(news.template_version).toBe(version.versionNumber);
    const rows = (await listSampleRows((await findDatasetByName("newsroom_topics", null))!.id, { split: "train", limit: 100 })).rows;
    const prepared = prepareTemplate({ id: version.templateId, name: version.template.name, jinja: version.template.jinja, answerChoices: version.template.answerChoices });
    const renders = rows.map((row, i) => applyTemplate(prepared, parseJsonlLine(row.dataJson, i + 1) as PyDict, { seed: 7 + i }).parts);
    expect(renders.some((p) => p?.[0] === news.inputs && p?.[1] === news.targets)).toBe(true);
  });

  it("builds the FLAN-style mixture: half few-shot with k = 3, options listed, byte-identical on a rerun", async () => {
    const request = { release: "demo", params: flan.params };
    const plan = await planReleaseMixture(request);
    expect(plan.total).toBe(30 + 24 + 32 + 30 + 16);
    expect(plan.fewShot).toBe(66);
    const a = await writeReleaseMixture(request, path.join(dir, `flan-a-${db.provider}.jsonl`));
    await writeReleaseMixture(request, path.join(dir, `flan-b-${db.provider}.jsonl`));
    const text = readFileSync(path.join(dir, `flan-a-${db.provider}.jsonl`));
    expect(readFileSync(path.join(dir, `flan-b-${db.provider}.jsonl`)).equals(text)).toBe(true);
    expect(readFileSync(path.join(dir, `flan-b-${db.provider}.manifest.json`), "utf8")).toBe(
      readFileSync(path.join(dir, `flan-a-${db.provider}.manifest.json`), "utf8").replace(`flan-a-${db.provider}.jsonl`, `flan-b-${db.provider}.jsonl`),
    );
    const records = text.toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as { shots: number; template_type: string; inputs: string });
    expect(records.some((r) => r.shots === 3 && r.template_type.startsWith("fs_"))).toBe(true);
    expect(records.some((r) => r.shots === 0 && r.template_type.startsWith("zs_"))).toBe(true);
    expect(a.manifest.written.byShots["3"]).toBeGreaterThan(40);
    expect(new Set(records.map((r) => r.template_type))).toContain("zs_opt");
  });

  it("writes chat and Alpaca records", async () => {
    await writeReleaseMixture({ release: "demo", params: { ...t0.params, format: "chat" } }, path.join(dir, `chat-${db.provider}.jsonl`));
    const chat = JSON.parse(readFileSync(path.join(dir, `chat-${db.provider}.jsonl`), "utf8").split("\n")[0]);
    expect(chat.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    await writeReleaseMixture({ release: "demo", params: { ...t0.params, format: "alpaca" } }, path.join(dir, `alpaca-${db.provider}.jsonl`));
    const alpaca = JSON.parse(readFileSync(path.join(dir, `alpaca-${db.provider}.jsonl`), "utf8").split("\n")[0]);
    expect(Object.keys(alpaca)).toEqual(["instruction", "input", "output"]);
  });

  it("groups by SNI categories when asked", async () => {
    const plan = await planReleaseMixture({ release: "demo", taxonomy: "sni", params: { holdOutCategories: ["Textual Entailment", "Summarization"] } });
    expect(plan.datasets.map((d) => [d.key, d.category])).toEqual([
      ["avis_restaurants", "Sentiment Analysis"],
      ["harbor_qa", "Question Answering"],
      ["newsroom_topics", "Text Categorization"],
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    ["a cap of 0", { cap: 0 }, /cap must be at least 1/],
    ["every category held out", { holdOutCategories: ["extractive_qa", "natural_language_inference", "sentiment", "summarization", "topic_classification"] }, /Every task category is held out/],
    ["k larger than a split", { fewShotRatio: 0.5, k: 20 }, /k = 20 exemplars need at least 21 rows in split 'train'.*town_notes\/short \(16\)/],
    ["a split no dataset has", { split: "dev" }, /has rows in split 'dev'/],
    ["a misspelt category", { holdOutCategories: ["sentimnet"] }, /Unknown categories to hold out: sentimnet/],
    ["a seed base (the release has its own)", { seedBase: 3 }, /seedBase/],
  ])("refuses %s before rendering anything", async (_name, params, message) => {
    await expect(planReleaseMixture({ release: "demo", params })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(message) });
  });

  it("promptpool mix --release builds the same bytes as the app, and through the real binary against DATABASE_URL", async () => {
    let err = "";
    const io = { out: () => {}, err: (t: string) => void (err += t) };
    const out = path.join(dir, `cli-${db.provider}.jsonl`);
    const args = ["--release", "demo", "--hold-out-categories", "t0", "--cap", "500000", "--options", "never", "--out", out];
    expect(await runMixCommand(args, io, (request, shard) => prepareReleaseMixture(request, { shard }))).toBe(0);
    expect(err).toMatch(/promptpool mix: \d+ examples \(102 planned\)/);
    expect(readFileSync(out).equals(readFileSync(path.join(dir, `t0-a-${db.provider}.jsonl`)))).toBe(true);
    expect(await runMixCommand(["--release", "demo", "--seed-base", "1", "--plan"], io, async () => { throw new Error("not reached"); })).toBe(2);
    expect(err).toMatch(/leave out --seed-base/);

    const bin = path.join(__dirname, "../../bin/promptpool.mjs");
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "mix", "--release", "demo", "--hold-out-categories", "t0", "--plan"], {
      env: { ...process.env, DATABASE_URL: db.url },
    });
    expect(JSON.parse(stdout)).toMatchObject({ total: 102, byDataset: { "harbor_qa": { category: "extractive_qa", rows: 24, planned: 24 } } });
    const refused = await promisify(execFile)(process.execPath, [bin, "mix", "--release", "nope", "--plan"], { env: { ...process.env, DATABASE_URL: db.url } }).catch((e) => e);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/Release nope/)]);
  });

  it("refuses an unknown release", async () => {
    await expect(planReleaseMixture({ release: "nope", params: {} })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
