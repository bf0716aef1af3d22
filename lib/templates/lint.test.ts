import { describe, expect, it } from "vitest";
import { applyLintFix, closestName, lintTemplate, type LintInput } from "./lint";

const squadFeatures = {
  id: { dtype: "string", _type: "Value" },
  question: { dtype: "string", _type: "Value" },
  context: { dtype: "string", _type: "Value" },
  answers: {
    feature: { text: { dtype: "string", _type: "Value" }, answer_start: { dtype: "int32", _type: "Value" } },
    _type: "Sequence",
  },
  label: { names: ["negative", "positive"], _type: "ClassLabel" },
  meta: { source: { dtype: "string", _type: "Value" }, year: { dtype: "int32", _type: "Value" } },
};

const codes = (input: LintInput) => lintTemplate(input).map((i) => i.code);

describe("lintTemplate", () => {
  const cases: { name: string; input: LintInput; codes: string[] }[] = [
    { name: "clean template", input: { jinja: "{{ question }} ||| {{ answers.text[0] }}", features: squadFeatures }, codes: [] },
    { name: "parse error", input: { jinja: "{{ question ||| x", features: squadFeatures }, codes: ["parse-error"] },
    { name: "unknown root field", input: { jinja: "{{ questoin }} ||| x", features: squadFeatures }, codes: ["unknown-field"] },
    { name: "unknown sub-field", input: { jinja: "{{ question }} ||| {{ answers.txt[0] }}", features: squadFeatures }, codes: ["unknown-subfield"] },
    { name: "unknown dict sub-field", input: { jinja: "{{ meta.yaer }} ||| x", features: squadFeatures }, codes: ["unknown-subfield"] },
    { name: "dict methods on a dict-of-lists feature are not fields", input: { jinja: "{{ answers.keys() | list }} {{ answers.get('text') }} ||| x", features: squadFeatures }, codes: [] },
    { name: "a str method on a dict feature is a missing field", input: { jinja: "{{ answers.lower() }} ||| x", features: squadFeatures }, codes: ["unknown-subfield"] },
    { name: "method on a string is not a field", input: { jinja: "{{ question.split(' ')[0] }} ||| {{ context.strip() }}", features: squadFeatures }, codes: [] },
    { name: "set/for locals are not fields", input: { jinja: "{% set q = question %}{% for a in answers.text %}{{ a }}{% endfor %}{{ q }} ||| {{ loop_free }}", features: squadFeatures }, codes: ["unknown-field"] },
    { name: "macro params are not fields", input: { jinja: "{% macro f(x) %}{{ x }}{% endmacro %}{{ f(question) }} ||| a", features: squadFeatures }, codes: [] },
    { name: "globals are not fields", input: { jinja: "{{ range(3) | list }} {{ question }} ||| a", features: squadFeatures }, codes: [] },
    { name: "no separator", input: { jinja: "{{ question }}", features: squadFeatures }, codes: ["no-separator"] },
    { name: "answer_choices without definition", input: { jinja: "{{ question }} ||| {{ answer_choices[label] }}", features: squadFeatures }, codes: ["answer-choices-undefined"] },
    { name: "answer_choices defined", input: { jinja: "{{ question }} ||| {{ answer_choices[label] }}", answerChoices: "no ||| yes", features: squadFeatures }, codes: [] },
    { name: "unknown field in answer choices", input: { jinja: "{{ question }} ||| a", answerChoices: "{{ lable }}", features: squadFeatures }, codes: ["unknown-field"] },
    { name: "no features: field checks skipped", input: { jinja: "{{ anything }} ||| x" }, codes: [] },
    { name: "empty features: field checks skipped", input: { jinja: "{{ anything }} ||| x", features: {} }, codes: [] },
    {
      name: "preview: error, empty, off-choice rows",
      input: {
        jinja: "{{ question }} ||| {{ answer_choices[label] }}",
        answerChoices: "no ||| yes",
        features: squadFeatures,
        previewResults: [
          { parts: ["q", "yes"], answerChoices: ["no", "yes"], error: null },
          { parts: null, answerChoices: null, error: "'dict object' has no attribute 'x'" },
          { parts: ["", ""], answerChoices: ["no", "yes"], error: null },
          { parts: ["q", "maybe"], answerChoices: ["no", "yes"], error: null },
        ],
      },
      codes: ["row-error", "row-empty", "target-not-in-choices"],
    },
    {
      name: "preview: clean rows",
      input: {
        jinja: "{{ question }} ||| {{ answer_choices[label] }}",
        answerChoices: "no ||| yes",
        features: squadFeatures,
        previewResults: [{ parts: ["q", " yes "], answerChoices: ["no", "yes"], error: null }],
      },
      codes: [],
    },
  ];
  for (const c of cases) it(c.name, () => expect(codes(c.input)).toEqual(c.codes));

  it("suggests the closest field and locates it", () => {
    const [issue] = lintTemplate({ jinja: "Q: {{ question }}\nC: {{ contxt }} ||| a", features: squadFeatures });
    expect(issue).toMatchObject({ code: "unknown-field", line: 2, column: 7 });
    expect(issue.message).toContain('did you mean "context"?');
  });

  it("suggests a sub-field of a sequence of dicts", () => {
    const [issue] = lintTemplate({ jinja: "{{ question }} ||| {{ answers.txt[0] }}", features: squadFeatures });
    expect(issue.message).toContain('did you mean "answers.text"?');
    expect(issue).toMatchObject({ line: 1, column: 23 });
  });

  it("gives parse errors a position", () => {
    const [issue] = lintTemplate({ jinja: "ok\n{% if %}", features: squadFeatures });
    expect(issue.code).toBe("parse-error");
    expect(issue.line).toBe(2);
    expect(issue.column).toBeGreaterThan(0);
  });

  it("lists fields when nothing is close", () => {
    const [issue] = lintTemplate({ jinja: "{{ zzzzzzzz }} ||| a", features: squadFeatures });
    expect(issue.message).toContain("id, question, context, answers, label, meta");
    expect(issue.message).not.toContain("did you mean");
  });

  it("names preview rows as the preview does", () => {
    const issues = lintTemplate({
      jinja: "{{ question }} ||| {{ answer_choices[label] }}",
      answerChoices: "no ||| yes",
      previewResults: [
        { parts: ["q", "yes"], answerChoices: ["no", "yes"], error: null },
        { parts: ["q", "maybe"], answerChoices: ["no", "yes"], error: null },
        { parts: [""], answerChoices: ["no", "yes"], error: null },
      ],
      rowLabels: ["train row 7", "train row 8", "train row 9"],
    });
    expect(issues.map((i) => i.message)).toEqual([
      "The template renders nothing on train row 9; PromptSource skips such rows.",
      'The target is not one of the answer choices on train row 8 (e.g. "maybe" on train row 8).',
    ]);
    const unnamed = lintTemplate({ jinja: "a ||| b", previewResults: [{ parts: null, answerChoices: null, error: "boom" }] });
    expect(unnamed[0].message).toBe("The template fails on row 1: boom");
  });

  it("closestName", () => {
    expect(closestName("premis", ["premise", "hypothesis"])).toBe("premise");
    expect(closestName("Label", ["label"])).toBe("label");
    expect(closestName("xyz", ["premise"])).toBeNull();
  });
});

describe("duplicates", () => {
  const siblings = [
    { name: "Yes or no", jinja: "{{ question }} ||| {{ answer_choices[label] }}" },
    { name: "Someone's draft", jinja: null },
  ];
  it.each([
    ["a name taken by another template", { name: "Yes or no", jinja: "{{ question }} ||| a" }, ["duplicate-name"]],
    ["a name taken, surrounding spaces ignored", { name: " Someone's draft ", jinja: "{{ question }} ||| a" }, ["duplicate-name"]],
    ["the same jinja as another template", { name: "Mine", jinja: "{{ question }} ||| {{ answer_choices[label] }}\n", answerChoices: "no ||| yes" }, ["duplicate-jinja"]],
    ["a fresh name and jinja", { name: "Mine", jinja: "{{ question }} ||| b" }, []],
  ])("%s", (_label, input, expected) => {
    expect(lintTemplate({ ...input, features: squadFeatures, siblings }).map((i) => i.code)).toEqual(expected);
  });
  it("names the template with the same jinja", () => {
    const [issue] = lintTemplate({ name: "Mine", jinja: "{{ question }} ||| {{ answer_choices[label] }}", answerChoices: "a ||| b", siblings });
    expect(issue.message).toBe('The template "Yes or no" of this dataset has the same jinja.');
  });
});

describe("applyLintFix", () => {
  it("replaces the misspelt field where the issue points", () => {
    const jinja = "Q: {{ questoin }}\n{{ answers . txt[0] }} ||| {{ questoin }}";
    const all = lintTemplate({ jinja, features: squadFeatures });
    const issues = [all.find((i) => i.code === "unknown-field")!, all.find((i) => i.code === "unknown-subfield")!];
    expect(issues.map((i) => i.fix)).toEqual([{ from: "questoin", to: "question" }, { from: "answers.txt", to: "answers.text" }]);
    const once = applyLintFix(jinja, issues[0]);
    expect(once).toBe("Q: {{ question }}\n{{ answers . txt[0] }} ||| {{ questoin }}");
    expect(applyLintFix(jinja, issues[1])).toBe("Q: {{ questoin }}\n{{ answers.text[0] }} ||| {{ questoin }}");
    expect(applyLintFix("{{ other }}", issues[0])).toBeNull();
  });
});
