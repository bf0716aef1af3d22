import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { parsePyJson } from "../render/py-json";
import { PyDict } from "../render/values";
import { exportFiles, MANIFEST_PATH } from "./engine";
import { startWorkerPool } from "./worker-pool";
import { fileSource, scanRowsFolder } from "./file-source";
import { writeFolder } from "./folder-writer";
import { pyJsonDumps } from "./json-text";
import { p3SubsetName } from "./p3-name";
import type { ExportFormat, ExportSource, ExportTemplate, Manifest } from "./types";
import { zipFiles } from "./zip-writer";

function template(over: Partial<ExportTemplate> & Pick<ExportTemplate, "id" | "name" | "jinja">): ExportTemplate {
  return {
    dataset: "demo",
    subset: null,
    answerChoices: null,
    reference: "",
    metadata: { originalTask: true, choicesInPrompt: false, metrics: ["Accuracy"], languages: ["en"], extra: {} },
    extra: {},
    ...over,
  };
}

const TEMPLATES: ExportTemplate[] = [
  template({ id: "t-yesno", name: "Yes or no?", jinja: "{{ text }} Yes or no? ||| {% if label != -1 %}{{ answer_choices[label] }}{% endif %}", answerChoices: "No ||| Yes" }),
  template({ id: "t-pick", name: "pick", jinja: "{{ ['a', 'b', 'c'] | choice }} {{ text }} ||| {{ text | length }}", metadata: { originalTask: false, choicesInPrompt: true, metrics: [], languages: ["en"], extra: {} } }),
  template({ id: "t-gated", name: "gated", jinja: "{% if label == 1 %}{{ text }} ||| ok{% endif %}" }),
  template({ id: "t-broken", name: "broken", jinja: "{{ missing.attr }} ||| x" }),
  template({ id: "t-sub", dataset: "demo", subset: "sub-set", name: "GPT-3 style (v2)", jinja: "{{ text }} ||| done" }),
];

const ROWS: Record<string, string[]> = {
  "demo/train": ['{"text": "first ünïcödé 😀", "label": 1}', '{"text": "second", "label": 0}', '{"text": "unlabeled", "label": -1}'],
  "demo/validation": ['{"text": "val", "label": 1}'],
  "demo/sub-set/train": ['{"text": "s", "label": 0}'],
};

function memorySource(templates = TEMPLATES, rows = ROWS): ExportSource {
  const key = (d: string, s: string | null) => d + (s ? "/" + s : "");
  return {
    templates,
    splits: (d, s) => Object.keys(rows).filter((k) => k.startsWith(key(d, s) + "/") && !k.slice(key(d, s).length + 1).includes("/")).map((k) => k.split("/").pop()!),
    rows: async function* (d, s, split) {
      for (const line of rows[`${key(d, s)}/${split}`]) yield parsePyJson(line) as PyDict;
    },
  };
}

async function collect(format: ExportFormat, source = memorySource(), seedBase = 0): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const f of exportFiles(source, { format, seedBase })) {
    const chunks: Uint8Array[] = [];
    for await (const c of f.content) chunks.push(c);
    out.set(f.path, Buffer.concat(chunks).toString("utf8"));
  }
  return out;
}

async function zipBytes(format: ExportFormat): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of zipFiles(exportFiles(memorySource(), { format, seedBase: 7 }))) chunks.push(c);
  return Buffer.concat(chunks);
}

const lines = (text: string) => text.split("\n").filter(Boolean).map((l) => JSON.parse(l));

describe("P3 export", () => {
  it("names folders by P3's rule", () => {
    expect(p3SubsetName("super_glue", "cb", "GPT-3 style")).toBe("super_glue_cb_GPT_3_style");
    expect(p3SubsetName("cnn_dailymail", "3.0.0", "2 or 3 sentences")).toBe("cnn_dailymail_3.0.0_2_or_3_sentences");
    expect(p3SubsetName("Zaid/coqa_expanded", null, "Verbose instructions")).toBe("Zaid_coqa_expanded_Verbose_instructions");
    expect(p3SubsetName("demo", null, "Qué tal? día")).toBe("demo_Qué_tal_día");
  });

  it("writes P3 records: answer choices, <NO LABEL>, empty renders and errors dropped, score_eval", async () => {
    const files = await collect("p3");
    expect([...files.keys()]).toEqual([
      "demo_Yes_or_no_/train.jsonl",
      "demo_Yes_or_no__score_eval/train.jsonl",
      "demo_broken/train.jsonl",
      "demo_gated/train.jsonl",
      "demo_pick/train.jsonl",
      "demo_Yes_or_no_/validation.jsonl",
      "demo_Yes_or_no__score_eval/validation.jsonl",
      "demo_broken/validation.jsonl",
      "demo_gated/validation.jsonl",
      "demo_pick/validation.jsonl",
      "demo_sub_set_GPT_3_style_v2_/train.jsonl",
      MANIFEST_PATH,
    ]);
    expect(files.get("demo_Yes_or_no_/train.jsonl")).toBe(
      '{"answer_choices": ["No", "Yes"], "inputs_pretokenized": "first ünïcödé 😀 Yes or no?", "targets_pretokenized": "Yes"}\n' +
        '{"answer_choices": ["No", "Yes"], "inputs_pretokenized": "second Yes or no?", "targets_pretokenized": "No"}\n' +
        '{"answer_choices": ["No", "Yes"], "inputs_pretokenized": "unlabeled Yes or no?", "targets_pretokenized": "<NO LABEL>"}\n',
    );
    expect(lines(files.get("demo_Yes_or_no__score_eval/train.jsonl")!)).toEqual([
      { idx: [0, 0], inputs_pretokenized: "first ünïcödé 😀 Yes or no?", is_correct: false, targets_pretokenized: "No", weight: 1 },
      { idx: [0, 1], inputs_pretokenized: "first ünïcödé 😀 Yes or no?", is_correct: true, targets_pretokenized: "Yes", weight: 1 },
      { idx: [1, 0], inputs_pretokenized: "second Yes or no?", is_correct: true, targets_pretokenized: "No", weight: 1 },
      { idx: [1, 1], inputs_pretokenized: "second Yes or no?", is_correct: false, targets_pretokenized: "Yes", weight: 1 },
      { idx: [2, 0], inputs_pretokenized: "unlabeled Yes or no?", is_correct: false, targets_pretokenized: "No", weight: 1 },
      { idx: [2, 1], inputs_pretokenized: "unlabeled Yes or no?", is_correct: false, targets_pretokenized: "Yes", weight: 1 },
    ]);
    expect(files.get("demo_Yes_or_no__score_eval/train.jsonl")).toContain('"weight": 1.0}\n');
    expect(files.get("demo_gated/train.jsonl")).toBe('{"inputs_pretokenized": "first ünïcödé 😀", "targets_pretokenized": "ok"}\n');
    expect(files.get("demo_broken/train.jsonl")).toBe("");

    const manifest = JSON.parse(files.get(MANIFEST_PATH)!) as Manifest;
    expect(manifest.folders["demo_gated"].train).toEqual({ records: 1, dropped: 2, errors: 0 });
    expect(manifest.folders["demo_broken"].train).toEqual({ records: 0, dropped: 0, errors: 3 });
    expect(manifest.folders["demo_Yes_or_no__score_eval"].train.records).toBe(6);
    expect(manifest.totals.rendered).toBe(4 * 3 + 4 * 1 + 1);
    expect(manifest.seed_base).toBe(0);
    expect(manifest.templates.map((t) => t.folder)).toContain("demo_sub_set_GPT_3_style_v2_");
    expect(manifest.files.map((f) => f.path)).toEqual([...files.keys()].filter((p) => p !== MANIFEST_PATH));
    for (const f of manifest.files) {
      expect(f.sha256).toBe(createHash("sha256").update(files.get(f.path)!).digest("hex"));
      expect(f.bytes).toBe(Buffer.byteLength(files.get(f.path)!));
    }
  });

  it("seeds each apply with seed base + row index, so `choice` is reproducible and follows the base", async () => {
    const a = (await collect("p3", memorySource(), 0)).get("demo_pick/train.jsonl");
    const b = (await collect("p3", memorySource(), 0)).get("demo_pick/train.jsonl");
    expect(a).toBe(b);
    const picks = async (seedBase: number) => lines((await collect("p3", memorySource(), seedBase)).get("demo_pick/train.jsonl")!).map((r) => r.inputs_pretokenized[0]);
    // Python: random.seed(n); random.choice(['a','b','c']) for n = 0, 1, 2 and 5, 6, 7
    expect(await picks(0)).toEqual(["b", "a", "a"]);
    expect(await picks(5)).toEqual(["c", "c", "b"]);
  });

  it("keeps two templates whose names give the same folder apart", async () => {
    const source = memorySource([template({ id: "t-1", name: "a b", jinja: "{{ text }} ||| 1" }), template({ id: "t-2", name: "a-b", jinja: "{{ text }} ||| 2" })]);
    const files = await collect("p3", source);
    expect([...files.keys()].filter((p) => p.endsWith("train.jsonl"))).toEqual(["demo_a_b/train.jsonl", "demo_a_b_t2/train.jsonl"]);
  });
});

describe("other formats", () => {
  it("xP3, FLAN and chat drop unlabeled examples; Alpaca is Alpaca's jdump (indent 4, ASCII escapes)", async () => {
    const xp3 = await collect("xp3");
    expect(xp3.get("demo_Yes_or_no_/train.jsonl")).toBe(
      '{"inputs": "first ünïcödé 😀 Yes or no?", "targets": "Yes"}\n{"inputs": "second Yes or no?", "targets": "No"}\n',
    );
    const flan = await collect("flan");
    expect(lines(flan.get("demo_pick/validation.jsonl")!)[0]).toMatchObject({ targets: "3", task_source: "P3", task_name: "demo_pick", template_type: "zs_opt" });
    expect(lines(flan.get("demo_gated/train.jsonl")!)[0].template_type).toBe("zs_noopt");
    const chat = await collect("chat");
    expect(lines(chat.get("demo_gated/train.jsonl")!)).toEqual([
      { messages: [{ role: "user", content: "first ünïcödé 😀" }, { role: "assistant", content: "ok" }] },
    ]);
    const alpaca = await collect("alpaca");
    expect(alpaca.get("demo_gated/train.json")).toBe(
      '[\n    {\n        "instruction": "first \\u00fcn\\u00efc\\u00f6d\\u00e9 \\ud83d\\ude00",\n        "input": "",\n        "output": "ok"\n    }\n]',
    );
    expect(JSON.parse(alpaca.get("demo_Yes_or_no_/train.json")!)).toHaveLength(2);
    expect(alpaca.get("demo_broken/train.json")).toBe("[]");
  });

  it("writes PromptSource YAML per config, with the data formats' manifest fields empty", async () => {
    const files = await collect("promptsource");
    expect([...files.keys()]).toEqual(["templates/demo/sub-set/templates.yaml", "templates/demo/templates.yaml", MANIFEST_PATH]);
    expect(files.get("templates/demo/sub-set/templates.yaml")).toContain("dataset: demo\nsubset: sub-set\ntemplates:\n  t-sub: !Template\n");
    const manifest = JSON.parse(files.get(MANIFEST_PATH)!) as Manifest;
    expect(manifest.folders).toEqual({});
    expect(manifest.totals.templates).toBe(5);
  });
});

describe("pyJsonDumps", () => {
  it("writes what Python's json.dumps writes", () => {
    expect(pyJsonDumps({ a: ["é", 1, 1.5, null, true], "k\n": "\u007f\u0001" })).toBe('{"a": ["é", 1, 1.5, null, true], "k\\n": "\u007f\\u0001"}');
    expect(pyJsonDumps(["é😀\u007f"], { ensureAscii: true })).toBe('["\\u00e9\\ud83d\\ude00\\u007f"]');
  });
});

describe("writers", () => {
  it("makes byte-identical zips from the same input, whose files match the manifest", async () => {
    const a = await zipBytes("p3");
    const b = await zipBytes("p3");
    expect(a.equals(b)).toBe(true);
    const entries = unzipSync(new Uint8Array(a));
    const manifest = JSON.parse(Buffer.from(entries[MANIFEST_PATH]).toString("utf8")) as Manifest;
    expect(Object.keys(entries)).toEqual([...manifest.files.map((f) => f.path), MANIFEST_PATH]);
    for (const f of manifest.files) expect(createHash("sha256").update(entries[f.path]).digest("hex")).toBe(f.sha256);
    expect(manifest.seed_base).toBe(7);
  });

  it("writes a folder", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "promptpool-export-"));
    const result = await writeFolder(exportFiles(memorySource(), { format: "xp3" }), dir);
    expect(readdirSync(dir).sort()).toContain("manifest.json");
    expect(readFileSync(path.join(dir, "demo_gated/train.jsonl"), "utf8")).toBe('{"inputs": "first ünïcödé 😀", "targets": "ok"}\n');
    expect(result.files).toBe(10);
  });

  it("names the file and line of a malformed row read by a worker thread", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "promptpool-rows-"));
    writeFileSync(path.join(dir, "demo.jsonl"), '{"text": "a", "label": 1}\n{"text": \n');
    const source = fileSource(
      TEMPLATES.filter((t) => t.subset === null),
      await scanRowsFolder(dir),
    );
    const run = async () => {
      for await (const f of exportFiles(source, { format: "p3", workers: 2, startWorkerPool })) for await (const _ of f.content);
    };
    await expect(run()).rejects.toThrow(/demo\.jsonl:2: malformed JSON/);
  });

  it("stops when cancelled and reports progress", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = async () => {
      for await (const f of exportFiles(memorySource(), { format: "p3", signal: controller.signal, onProgress: (p) => seen.push(p.files) })) {
        for await (const _ of f.content) {
          // read
        }
        if (f.path.startsWith("demo_broken")) controller.abort();
      }
    };
    await expect(run()).rejects.toThrow(/cancel|abort/i);
    expect(seen.at(-1)).toBe(3);
  });
});
