import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const REPO = path.resolve(__dirname, "..");
const BIN = path.join(REPO, "bin/promptpool.mjs");
// CI checks out ../shared beside the repository (DEVELOPERS.md).
const SHARED = path.resolve(REPO, "../shared");
const TEMPLATES = path.join(SHARED, "promptsource/templates");
const PARITY = path.join(SHARED, "parity");

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
      expectFailure(["export"], 2, /unknown command 'export'/),
      expectFailure(["apply", "--rows", rows], 2, /missing --templates/),
      expectFailure(["apply", "--templates", templates], 2, /missing --rows/),
      expectFailure(["apply", "--templates", templates, "--rows", rows, "--seed-base", "1.5"], 2, /--seed-base must be an integer/),
      expectFailure(["apply", "--templates", templates, "--rows", rows, "--bogus"], 2, /bogus/),
    ]);
  });

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
