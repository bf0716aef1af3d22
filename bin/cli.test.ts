import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PARITY, TEMPLATES_ROOT } from "../lib/export/testing/shared";

const run = promisify(execFile);
const REPO = path.resolve(__dirname, "..");
const BIN = path.join(REPO, "bin/promptpool.mjs");
// ../shared beside the repository (CI), or PROMPTPOOL_SHARED (a worktree).
const TEMPLATES = TEMPLATES_ROOT;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: REPO, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const tmp = mkdtempSync(path.join(tmpdir(), "promptpool-cli-"));
function tmpFile(name: string, text: string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const TEMPLATES_YAML = `dataset: demo
templates:
  b-1: !Template
    answer_choices: no ||| yes
    id: b-1
    jinja: '{{ text }} ||| {{ answer_choices[label] }}'
    metadata: !TemplateMetadata
      choices_in_prompt: false
      languages: [en]
      metrics: [Accuracy]
      original_task: true
    name: second in id order, first in file
    reference: ''
  a-2: !Template
    answer_choices: null
    id: a-2
    jinja: '{{ missing.attr }}'
    metadata: !TemplateMetadata
      choices_in_prompt: false
      languages: [en]
      metrics: [Accuracy]
      original_task: false
    name: always an error
    reference: ''
`;

function records(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("promptpool apply on the parity corpus", () => {
  // super_glue/rte: plain; hellaswag: compile-time choice; swag/regular: hyphenated columns and
  // choice; wiki_hop/original: every record an error; art: protected ||| in answer choices.
  it.concurrent.for(["super_glue/rte", "hellaswag", "swag/regular", "wiki_hop/original", "art"])("%s gives the expected records", async (config, { expect }) => {
    const stem = config.replaceAll("/", "__");
    const res = await cli(["apply", "--templates", path.join(TEMPLATES, config, "templates.yaml"), "--rows", path.join(PARITY, "rows", `${stem}.jsonl`), "--seed-base", "1000"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const got = records(res.stdout);
    const expected = records(readFileSync(path.join(PARITY, "expected", `${stem}.jsonl`), "utf8"));
    expect(got).toHaveLength(expected.length);
    got.forEach((g, i) => {
      const e = expected[i];
      const where = `${config} ${String(e.template_name)} row ${String(e.row_index)}`;
      expect(Object.keys(g), where).toEqual(["template_id", "template_name", "row_index", "parts", "answer_choices", "error"]);
      expect([g.template_id, g.template_name, g.row_index], where).toEqual([e.template_id, e.template_name, e.row_index]);
      expect(g.parts, where).toEqual(e.parts);
      expect(g.answer_choices, where).toEqual(e.answer_choices);
      expect(g.error === null, `${where}: ${String(g.error)}`).toBe(e.error === null);
    });
  });

  it("writes records byte for byte as Python's json.dumps(ensure_ascii=False) does, minus dataset/subset", async () => {
    const res = await cli(["apply", "--templates", path.join(TEMPLATES, "super_glue/rte/templates.yaml"), "--rows", path.join(PARITY, "rows/super_glue__rte.jsonl"), "--seed-base", "1000"]);
    const expected = readFileSync(path.join(PARITY, "expected/super_glue__rte.jsonl"), "utf8").replaceAll('{"dataset": "super_glue", "subset": "rte", ', "{");
    expect(res.stdout).toBe(expected);
  });
});

describe("promptpool apply semantics", () => {
  it("writes template order (YAML order) then row order, seeds seed-base + row index, exits 0 despite record errors", async () => {
    const templates = tmpFile("t.yaml", TEMPLATES_YAML);
    const rows = tmpFile("r.jsonl", '{"text": "first", "label": 1}\n\n{"text": "second |||", "label": 0}\r\n');
    const res = await cli(["apply", "--templates", templates, "--rows", rows]);
    expect(res.code).toBe(0);
    const got = records(res.stdout);
    expect(got.map((r) => [r.template_id, r.row_index])).toEqual([
      ["b-1", 0],
      ["b-1", 1],
      ["a-2", 0],
      ["a-2", 1],
    ]);
    expect(got[0]).toMatchObject({ parts: ["first", "yes"], answer_choices: ["no", "yes"], error: null });
    expect(got[1]).toMatchObject({ parts: ["second |||", "no"], error: null });
    expect(got[2]).toMatchObject({ parts: null, answer_choices: null });
    expect(String(got[2].error)).toMatch(/^UndefinedError: /);
  });

  it("runs as `npx promptpool` from the checkout without the registry", async () => {
    const templates = tmpFile("t2.yaml", TEMPLATES_YAML);
    const rows = tmpFile("r2.jsonl", '{"text": "x", "label": 0}\n');
    const npx = process.platform === "win32" ? "npx.cmd" : "npx";
    const { stdout } = await run(npx, ["--offline", "promptpool", "apply", "--templates", templates, "--rows", rows], {
      cwd: REPO,
      env: { ...process.env, npm_config_registry: "http://127.0.0.1:9/" },
    });
    expect(records(stdout).map((r) => r.template_id)).toEqual(["b-1", "a-2"]);
  });
});

describe("promptpool bad input", () => {
  const templates = tmpFile("good.yaml", TEMPLATES_YAML);
  const rows = tmpFile("good.jsonl", '{"text": "x", "label": 0}\n');

  async function expectFailure(args: string[], code: number, message: RegExp) {
    const res = await cli(args);
    expect(res.code).toBe(code);
    expect(res.stdout).toBe("");
    expect(res.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(res.stderr).toMatch(message);
  }

  it("rejects bad arguments with exit 2", async () => {
    await Promise.all([
      expectFailure([], 2, /^promptpool: missing command/),
      expectFailure(["exprot"], 2, /unknown command 'exprot'/),
      expectFailure(["apply", "--rows", rows], 2, /missing --templates/),
      expectFailure(["apply", "--templates", templates], 2, /missing --rows/),
      expectFailure(["apply", "--templates", templates, "--rows", rows, "--seed-base", "1.5"], 2, /--seed-base must be an integer/),
      expectFailure(["apply", "--templates", templates, "--rows", rows, "--bogus"], 2, /bogus/),
    ]);
  }, 180_000);

  it("names an unreadable file", async () => {
    const missing = path.join(tmp, "nope.yaml");
    await expectFailure(["apply", "--templates", missing, "--rows", rows], 1, new RegExp(`${missing}: cannot read templates file \\(ENOENT\\)`));
    await expectFailure(["apply", "--templates", templates, "--rows", path.join(tmp, "nope.jsonl")], 1, /nope\.jsonl: cannot read rows file/);
    await expectFailure(["apply", "--templates", templates, "--rows", tmp], 1, new RegExp(`${tmp}: cannot read file \\(EISDIR\\)`));
    await expectFailure(["apply", "--templates", tmp, "--rows", rows], 1, new RegExp(`${tmp}: cannot read templates file \\(EISDIR\\)`));
  });

  it("names file and line of malformed YAML or a wrong template shape", async () => {
    const bad = tmpFile("bad.yaml", TEMPLATES_YAML.replace("    name: always an error\n", "    name: [unclosed\n"));
    await expectFailure(["apply", "--templates", bad, "--rows", rows], 1, /bad\.yaml:\d+:\d+: invalid YAML/);
    const shape = tmpFile("shape.yaml", TEMPLATES_YAML.replace("    jinja: '{{ missing.attr }}'\n", ""));
    await expectFailure(["apply", "--templates", shape, "--rows", rows], 1, /shape\.yaml:14:\d+: template "a-2": `jinja`/);
  });

  it("names file and line of a malformed row and writes no records", async () => {
    const badRows = tmpFile("bad.jsonl", '{"text": "x", "label": 0}\n\n{"text": \n');
    await expectFailure(["apply", "--templates", templates, "--rows", badRows], 1, /bad\.jsonl:3: malformed JSON: Expecting value/);
    const notObject = tmpFile("list.jsonl", '{"text": "x", "label": 0}\n[1, 2]\n');
    await expectFailure(["apply", "--templates", templates, "--rows", notObject], 1, /list\.jsonl:2: a row must be a JSON object/);
    const latin1 = path.join(tmp, "latin1.jsonl");
    writeFileSync(latin1, Buffer.from('{"text": "x"}\n{"text": "caf\xe9"}\n', "latin1"));
    await expectFailure(["apply", "--templates", templates, "--rows", latin1], 1, /latin1\.jsonl:2: invalid UTF-8/);
  });
});

describe("promptpool export", () => {
  const templatesDir = path.join(tmp, "export-templates/demo");
  mkdirSync(templatesDir, { recursive: true });
  writeFileSync(path.join(templatesDir, "templates.yaml"), TEMPLATES_YAML);
  const rowsDir = path.join(tmp, "export-rows");
  mkdirSync(path.join(rowsDir, "demo"), { recursive: true });
  writeFileSync(path.join(rowsDir, "demo/train.jsonl"), '{"text": "x", "label": 1}\n{"text": "y", "label": 0}\n');
  writeFileSync(path.join(rowsDir, "demo/test.jsonl"), '{"text": "z", "label": 0}\n');
  writeFileSync(path.join(rowsDir, "other.jsonl"), '{"text": "unused"}\n');

  it("writes P3 folders and a manifest, and byte-identical zips on every run", async () => {
    const out = path.join(tmp, "p3-out");
    const res = await cli(["export", "--format", "p3", "--templates", path.join(tmp, "export-templates"), "--rows", rowsDir, "--out", out]);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/warning: rows for 'other' match no templates file/);
    expect(readdirSync(out).sort()).toEqual([
      "demo_always_an_error",
      "demo_second_in_id_order_first_in_file",
      "demo_second_in_id_order_first_in_file_score_eval",
      "manifest.json",
    ]);
    expect(readFileSync(path.join(out, "demo_second_in_id_order_first_in_file/train.jsonl"), "utf8")).toBe(
      '{"answer_choices": ["no", "yes"], "inputs_pretokenized": "x", "targets_pretokenized": "yes"}\n{"answer_choices": ["no", "yes"], "inputs_pretokenized": "y", "targets_pretokenized": "no"}\n',
    );
    const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest.folders.demo_always_an_error).toEqual({ train: { records: 0, dropped: 0, errors: 2 }, test: { records: 0, dropped: 0, errors: 1 } });

    // the same bytes on every run, in worker threads (the default: one per CPU) or in the main thread
    const zips = [path.join(tmp, "a.zip"), path.join(tmp, "b.zip"), path.join(tmp, "c.zip")];
    for (const [i, zip] of zips.entries()) {
      const workers = ["--workers", ["2", "1", "3"][i]];
      const r = await cli(["export", "--format", "p3", "--templates", path.join(tmp, "export-templates"), "--rows", rowsDir, "--out", zip, "--seed-base", "3", ...(i === 0 ? [] : workers)]);
      expect(r.code).toBe(0);
    }
    expect(readFileSync(zips[0]).equals(readFileSync(zips[1]))).toBe(true);
    expect(readFileSync(zips[2]).equals(readFileSync(zips[1]))).toBe(true);
  }, 300_000);

  it("writes PromptSource YAML without rows", async () => {
    const out = path.join(tmp, "ps-out");
    const res = await cli(["export", "--format", "promptsource", "--templates", path.join(templatesDir, "templates.yaml"), "--out", out]);
    expect(res.code).toBe(0);
    expect(readFileSync(path.join(out, "templates/demo/templates.yaml"), "utf8")).toMatch(/^dataset: demo\ntemplates:\n  a-2: !Template\n/);
  }, 120_000);

  it("writes a Super-NaturalInstructions task per instruction template (--format sni)", async () => {
    const dir = path.join(tmp, "sni-templates/demo");
    mkdirSync(dir, { recursive: true });
    const instruction = [
      "    instruction:",
      "      definition: Answer yes or no.",
      "      positive_examples: [{input: x, output: 'yes', explanation: x is good}, {input: w, output: 'no', explanation: w is bad}]",
      "      negative_examples: [{input: v, output: maybe, explanation: only yes or no}]",
    ].join("\n");
    writeFileSync(path.join(dir, "templates.yaml"), TEMPLATES_YAML.replace("    id: b-1\n", `    id: b-1\n${instruction}\n`));
    const out = path.join(tmp, "sni-out");
    const res = await cli(["export", "--format", "sni", "--templates", path.join(tmp, "sni-templates"), "--rows", rowsDir, "--out", out]);
    expect(res.code).toBe(0);
    const name = "task001_demo_second_in_id_order_first_in_file";
    expect(readdirSync(path.join(out, "tasks"))).toEqual([`${name}.json`]);
    expect(readFileSync(path.join(out, "splits/default/train_tasks.txt"), "utf8")).toBe(`${name}\n`);
    const task = JSON.parse(readFileSync(path.join(out, "tasks", `${name}.json`), "utf8"));
    expect(task.Definition).toEqual(["Answer yes or no."]);
    expect(task.Categories).toEqual(["Misc."]);
    expect(task["Positive Examples"]).toHaveLength(2);
    // row "x" is a positive example's input: not an instance
    expect(task.Instances.map((i: { input: string; output: string[] }) => [i.input, i.output])).toEqual([
      ["y", ["no"]],
      ["z", ["no"]],
    ]);
  }, 120_000);

  it("rejects bad arguments and bad input with a clear message, writing nothing", async () => {
    const t = path.join(tmp, "export-templates");
    const fail = async (args: string[], code: number, message: RegExp) => {
      const res = await cli(["export", ...args]);
      expect(res.code).toBe(code);
      expect(res.stderr).toMatch(message);
    };
    const badRows = path.join(tmp, "bad-rows");
    mkdirSync(badRows);
    writeFileSync(path.join(badRows, "demo.jsonl"), '{"text": "x"}\n{"text": \n');
    await Promise.all([
      fail(["--format", "csv", "--templates", t, "--rows", rowsDir, "--out", path.join(tmp, "x1")], 2, /unknown --format 'csv'/),
      fail(["--format", "p3", "--templates", t, "--out", path.join(tmp, "x2")], 2, /--format p3 needs --rows/),
      fail(["--format", "p3", "--templates", t, "--rows", path.join(tmp, "no-rows"), "--out", path.join(tmp, "x3")], 1, /no-rows: rows folder not found/),
      fail(["--format", "p3", "--templates", path.join(tmp, "no-templates"), "--rows", rowsDir, "--out", path.join(tmp, "x4")], 1, /no-templates: templates file or folder not found/),
      fail(["--format", "p3", "--templates", t, "--rows", badRows, "--out", path.join(tmp, "x5.zip")], 1, /demo\.jsonl:2: malformed JSON/),
      fail(["--format", "xp3", "--templates", t, "--rows", rowsDir, "--out", templatesDir], 2, /is not empty/),
      fail(["--format", "xp3", "--templates", t, "--rows", rowsDir, "--out", path.join(tmp, "x6"), "--workers", "0"], 2, /--workers must be an integer from 1 to 64, got '0'/),
    ]);
    expect(existsSync(path.join(tmp, "x5.zip"))).toBe(false);
    expect(existsSync(path.join(tmp, "x5.zip.partial"))).toBe(false);
  }, 300_000);
});
