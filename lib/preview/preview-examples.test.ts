import { describe, expect, it } from "vitest";
import { handleRenderMessage } from "@/lib/render/worker";
import { rowsJsonOf, toPreviewExample } from "./preview-examples";

function render(jinja: string, answerChoices: string | null, rows: string[]) {
  const r = handleRenderMessage({ id: 1, templates: [{ id: "t", name: "t", jinja, answerChoices }], rows: rowsJsonOf(rows.map((dataJson) => ({ dataJson }))) });
  if (!r.ok) throw new Error(r.error);
  return r.results.map((x, i) => toPreviewExample(x, `row ${i}`));
}

describe("toPreviewExample", () => {
  it("separates input and target and marks the correct choice", () => {
    const [e] = render("{{text}} ||| {{ answer_choices[label] }}", "no ||| yes", ['{"text": "Great film", "label": 1}']);
    expect(e).toEqual({
      rowLabel: "row 0",
      input: "Great film",
      target: "yes",
      choices: [
        { text: "no", correct: false },
        { text: "yes", correct: true },
      ],
      error: null,
      warning: null,
    });
  });

  it("keeps Python's float text from the stored row JSON", () => {
    const [e] = render("{{ x }}|||{{ y }}", null, ['{"x": 3.0, "y": 3}']);
    expect([e.input, e.target]).toEqual(["3.0", "3"]);
  });

  it.each([
    ["a Python error", "{% set x = 1 / 0 %}{{ x }}", /ZeroDivisionError/],
    ["a syntax error", "{% for x in %}", /TemplateSyntaxError/],
    ["a runaway loop under tight limits", "{% for i in range(10**9) %}{% endfor %}", /limit|time/i],
  ])("reports %s in words", (_label, jinja, pattern) => {
    const r = handleRenderMessage({
      id: 1,
      templates: [{ id: "t", name: "t", jinja, answerChoices: null }],
      rows: '[{"a": 1}]',
      limits: { timeoutMs: 200 },
    });
    if (!r.ok) throw new Error(r.error);
    const e = toPreviewExample(r.results[0], "row 0");
    expect(e.input).toBeNull();
    expect(e.error).toMatch(pattern);
  });

  it.each([
    ["an empty input", "{{ missing }}|||x", null, "The input is empty on this row."],
    ["no separator", "just input", null, "No target: separate input and target with |||."],
    ["a target outside the choices", "q|||maybe", "no ||| yes", "The target is not one of the answer choices on this row."],
  ])("warns about %s", (_label, jinja, choices, warning) => {
    const [e] = render(jinja, choices, ['{"a": 1}']);
    expect(e.error).toBeNull();
    expect(e.warning).toBe(warning);
  });
});
