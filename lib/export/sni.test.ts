import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parsePyJson } from "../render/py-json";
import type { PyDict } from "../render/values";
import type { Instruction } from "../templates/instruction";
import { exportFiles, MANIFEST_PATH } from "./engine";
import { loadTemplateFiles } from "./file-source";
import { sniTaskText, type SniTaskContent } from "./sni";
import type { ExportSource, ExportTemplate, Manifest } from "./types";

/**
 * A Super-NaturalInstructions task file as allenai/natural-instructions has them (task001_quoref_question_generation.json)
 * and as its src/test_all.py checks them: these keys in this order, lists of strings, examples
 * {input, output, explanation}, instances {id, input, output: [..]} with unique ids and inputs, non-empty.
 */
const example = z.strictObject({ input: z.string(), output: z.string(), explanation: z.string() });
const strings = z.array(z.string());
const sniTaskSchema = z.strictObject({
  Contributors: strings,
  Source: strings,
  URL: strings,
  Categories: strings,
  Reasoning: strings,
  Definition: z.array(z.string()).min(1),
  Input_language: strings,
  Output_language: strings,
  Instruction_language: strings,
  Domains: strings,
  "Positive Examples": z.array(example),
  "Negative Examples": z.array(example),
  Instances: z.array(z.strictObject({ id: z.string(), input: z.string().min(1), output: z.array(z.string().min(1)).min(1) })),
  "Instance License": strings,
});
const SNI_KEY_ORDER = [
  "Contributors",
  "Source",
  "URL",
  "Categories",
  "Reasoning",
  "Definition",
  "Input_language",
  "Output_language",
  "Instruction_language",
  "Domains",
  "Positive Examples",
  "Negative Examples",
  "Instances",
  "Instance License",
];

function checkSniTask(text: string, taskId: string) {
  const value: unknown = JSON.parse(text);
  expect(Object.keys(value as object)).toEqual(SNI_KEY_ORDER);
  const task = sniTaskSchema.parse(value);
  const ids = task.Instances.map((i) => i.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(new RegExp(`^${taskId}-[0-9a-f]{32}$`));
  const inputs = task.Instances.map((i) => i.input);
  expect(new Set(inputs).size).toBe(inputs.length);
  const positives = new Set(task["Positive Examples"].map((e) => e.input));
  for (const i of inputs) expect(positives.has(i)).toBe(false);
  return task;
}

const INSTRUCTION: Instruction = {
  definition: "Given a review, answer whether it is positive.\nAnswer \"yes\" or \"no\".",
  positiveExamples: [
    { input: "Review: great food", output: "yes", explanation: "It praises the food." },
    { input: "Review: cold soup", output: "no", explanation: "A complaint — not positive." },
  ],
  negativeExamples: [{ input: "Review: lovely staff", output: "maybe", explanation: "The answer must be yes or no." }],
};

function template(over: Partial<ExportTemplate> & Pick<ExportTemplate, "id" | "name" | "jinja">): ExportTemplate {
  return {
    dataset: "avis",
    subset: null,
    answerChoices: null,
    reference: "",
    metadata: { originalTask: true, choicesInPrompt: false, metrics: [], languages: ["en"], extra: {} },
    extra: {},
    ...over,
  };
}

const JINJA = "Review: {{ text.strip() }} ||| {% if label == 1 %}yes{% elif label == 0 %}no{% endif %}";
const TEMPLATES: ExportTemplate[] = [
  template({
    id: "7c0a-instr",
    name: "Positive? (SNI)",
    jinja: JINJA,
    instruction: INSTRUCTION,
    task: { contributors: ["Ada", "Grace"], categories: ["Sentiment Analysis"], license: "CC BY 4.0" },
  }),
  template({ id: "1a2b-prompt", name: "plain prompt", jinja: "{{ text }} ||| {{ label }}" }),
];

// train: a duplicate input with another target (merged), a positive example's input (left out), an
// unlabeled row (no target: left out), a render error; validation: one more instance.
const ROWS: Record<string, string[]> = {
  train: [
    '{"text": "nice place", "label": 1}',
    '{"text": "great food", "label": 1}',
    '{"text": "nice place", "label": 0}',
    '{"text": "noisy ünïcödé 😀", "label": 0}',
    '{"text": "unknown", "label": -1}',
    '{"text": ["not", "text"], "label": {"no": 1}}',
  ],
  validation: ['{"text": "slow service", "label": 0}'],
};

function source(templates = TEMPLATES, rows = ROWS): ExportSource {
  return {
    templates,
    splits: (dataset) => (dataset === "avis" ? Object.keys(rows) : []),
    rows: async function* (_d, _s, split) {
      for (const line of rows[split]) yield parsePyJson(line) as PyDict;
    },
  };
}

async function collect(src: ExportSource, options: { sniMaxInstances?: number; format?: "sni" | "promptsource" } = {}) {
  const out = new Map<string, string>();
  for await (const f of exportFiles(src, { format: options.format ?? "sni", seedBase: 0, sniMaxInstances: options.sniMaxInstances })) {
    const chunks: Uint8Array[] = [];
    for await (const c of f.content) chunks.push(c);
    out.set(f.path, Buffer.concat(chunks).toString("utf8"));
  }
  return out;
}

describe("sni export", () => {
  it("writes one SNI task per instruction template, with the schema and key order of SNI's task files", async () => {
    const files = await collect(source());
    const name = "task001_avis_positive_sni_";
    expect([...files.keys()]).toEqual([`tasks/${name}.json`, "splits/default/train_tasks.txt", "splits/default/test_tasks.txt", "splits/default/excluded_tasks.txt", MANIFEST_PATH]);
    const task = checkSniTask(files.get(`tasks/${name}.json`)!, "task001");
    expect(task.Contributors).toEqual(["Ada", "Grace"]);
    expect(task.Source).toEqual(["avis"]);
    expect(task.URL).toEqual(["https://huggingface.co/datasets/avis"]);
    expect(task.Categories).toEqual(["Sentiment Analysis"]);
    expect(task.Definition).toEqual([INSTRUCTION.definition]);
    expect(task.Input_language).toEqual(["English"]);
    expect(task.Instruction_language).toEqual(["English"]);
    expect(task["Positive Examples"]).toEqual(INSTRUCTION.positiveExamples);
    expect(task["Negative Examples"]).toEqual(INSTRUCTION.negativeExamples);
    expect(task["Instance License"]).toEqual(["CC BY 4.0"]);
    expect(task.Instances.map((i) => [i.input, i.output])).toEqual([
      ["Review: nice place", ["yes", "no"]],
      ["Review: noisy ünïcödé 😀", ["no"]],
      ["Review: slow service", ["no"]],
    ]);
    expect(files.get("splits/default/train_tasks.txt")).toBe(`${name}\n`);
    const manifest = JSON.parse(files.get(MANIFEST_PATH)!) as Manifest;
    expect(manifest.format).toBe("sni");
    expect(manifest.templates.map((t) => [t.id, t.folder])).toEqual([["7c0a-instr", name]]);
    expect(manifest.folders[name]).toEqual({ train: { records: 2, dropped: 1, errors: 1 }, validation: { records: 1, dropped: 0, errors: 0 } });
    expect(manifest.sni_tasks).toEqual({ [name]: { template_id: "7c0a-instr", instances: 3, merged: 1, positive_overlap: 1, over_cap: 0 } });
    expect(manifest.files.map((f) => f.path)).toEqual([...files.keys()].filter((p) => p !== MANIFEST_PATH));
  });

  it("gives the same bytes every time and stable instance ids", async () => {
    const [a, b] = [await collect(source()), await collect(source())];
    expect([...a.entries()]).toEqual([...b.entries()]);
    // ids depend on (template, split, row), not on what came before: a dropped row changes no other id
    const fewer = await collect(source(TEMPLATES, { ...ROWS, train: ROWS.train.slice(1) }));
    const ids = (m: Map<string, string>) => new Map(checkSniTask([...m.values()][0], "task001").Instances.map((i) => [i.input, i.id]));
    expect(ids(fewer).get("Review: slow service")).toBe(ids(a).get("Review: slow service"));
  });

  it("stops at the instance cap and counts the rows it did not render", async () => {
    const files = await collect(source(), { sniMaxInstances: 1 });
    const task = checkSniTask(files.get("tasks/task001_avis_positive_sni_.json")!, "task001");
    expect(task.Instances).toHaveLength(1);
    // once full, rows are not rendered (not even a repeat of an instance's input, as train row 2 is)
    expect(task.Instances[0].output).toEqual(["yes"]);
    const manifest = JSON.parse(files.get(MANIFEST_PATH)!) as Manifest;
    expect(manifest.sni_tasks!["task001_avis_positive_sni_"]).toMatchObject({ instances: 1, merged: 0, over_cap: 6 });
  });

  it("writes no task when no template is an instruction template", async () => {
    const files = await collect(source([TEMPLATES[1]]));
    expect([...files.keys()]).toEqual(["splits/default/train_tasks.txt", "splits/default/test_tasks.txt", "splits/default/excluded_tasks.txt", MANIFEST_PATH]);
    expect(files.get("splits/default/train_tasks.txt")).toBe("");
  });

  it("writes the text as Python's json.dumps(task, indent=4, ensure_ascii=False)", () => {
    const content: SniTaskContent = {
      info: { contributors: ["Ada"], categories: [], license: null },
      dataset: "d",
      subset: "s",
      instruction: { definition: "Say \"hi\" — é", positiveExamples: [], negativeExamples: [{ input: "a", output: "b", explanation: "" }] },
      languages: [],
      instances: [{ id: "task001-00", input: "x\ty", output: ["1", "2"] }],
    };
    // python3 -c 'import json; print(json.dumps({...}, indent=4, ensure_ascii=False), end="")'
    const expected = `{
    "Contributors": [
        "Ada"
    ],
    "Source": [
        "d/s"
    ],
    "URL": [
        "https://huggingface.co/datasets/d"
    ],
    "Categories": [],
    "Reasoning": [],
    "Definition": [
        "Say \\"hi\\" — é"
    ],
    "Input_language": [],
    "Output_language": [],
    "Instruction_language": [],
    "Domains": [],
    "Positive Examples": [],
    "Negative Examples": [
        {
            "input": "a",
            "output": "b",
            "explanation": ""
        }
    ],
    "Instances": [
        {
            "id": "task001-00",
            "input": "x\\ty",
            "output": [
                "1",
                "2"
            ]
        }
    ],
    "Instance License": [
        "Unknown"
    ]
}`;
    expect([...sniTaskText(content)].join("")).toBe(expected);
    expect([...sniTaskText({ ...content, instances: [] })].join("")).toContain('"Instances": [],\n    "Instance License"');
  });

  it("carries the instruction through PromptSource YAML: the promptsource export writes it, the file loader reads it back", async () => {
    const files = await collect(source(), { format: "promptsource" });
    const yaml = files.get("templates/avis/templates.yaml")!;
    expect(yaml).toContain("instruction:");
    const dir = mkdtempSync(path.join(tmpdir(), "sni-yaml-"));
    mkdirSync(path.join(dir, "avis"));
    writeFileSync(path.join(dir, "avis", "templates.yaml"), yaml);
    const loaded = await loadTemplateFiles(dir);
    const byId = new Map(loaded.map((t) => [t.id, t]));
    expect(byId.get("7c0a-instr")!.instruction).toEqual(INSTRUCTION);
    expect(byId.get("7c0a-instr")!.extra).toEqual({});
    expect(byId.get("1a2b-prompt")!.instruction).toBeUndefined();
    // and a prompt-only file is written exactly as before (no instruction field)
    const plain = await collect(source([TEMPLATES[1]]), { format: "promptsource" });
    expect(plain.get("templates/avis/templates.yaml")).not.toContain("instruction");
  });

  it("refuses an instruction field that is not one, naming the file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sni-bad-"));
    const file = path.join(dir, "templates.yaml");
    writeFileSync(
      file,
      [
        "dataset: avis",
        "templates:",
        "  t1: !Template",
        "    answer_choices: null",
        "    id: t1",
        "    instruction: {definition: '', positive_examples: [], negative_examples: []}",
        "    jinja: '{{ text }} ||| x'",
        "    metadata: !TemplateMetadata {choices_in_prompt: null, languages: [], metrics: [], original_task: null}",
        "    name: broken instruction",
        "    reference: ''",
        "",
      ].join("\n"),
    );
    await expect(loadTemplateFiles(file)).rejects.toThrow(/instruction: definition: Write the definition/);
  });
});
