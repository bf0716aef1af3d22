import { describe, expect, it } from "vitest";
import {
  fromInstructionFile,
  instructionAdvice,
  instructionJson,
  instructionSchema,
  instructionText,
  parseInstructionJson,
  templateKindSchema,
  toInstructionFile,
  type Instruction,
} from "./instruction";

const GOOD: Instruction = {
  definition: "Given a review, answer whether it is positive.",
  positiveExamples: [
    { input: "great food", output: "yes", explanation: "praise" },
    { input: "cold soup", output: "no", explanation: "a complaint" },
  ],
  negativeExamples: [{ input: "lovely staff", output: "maybe", explanation: "must be yes or no" }],
};

describe("template kinds", () => {
  it.each([
    ["prompt", true],
    ["instruction", true],
    ["Instruction", false],
    ["", false],
  ])("%j is a kind: %s", (kind, ok) => expect(templateKindSchema.safeParse(kind).success).toBe(ok));
});

describe("instructionSchema", () => {
  it("accepts a definition with examples, and defaults missing lists and explanations", () => {
    expect(instructionSchema.parse(GOOD)).toEqual(GOOD);
    expect(instructionSchema.parse({ definition: "Do it.", positiveExamples: [{ input: "a", output: "b" }] })).toEqual({
      definition: "Do it.",
      positiveExamples: [{ input: "a", output: "b", explanation: "" }],
      negativeExamples: [],
    });
  });

  const refusals: [string, unknown, string][] = [
    ["an empty definition", { definition: "  \n" }, "Write the definition of the task"],
    ["an example without input", { definition: "d", positiveExamples: [{ input: " ", output: "x" }] }, "An example needs an input"],
    ["an example without output", { definition: "d", negativeExamples: [{ input: "x", output: "" }] }, "An example needs an output"],
    ["more than 50 examples", { definition: "d", positiveExamples: Array.from({ length: 51 }, () => ({ input: "a", output: "b" })) }, "50"],
    ["a definition over 20,000 characters", { definition: "x".repeat(20_001) }, "20000"],
    ["an example that is not an object", { definition: "d", positiveExamples: ["a"] }, "object"],
  ];
  it.each(refusals)("refuses %s", (_what, value, message) => {
    const r = instructionSchema.safeParse(value);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toContain(message);
  });
});

describe("stored and file forms", () => {
  it("stores as JSON text in a fixed key order and reads it back", () => {
    const shuffled = { negativeExamples: GOOD.negativeExamples, definition: GOOD.definition, positiveExamples: GOOD.positiveExamples };
    const text = instructionJson(GOOD);
    expect(instructionJson(shuffled)).toBe(text);
    expect(Object.keys(JSON.parse(text))).toEqual(["definition", "positiveExamples", "negativeExamples"]);
    expect(parseInstructionJson(text)).toEqual(GOOD);
  });

  it.each([null, "", "{", "[]", '{"definition": ""}'])("reads %j as no instruction (never throws)", (text) => {
    expect(parseInstructionJson(text)).toBeNull();
  });

  it("round-trips through the snake_case file form and names what is wrong in a bad one", () => {
    const file = toInstructionFile(GOOD);
    expect(Object.keys(file)).toEqual(["definition", "positive_examples", "negative_examples"]);
    expect(fromInstructionFile(file)).toEqual({ ok: true, instruction: GOOD });
    expect(fromInstructionFile({ ...file, positive_examples: [{ input: "", output: "x" }] })).toEqual({
      ok: false,
      message: "positive_examples.0.input: An example needs an input",
    });
    expect(fromInstructionFile({ ...file, positiveExamples: [] }).ok).toBe(false);
    expect(fromInstructionFile("text").ok).toBe(false);
  });
});

describe("advice and text", () => {
  it("advises what SNI's task checks ask for, and nothing for a complete instruction", () => {
    expect(instructionAdvice(GOOD)).toEqual([]);
    expect(instructionAdvice({ definition: "", positiveExamples: [{ input: "a", output: "b", explanation: "" }], negativeExamples: [] })).toEqual([
      "Write the definition: what the task asks, in plain words.",
      "Super-NaturalInstructions tasks have at least 2 positive examples.",
      "Super-NaturalInstructions tasks have at least 1 negative example.",
      "1 example has no explanation; every SNI example explains itself.",
    ]);
  });

  it("shows an instruction as text for diffs", () => {
    expect(instructionText(null)).toBe("");
    const text = instructionText(GOOD);
    expect(text).toContain("Definition:\nGiven a review");
    expect(text).toContain("Positive example 2\n  input: cold soup\n  output: no\n  explanation: a complaint");
    expect(instructionText({ ...GOOD, negativeExamples: [] })).toContain("Negative example: none");
  });
});
