import { describe, expect, it } from "vitest";
import { FILTERS } from "@/lib/render/filters";
import { GLOBALS } from "@/lib/render/globals";
import { TESTS } from "@/lib/render/tests";
import { completionsAt, FILTER_NAMES, fieldCatalog, GLOBAL_HELP, hoverAt, TEST_NAMES } from "./lint-fields";

const features = {
  question: { dtype: "string", _type: "Value" },
  answers: { feature: { text: { dtype: "string", _type: "Value" }, answer_start: { dtype: "int32", _type: "Value" } }, _type: "Sequence" },
  label: { names: ["no", "yes"], _type: "ClassLabel" },
  meta: { source: { dtype: "string", _type: "Value" } },
};
const rows = [{ question: "Where?", answers: [{ text: "Here", answer_start: 3 }, { text: "There", answer_start: 9 }], label: 1, meta: { source: "web" } }];
const fields = fieldCatalog(features, rows);
const labels = (before: string) => completionsAt(before, fields).map((c) => c.label);

describe("fieldCatalog", () => {
  it("lists nested paths with types, ClassLabel names and examples", () => {
    expect(fields).toEqual([
      { path: "question", type: "string", classNames: null, example: '"Where?"' },
      { path: "answers", type: "list of dict", classNames: null, example: '[{"text":"Here","answer_start":3},{"text":"There","answer_start":9}]' },
      { path: "answers.text", type: "list of string", classNames: null, example: '["Here","There"]' },
      { path: "answers.answer_start", type: "list of int32", classNames: null, example: "[3,9]" },
      { path: "label", type: "ClassLabel (2 classes)", classNames: ["no", "yes"], example: "1 (yes)" },
      { path: "meta", type: "dict", classNames: null, example: '{"source":"web"}' },
      { path: "meta.source", type: "string", classNames: null, example: '"web"' },
    ]);
  });
  it("shortens long examples and copes with no features", () => {
    expect(fieldCatalog({ t: { dtype: "string", _type: "Value" } }, [{ t: "x".repeat(200) }])[0].example).toHaveLength(80);
    expect(fieldCatalog(null)).toEqual([]);
  });
});

describe("completionsAt", () => {
  it.each([
    ["plain text", "Question: ", []],
    ["after a closed expression", "{{ question }} ", []],
    ["inside a comment", "{# {{ ", []],
  ])("proposes nothing in %s", (_n, before, expected) => {
    expect(labels(before)).toEqual(expected);
  });
  it("proposes top-level fields, answer_choices and the globals in code", () => {
    const got = labels("{{ qu");
    expect(got.slice(0, 4)).toEqual(["question", "answers", "label", "meta"]);
    expect(got).toContain("answer_choices");
    expect(got).toContain("zip");
    expect(got).not.toContain("answers.text");
    expect(labels("{% if ")).toContain("label");
  });
  it("proposes sub-fields after a dot, with type and example in the detail", () => {
    expect(labels("{{ answers.")).toEqual(["text", "answer_start"]);
    expect(labels("{{ answers.te")).toEqual(["text", "answer_start"]);
    expect(completionsAt("{{ answers.", fields)[0].detail).toBe('list of string — e.g. ["Here","There"]');
    expect(completionsAt("{{ ", fields).find((c) => c.label === "label")?.documentation).toBe("Names: 0 = no, 1 = yes");
  });
  it("proposes filters after | and tests after is", () => {
    expect(labels("{{ question | ")).toContain("lower");
    expect(labels("{{ question|up")).toContain("upper");
    expect(labels("{% if label is ")).toContain("defined");
    expect(labels("{% if label is not ")).toContain("none");
  });
});

describe("hoverAt", () => {
  it("describes a field, a sub-field and a ClassLabel", () => {
    expect(hoverAt("", "{{ answers.text[0] }}", 12, fields)).toEqual({ range: [3, 15], lines: ["**answers.text**: list of string", 'Example: `["Here","There"]`'] });
    expect(hoverAt("", "{{ answers.text[0] }}", 4, fields)?.lines[0]).toBe("**answers**: list of dict");
    expect(hoverAt("", "{{ label }}", 3, fields)?.lines).toEqual(["**label**: ClassLabel (2 classes)", "ClassLabel names: 0 = no, 1 = yes", "Example: `1 (yes)`"]);
    expect(hoverAt("{{\n", "label }}", 0, fields)?.range).toEqual([0, 5]);
  });
  it("says nothing outside code or on unknown names", () => {
    expect(hoverAt("", "label {{ x }}", 1, fields)).toBeNull();
    expect(hoverAt("", "{{ nope }}", 4, fields)).toBeNull();
    expect(hoverAt("", "{{ question.label }}", 13, fields)).toBeNull();
  });
});

describe("name lists match the engine", () => {
  it("filters, tests and globals", () => {
    expect([...FILTER_NAMES].sort()).toEqual(Object.keys(FILTERS).sort());
    expect([...TEST_NAMES].sort()).toEqual(Object.keys(TESTS).filter((t) => /^\w+$/.test(t)).sort());
    expect(Object.keys(GLOBAL_HELP).sort()).toEqual([...GLOBALS.keys()].sort());
  });
});
