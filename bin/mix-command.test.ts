import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "./cli";
import { runMixCommand } from "./mix-command";

const dir = mkdtempSync(path.join(tmpdir(), "promptpool-mix-cli-"));
const templates = path.join(dir, "templates.yaml");
writeFileSync(
  templates,
  `dataset: imdb
templates:
  a1: !Template
    answer_choices: negative ||| positive
    id: a1
    jinja: '{{text}} Sentiment? ||| {{answer_choices[label]}}'
    metadata: !TemplateMetadata
      choices_in_prompt: false
      languages: [en]
      metrics: [Accuracy]
      original_task: true
    name: sentiment
    reference: ''
`,
);
writeFileSync(path.join(dir, "imdb.jsonl"), Array.from({ length: 20 }, (_, i) => JSON.stringify({ text: `t${i}`, label: i % 2 })).join("\n") + "\n");

async function mix(args: string[]) {
  let out = "";
  let err = "";
  const code = await runMixCommand(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

const base = ["--templates", templates, "--rows", dir];

describe("promptpool mix", () => {
  it("prints its help", async () => {
    const r = await mix(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/usage: promptpool mix --templates/);
    expect(r.out).toMatch(/--shard K\/N/);
  });

  it("runs through the real binary (node bin/promptpool.mjs mix, as npx runs it)", async () => {
    const out = path.join(dir, "via-bin.jsonl");
    const { stderr } = await promisify(execFile)(process.execPath, [path.join(__dirname, "promptpool.mjs"), "mix", ...base, "--out", out, "--cap", "4"]);
    expect(stderr).toMatch(/promptpool mix: 4 examples/);
    expect(readFileSync(out, "utf8").trim().split("\n").length).toBe(4);
  });

  it("is registered in the promptpool command", async () => {
    const out = path.join(dir, "via-main.jsonl");
    expect(await main(["mix", ...base, "--out", out, "--cap", "5"])).toBe(0);
    expect(readFileSync(out, "utf8").trim().split("\n").length).toBe(5);
  });

  it("--plan prints the planned counts and writes nothing", async () => {
    const out = path.join(dir, "never.jsonl");
    const r = await mix([...base, "--cap", "7", "--plan", "--out", out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ total: 7, byCategory: { sentiment: 7 }, byDataset: { imdb: { rows: 20, planned: 7, templates: { sentiment: 7 } } } });
    expect(existsSync(out)).toBe(false);
  });

  it.each<[string, string[], RegExp]>([
    ["cap 0", ["--cap", "0"], /cap must be at least 1: a cap of 0 leaves every dataset empty/],
    ["a negative total", ["--total=-3"], /total must be at least 1/],
    ["k larger than the split", ["--few-shot-ratio", "0.5", "--k", "20"], /k = 20 exemplars need at least 21 rows .*imdb \(20\)/],
    ["every category held out", ["--hold-out-categories", "sentiment"], /Every task category is held out/],
    ["a bad shard", ["--shard", "3/2"], /shard index must be between 1 and the shard count/],
    ["a number that is not one", ["--cap", "lots"], /--cap must be a number, got 'lots'/],
    ["an unknown option", ["--caps", "3"], /Unknown option '--caps'/],
  ])("refuses %s with exit 2 and a clear message, writing nothing", async (_n, extra, message) => {
    const out = path.join(dir, "refused.jsonl");
    const r = await mix([...base, "--out", out, ...extra]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it("an unreadable rows file line is exit 1 naming the file and line", async () => {
    const bad = mkdtempSync(path.join(tmpdir(), "promptpool-mix-bad-"));
    writeFileSync(path.join(bad, "imdb.jsonl"), '{"text": "a", "label": 0}\n{"text": \n');
    const r = await mix(["--templates", templates, "--rows", bad, "--out", path.join(bad, "o.jsonl")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/imdb\.jsonl:2/);
    expect(existsSync(path.join(bad, "o.jsonl"))).toBe(false);
    expect(existsSync(path.join(bad, "o.jsonl.partial"))).toBe(false);
  });

  it("writes the same bytes for shards 1/3..3/3 concatenated as for the whole", async () => {
    const whole = path.join(dir, "whole.jsonl");
    expect((await mix([...base, "--out", whole, "--few-shot-ratio", "0.5", "--k", "2", "--format", "chat"])).code).toBe(0);
    let joined = "";
    for (let k = 1; k <= 3; k++) {
      const part = path.join(dir, `part${k}.jsonl`);
      expect((await mix([...base, "--out", part, "--few-shot-ratio", "0.5", "--k", "2", "--format", "chat", "--shard", `${k}/3`])).code).toBe(0);
      joined += readFileSync(part, "utf8");
    }
    expect(joined).toBe(readFileSync(whole, "utf8"));
    expect(joined.split("\n").filter(Boolean).length).toBe(20);
  });
});
