import { describe, expect, it } from "vitest";
import { LANGUAGES, languageName, parseLanguageCodes } from "./languages";
import { PROMPTSOURCE_METRICS, suggestChoicesInPrompt } from "./metrics";

describe("languages", () => {
  it("has at least 100 ISO 639-1 codes with names", () => {
    expect(Object.keys(LANGUAGES).length).toBeGreaterThanOrEqual(100);
    for (const code of Object.keys(LANGUAGES)) expect(code).toMatch(/^[a-z]{2}$/);
    expect(languageName("fr")).toBe("French");
    expect(languageName("toString")).toBeNull();
  });
  const cases: [string, string[], string[]][] = [
    ["", [], []],
    ["en", ["en"], []],
    ["en, FR ,de", ["en", "fr", "de"], []],
    ["en,en", ["en"], []],
    ["en, xx, english", ["en"], ["xx", "english"]],
  ];
  for (const [text, codes, unknown] of cases) {
    it(`parses ${JSON.stringify(text)}`, () => expect(parseLanguageCodes(text)).toEqual({ codes, unknown }));
  }
});

describe("metrics", () => {
  it("lists PromptSource's 13 metrics", () => {
    expect(PROMPTSOURCE_METRICS).toHaveLength(13);
    expect(new Set(PROMPTSOURCE_METRICS).size).toBe(13);
  });
  const row = (input: string, choices: string[] | null, error: string | null = null) => ({ parts: error ? null : [input, "t"], answerChoices: choices, error });
  const cases: [string, ReturnType<typeof row>[], boolean | null][] = [
    ["no rows", [], null],
    ["no choices", [row("a", null)], null],
    ["all choices in every input", [row("yes or no?", ["yes", "no"]), row("no or yes", ["yes", "no"])], true],
    ["a choice missing from one input", [row("yes or no?", ["yes", "no"]), row("really?", ["yes", "no"])], false],
    ["rows that error are ignored", [row("", ["yes"], "boom"), row("yes", ["yes"])], true],
  ];
  for (const [name, rows, expected] of cases) it(`suggests choices_in_prompt: ${name}`, () => expect(suggestChoicesInPrompt(rows)).toBe(expected));
});
