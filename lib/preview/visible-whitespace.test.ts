import { describe, expect, it } from "vitest";
import { answerChoicesFromClassNames, visibleWhitespace } from "./visible-whitespace";

describe("visibleWhitespace", () => {
  it.each([
    ["a b", "a·b"],
    ["a\tb", "a→b"],
    ["a\nb", "a↵\nb"],
    ["a\r\nb", "a␍↵\nb"],
    ["  x ", "··x·"],
    ["a\u00a0b", "a⍽b"],
    ["", ""],
  ])("%j -> %j", (input, shown) => {
    expect(visibleWhitespace(input)).toBe(shown);
  });
});

describe("answerChoicesFromClassNames", () => {
  it("joins the names with PromptSource's separator", () => {
    expect(answerChoicesFromClassNames(["entailment", "neutral", "contradiction"])).toBe("entailment ||| neutral ||| contradiction");
  });
});
