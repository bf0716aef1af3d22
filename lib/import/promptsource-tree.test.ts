import { describe, expect, it } from "vitest";
import { decodeUtf8, planPromptSourceImport } from "./promptsource-tree";

const enc = (s: string) => new TextEncoder().encode(s);
const ID1 = "2b52a83c-0021-41fe-b44c-5aaa076d71a2";
const ID2 = "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f";

function file(dataset: string, templates: string, subset?: string): string {
  return `dataset: ${dataset}\n${subset ? `subset: ${subset}\n` : ""}templates:\n${templates}`;
}

function template(id: string, name: string, extra = "", metrics = "[Accuracy]"): string {
  return [
    `  ${id}: !Template`,
    `    answer_choices: no ||| yes`,
    `    id: ${id}`,
    `    jinja: '{{text}} ||| {{answer_choices[label]}}'`,
    `    metadata: !TemplateMetadata`,
    `      choices_in_prompt: false`,
    `      languages: [en]`,
    `      metrics: ${metrics}`,
    `      original_task: true`,
    `    name: ${name}`,
    `    reference: ''`,
    extra,
  ]
    .filter(Boolean)
    .join("\n") + "\n";
}

describe("planPromptSourceImport", () => {
  it("plans valid files and keeps names byte for byte", () => {
    const plan = planPromptSourceImport([
      { path: "templates/ag_news/templates.yaml", bytes: enc(file("ag_news", template(ID1, "'classify '"))) },
      { path: "templates/README.md", bytes: enc("not a template file") },
    ]);
    expect(plan.issues).toEqual([]);
    expect(plan.filesSeen).toBe(1);
    expect(plan.files).toHaveLength(1);
    expect(plan.files[0]).toMatchObject({ dataset: "ag_news", subset: null });
    expect(plan.files[0].templates[0]).toMatchObject({ id: ID1, name: "classify ", line: 3 });
  });

  it("reports malformed YAML with file and line and skips only that file", () => {
    const plan = planPromptSourceImport([
      { path: "a/templates.yaml", bytes: enc(file("a", template(ID1, "one"))) },
      { path: "b/templates.yaml", bytes: enc("dataset: b\ntemplates:\n  x: [unclosed\n") },
    ]);
    expect(plan.files.map((f) => f.dataset)).toEqual(["a"]);
    expect(plan.issues).toHaveLength(1);
    expect(plan.issues[0]).toMatchObject({ file: "b/templates.yaml", severity: "error" });
    expect(plan.issues[0].line).toBeGreaterThanOrEqual(3);
    expect(plan.issues[0].message).toMatch(/file skipped/);
  });

  it("refuses a YAML alias bomb quickly, as a file error", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill("*" + String.fromCharCode(97 + i)).join(", ")}]`),
      "dataset: bomb",
      "templates: {}",
    ].join("\n");
    const started = Date.now();
    const plan = planPromptSourceImport([{ path: "bomb/templates.yaml", bytes: enc(bomb) }]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(plan.files).toEqual([]);
    expect(plan.issues[0].message).toMatch(/too many YAML alias expansions/);
  });

  it("reports text that is not UTF-8 with its line", () => {
    const bytes = enc(file("a", template(ID1, "café")));
    const at = bytes.indexOf(0xc3);
    const latin1 = new Uint8Array([...bytes.subarray(0, at), 0xe9, ...bytes.subarray(at + 2)]);
    const plan = planPromptSourceImport([{ path: "a/templates.yaml", bytes: latin1 }]);
    expect(plan.files).toEqual([]);
    expect(plan.issues).toEqual([expect.objectContaining({ file: "a/templates.yaml", line: 12, severity: "error", message: expect.stringMatching(/not UTF-8/) })]);
  });

  it("reports a duplicate id across files and a duplicate name in a dataset; imports the rest", () => {
    const plan = planPromptSourceImport([
      { path: "a/templates.yaml", bytes: enc(file("a", template(ID1, "one") + template(ID2, "one"))) },
      { path: "b/templates.yaml", bytes: enc(file("b", template(ID1, "two"))) },
    ]);
    expect(plan.files.map((f) => f.templates.map((t) => t.id))).toEqual([[ID1], []]);
    expect(plan.issues.map((i) => [i.file, i.line, i.message])).toEqual([
      ["a/templates.yaml", 14, `template ${ID2}: a already has a template named "one"; template skipped`],
      ["b/templates.yaml", 3, `template ${ID1}: duplicate id (already in a/templates.yaml); template skipped`],
    ]);
  });

  it("keeps unknown metrics and languages and warns about them", () => {
    const plan = planPromptSourceImport([{ path: "a/templates.yaml", bytes: enc(file("a", template(ID1, "one", "", "[Mean Squared Error, Accuracy]").replace("[en]", "[en, xx]"))) }]);
    expect(plan.files[0].templates[0].metadata.metrics).toEqual(["Mean Squared Error", "Accuracy"]);
    expect(plan.issues.map((i) => [i.severity, i.line, i.message])).toEqual([
      ["warning", 3, `template ${ID1}: unknown metric "Mean Squared Error" (kept)`],
      ["warning", 3, `template ${ID1}: unknown language code "xx" (kept)`],
    ]);
  });

  it.each([
    ["a missing jinja", template(ID1, "one").replace(/ {4}jinja:.*\n/, ""), /`jinja`/],
    ["an unknown metadata type", template(ID1, "one").replace("!TemplateMetadata", ""), /TemplateMetadata/],
    ["a key that differs from the id", template(ID1, "one").replace(`  ${ID1}: !Template`, `  ${ID2}: !Template`), /differs from its id/],
  ])("skips a file with %s (schema error)", (_label, body, pattern) => {
    const plan = planPromptSourceImport([{ path: "a/templates.yaml", bytes: enc(file("a", body)) }]);
    expect(plan.files).toEqual([]);
    expect(plan.issues[0].message).toMatch(pattern);
    expect(plan.issues[0].line).toBeGreaterThan(0);
  });

  it.each([
    ["an id that is not a UUID", template("not-a-uuid", "one"), /not a UUID/],
    ["an empty name", template(ID1, "''"), /name is empty/],
  ])("skips a template with %s", (_label, body, pattern) => {
    const plan = planPromptSourceImport([{ path: "a/templates.yaml", bytes: enc(file("a", body)) }]);
    expect(plan.files[0].templates).toEqual([]);
    expect(plan.issues[0]).toMatchObject({ severity: "error", line: 3, message: expect.stringMatching(pattern) });
  });

  it("refuses a second file for the same dataset and subset", () => {
    const plan = planPromptSourceImport([
      { path: "x/glue/rte/templates.yaml", bytes: enc(file("glue", template(ID1, "one"), "rte")) },
      { path: "y/glue/rte/templates.yaml", bytes: enc(file("glue", template(ID2, "two"), "rte")) },
    ]);
    expect(plan.files.map((f) => f.path)).toEqual(["x/glue/rte/templates.yaml"]);
    expect(plan.issues[0].message).toMatch(/glue\/rte is already defined by x\/glue\/rte\/templates.yaml/);
  });
});

describe("decodeUtf8", () => {
  it("drops a BOM and finds the first bad byte", () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: "a" });
    expect(decodeUtf8(new Uint8Array([0x61, 0x0a, 0x62, 0xff]))).toEqual({ badOffset: 3, line: 2 });
  });
});
