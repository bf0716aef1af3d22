import { describe, expect, it } from "vitest";
import { analyzeTemplate } from "./index";

describe("analyzeTemplate", () => {
  it("reports root variables and dotted paths, not locals, loop variables or globals", () => {
    const a = analyzeTemplate(
      "{% set n = answers.text | length %}{% for a in answers['text'] %}{{ a }}{{ loop.index }}{% endfor %}" +
        "{{ context }} {{ range(n) | list }} {{ zip(x.y.z, q) }} ||| {{ answer_choices[label] }}",
    );
    expect(a.variables).toEqual(["answers", "answers.text", "context", "label", "q", "x", "x.y", "x.y.z"]);
    expect(a.globals).toEqual(["range", "zip"]);
    expect(a.filters).toEqual(["length", "list"]);
    expect(a.hasSeparator).toBe(true);
    expect(a.usesAnswerChoices).toBe(true);
    expect(a.error).toBeNull();
  });

  it("lists tests and macro parameters are local", () => {
    const a = analyzeTemplate("{% macro m(p) %}{{ p }}{% endmacro %}{% if v is defined and v is not none %}{{ m(v) }}{% endif %}");
    expect(a.variables).toEqual(["v"]);
    expect(a.tests).toEqual(["defined", "none"]);
    expect(a.hasSeparator).toBe(false);
    expect(a.usesAnswerChoices).toBe(false);
  });

  it.each([
    ["{{ x ", 1, "unexpected end of template"],
    ["line one\n{% for x in %}", 2, "Expected an expression"],
    ["{% if x %}\n\nno end", 3, "Jinja was looking for the following tags: 'elif' or 'else' or 'endif'"],
    ["a\n{{ x | nosuch }}", 2, "No filter named 'nosuch'"],
    ["{% foo %}", 1, "Encountered unknown tag 'foo'"],
  ])("reports the first error of %j with line and column", (src, line, message) => {
    const a = analyzeTemplate(src);
    expect(a.error).not.toBeNull();
    expect(a.error!.line).toBe(line);
    expect(a.error!.column).toBeGreaterThanOrEqual(1);
    expect(a.error!.message).toContain(message);
  });

  it("points the column at the offending token", () => {
    expect(analyzeTemplate("ab {{ x + }}").error).toMatchObject({ line: 1, column: 11 });
    expect(analyzeTemplate("a\n  {{ x | upper | nosuch }}").error).toMatchObject({ line: 2, column: 18 });
    expect(analyzeTemplate("{% if x is nosuch %}{% endif %}").error).toMatchObject({ line: 1, column: 12 });
  });
});
