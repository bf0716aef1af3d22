import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePromptSourceYaml, PromptSourceYamlError, serializePromptSourceYaml } from "./promptsource-yaml";

// CI checks out ../shared beside the repository (see DEVELOPERS.md); a missing corpus fails loudly.
const TEMPLATES_ROOT = path.resolve(__dirname, "../../../shared/promptsource/templates");

function findTemplateFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTemplateFiles(p));
    else if (name === "templates.yaml") out.push(p);
  }
  return out;
}

const FILES = findTemplateFiles(TEMPLATES_ROOT);

const TEMPLATE = (id: string, extra = "") => `  ${id}: !Template
    answer_choices: null
    id: ${id}
    jinja: '{{text}} ||| {{label}}'
    metadata: !TemplateMetadata
      choices_in_prompt: false
      languages:
      - en
      metrics:
      - Accuracy
      original_task: true
    name: t-${id}
    reference: ''
${extra}`;

function errorOf(text: string, fileName = "x/templates.yaml"): PromptSourceYamlError {
  try {
    parsePromptSourceYaml(text, fileName);
  } catch (e) {
    expect(e).toBeInstanceOf(PromptSourceYamlError);
    return e as PromptSourceYamlError;
  }
  throw new Error("expected a PromptSourceYamlError");
}

describe("parsePromptSourceYaml on the PromptSource collection", () => {
  it("finds all 279 files", () => {
    expect(FILES).toHaveLength(279);
  });

  it("round-trips every file: parse -> serialize -> parse gives the same data", () => {
    let templates = 0;
    for (const f of FILES) {
      const parsed = parsePromptSourceYaml(readFileSync(f, "utf8"), f);
      templates += parsed.templates.length;
      const again = parsePromptSourceYaml(serializePromptSourceYaml(parsed), "serialized");
      expect(again, f).toEqual(parsed);
    }
    expect(templates).toBe(2085);
  });

  it("writes every file byte for byte as PromptSource (PyYAML) wrote it, except squad_v2's shared-metadata anchors", () => {
    const differing: string[] = [];
    for (const f of FILES) {
      const text = readFileSync(f, "utf8");
      if (serializePromptSourceYaml(parsePromptSourceYaml(text, f)) !== text) differing.push(path.relative(TEMPLATES_ROOT, f));
    }
    expect(differing).toEqual(["squad_v2/templates.yaml"]);
  });

  it("reads super_glue/rte with its fields and metadata", () => {
    const file = parsePromptSourceYaml(readFileSync(path.join(TEMPLATES_ROOT, "super_glue/rte/templates.yaml"), "utf8"));
    expect(file.dataset).toBe("super_glue");
    expect(file.subset).toBe("rte");
    const t = file.templates[0];
    expect(t.id).toBe("2b52a83c-0021-41fe-b44c-5aaa076d71a2");
    expect(t.name).toBe("MNLI crowdsource");
    expect(t.answerChoices).toBe("Yes ||| No");
    expect(t.jinja).toBe(
      '{{premise}} Using only the above description and what you know about the world, is "{{hypothesis}}" definitely correct? Yes or no? ||| {% if label != -1 %}{{ answer_choices[label] }}{% endif %}',
    );
    expect(t.metadata).toEqual({ originalTask: true, choicesInPrompt: true, metrics: ["Accuracy"], languages: ["en"], extra: {} });
    expect(t.extra).toEqual({});
  });

  it("keeps unknown fields (task_template in head_qa/en) and writes them back", () => {
    const file = parsePromptSourceYaml(readFileSync(path.join(TEMPLATES_ROOT, "head_qa/en/templates.yaml"), "utf8"));
    expect(file.templates[0].extra).toEqual({ task_template: true });
    expect(serializePromptSourceYaml(file)).toContain("    task_template: true\n");
  });

  it("resolves PyYAML anchors shared between templates' metadata (squad_v2)", () => {
    const file = parsePromptSourceYaml(readFileSync(path.join(TEMPLATES_ROOT, "squad_v2/templates.yaml"), "utf8"));
    const byName = new Map(file.templates.map((t) => [t.name, t]));
    const anchored = byName.get("Questions with Context")!;
    const aliased = byName.get("Questions with Context +unanswerable")!;
    expect(aliased.metadata).toEqual({ originalTask: true, choicesInPrompt: false, metrics: ["Squad"], languages: ["en"], extra: {} });
    expect(aliased.metadata).toEqual(anchored.metadata);
  });

  it("has no subset when the file has none (Zaid/coqa_expanded) and writes none", () => {
    const file = parsePromptSourceYaml(readFileSync(path.join(TEMPLATES_ROOT, "Zaid/coqa_expanded/templates.yaml"), "utf8"));
    expect(file.dataset).toBe("Zaid/coqa_expanded");
    expect(file.subset).toBeNull();
    expect(serializePromptSourceYaml(file)).not.toContain("subset:");
  });
});

describe("parsePromptSourceYaml order and YAML 1.1", () => {
  it("keeps the YAML order of templates; serialize sorts by id like PyYAML", () => {
    const text = `dataset: d\ntemplates:\n${TEMPLATE("b2")}${TEMPLATE("a1")}`;
    const file = parsePromptSourceYaml(text);
    expect(file.templates.map((t) => t.id)).toEqual(["b2", "a1"]);
    const out = serializePromptSourceYaml(file);
    expect(out.indexOf("a1: !Template")).toBeLessThan(out.indexOf("b2: !Template"));
    expect(out.startsWith("dataset: d\ntemplates:\n  a1: !Template\n    answer_choices: null\n    id: a1\n")).toBe(true);
    expect(out).toContain("    metadata: !TemplateMetadata\n      choices_in_prompt: false\n      languages:\n      - en\n");
  });

  it("reads YAML 1.1 booleans as PyYAML does and quotes such strings on write", () => {
    const text = `dataset: d\ntemplates:\n${TEMPLATE("a").replace("original_task: true", "original_task: yes")}`;
    const file = parsePromptSourceYaml(text);
    expect(file.templates[0].metadata.originalTask).toBe(true);
    file.templates[0].name = "yes";
    file.templates[0].reference = "123";
    const out = serializePromptSourceYaml(file);
    expect(out).toContain("name: 'yes'");
    expect(parsePromptSourceYaml(out).templates[0]).toMatchObject({ name: "yes", reference: "123" });
  });

  it("types plain scalars as PyYAML does, not as YAML 1.2 or the yaml package's 1.1 schema", () => {
    // python3 -c "import yaml; print(yaml.safe_load('k: 1e5'))" and so on for each value below
    const cases: [string, unknown][] = [
      ["y", "y"], ["n", "n"], ["09", "09"], ["1e5", "1e5"], ["1.5e+3", 1500], ["0x1F", 31], ["010", 8], ["0b101", 5],
      ["1:30", 90], ["1_000", 1000], ["~", null], ["On", true], ["NO", false], [".inf", Infinity], ["-.INF", -Infinity],
      [".5", 0.5], ["+12", 12], ["3.", 3], ["1:30.5", 90.5], ["<<x", "<<x"], ["null", null], ["Null", null],
      ["2001-12-14", "2001-12-14"], // PyYAML makes a date; kept as text here
    ];
    const extra = cases.map(([text], i) => `    k${String(i).padStart(2, "0")}: ${text}\n`).join("");
    const file = parsePromptSourceYaml(`dataset: d\ntemplates:\n${TEMPLATE("a", extra)}`);
    expect(Object.values(file.templates[0].extra)).toEqual(cases.map(([, v]) => v));
    const again = parsePromptSourceYaml(serializePromptSourceYaml(file));
    expect(again.templates[0].extra).toEqual(file.templates[0].extra);
  });

  it("writes strings that need care (leading spaces, blank-looking lines, quotes, unicode) so they read back", () => {
    const file = parsePromptSourceYaml(`dataset: d\ntemplates:\n${TEMPLATE("a")}`);
    const tricky = [
      " lead\n \n{% if x %}\n\n  indented\t tab\\ backslash 'single' \"double\" ||| {{ y }}\n",
      "x".repeat(200) + " " + "y ".repeat(100),
      "Straße 数据集 😀 \u2028 \u00a0nbsp",
      "- looks like a list: {a: b} # not a comment",
      "",
    ];
    for (const jinja of tricky) {
      file.templates[0].jinja = jinja;
      expect(parsePromptSourceYaml(serializePromptSourceYaml(file)).templates[0].jinja).toBe(jinja);
    }
  });
});

// What PyYAML 6 writes for tricky content (python3 -c "import yaml; print(yaml.dump(d), end='')" with
// Template/TemplateMetadata YAMLObjects holding these fields): escapes, quoting, folding at 80
// columns, nested extra fields, empty collections, strings that look like other types.
const PYYAML_GOLDEN = `dataset: demo/x
subset: 'on'
templates:
  a-0: !Template
    answer_choices: yes ||| no
    id: a-0
    jinja: " leading space\\n \\nline with one space above\\n\\nand trailing  \\n"
    metadata: !TemplateMetadata
      choices_in_prompt: null
      languages:
      - en
      - fr
      metrics: []
      original_task: false
    name: '123'
    reference: '- dash: colon # hash'
  m-2: !Template
    answer_choices: ''
    count: 7
    empty: {}
    id: m-2
    jinja: 'it''s a ''quoted'' string, it''s a ''quoted'' string, it''s a ''quoted''
      string, it''s a ''quoted'' string, it''s a ''quoted'' string, it''s a ''quoted''
      string, '
    metadata: !TemplateMetadata
      choices_in_prompt: null
      languages:
      - en
      - fr
      metrics: []
      original_task: false
      zeta: '2021-01-01'
    name: 'yes'
    nested:
      a: null
      b:
      - 1
      - x: y
    pairs:
    - - 1
      - 2
    - []
    reference: ''
    score: 3.5
    task_template: true
  z-1: !Template
    answer_choices: null
    id: z-1
    jinja: "Stra\\xDFe \\u6570\\u636E\\u96C6 \\U0001F600 caf\\xE9\\ttab \\"dq\\" back\\\\slash\\
      \\ and a long line that goes on and on past the eighty column limit for sure"
    metadata: !TemplateMetadata
      choices_in_prompt: null
      languages:
      - en
      - fr
      metrics: []
      original_task: false
    name: unicode
    reference: ''
`;

describe("serializePromptSourceYaml writes what PyYAML writes", () => {
  it("reproduces PyYAML's output for escapes, quoting, folding and nested extra fields", () => {
    const file = parsePromptSourceYaml(PYYAML_GOLDEN);
    expect(file.templates.map((t) => t.id)).toEqual(["a-0", "m-2", "z-1"]);
    expect(file.templates[2].jinja).toBe(
      'Straße 数据集 😀 café\ttab "dq" back\\slash and a long line that goes on and on past the eighty column limit for sure',
    );
    expect(file.templates[0].jinja).toBe(" leading space\n \nline with one space above\n\nand trailing  \n");
    expect(file.templates[1].extra).toEqual({ count: 7, empty: {}, nested: { a: null, b: [1, { x: "y" }] }, pairs: [[1, 2], []], score: 3.5, task_template: true });
    expect(file.templates[1].metadata.extra).toEqual({ zeta: "2021-01-01" });
    expect(file.subset).toBe("on");
    expect(serializePromptSourceYaml(file)).toBe(PYYAML_GOLDEN);
  });
});

describe("parsePromptSourceYaml errors name the file and line", () => {
  it("reports malformed YAML with its line", () => {
    const e = errorOf("dataset: d\ntemplates:\n  a: !Template\n    id: a\n   name: [unclosed\n");
    expect(e.message).toMatch(/^x\/templates\.yaml:\d+:\d+: invalid YAML: /);
    expect(e.line).toBeGreaterThanOrEqual(4);
  });

  it("reports a duplicate template key", () => {
    const e = errorOf(`dataset: d\ntemplates:\n${TEMPLATE("a")}${TEMPLATE("a")}`);
    expect(e.message).toContain("invalid YAML");
    expect(e.line).toBe(16);
  });

  it("reports a missing field at the template's line", () => {
    const text = `dataset: d\ntemplates:\n${TEMPLATE("a")}${TEMPLATE("b").replace("    jinja: '{{text}} ||| {{label}}'\n", "")}`;
    const e = errorOf(text);
    expect(e.message).toMatch(/^x\/templates\.yaml:16:\d+: template "b": `jinja`: /);
  });

  it("reports a field of the wrong type at that field's line", () => {
    const text = `dataset: d\ntemplates:\n${TEMPLATE("a").replace("name: t-a", "name: [1, 2]")}`;
    const e = errorOf(text);
    expect(e.line).toBe(14);
    expect(e.message).toContain('template "a": `name`');
  });

  it("reports a wrong metadata type at its line", () => {
    const text = `dataset: d\ntemplates:\n${TEMPLATE("a").replace("original_task: true", "original_task: maybe")}`;
    const e = errorOf(text);
    expect(e.line).toBe(13);
    expect(e.message).toContain("`metadata.original_task`");
  });

  it("requires the !Template and !TemplateMetadata tags", () => {
    expect(errorOf(`dataset: d\ntemplates:\n${TEMPLATE("a").replace(" !Template", "")}`).message).toContain("must be a !Template mapping");
    expect(errorOf(`dataset: d\ntemplates:\n${TEMPLATE("a").replace(" !TemplateMetadata", "")}`).message).toContain(
      "must be a !TemplateMetadata mapping",
    );
  });

  it("rejects unknown tags such as python object constructors", () => {
    const e = errorOf(`dataset: d\ntemplates:\n${TEMPLATE("a").replace("!Template", "!!python/object:os.system")}`);
    expect(e.message).toMatch(/x\/templates\.yaml:3:\d+: invalid YAML: .*python/);
  });

  it("rejects a key that differs from the template id, and a root that is not a mapping", () => {
    expect(errorOf(`dataset: d\ntemplates:\n${TEMPLATE("a").replace("id: a", "id: z")}`).message).toContain('template key "a" differs from its id "z"');
    expect(errorOf("- just\n- a list\n").message).toContain("expected a mapping");
    expect(errorOf("dataset: d\n").message).toMatch(/`templates`/);
    expect(errorOf("dataset: d\ntemplates: [1]\n").message).toMatch(/`templates`/);
    expect(errorOf("").message).toContain("expected a mapping");
  });

  it("rejects several YAML documents in one file", () => {
    expect(errorOf(`dataset: d\ntemplates: {}\n---\ndataset: e\ntemplates: {}\n`).message).toContain("invalid YAML");
  });
});
