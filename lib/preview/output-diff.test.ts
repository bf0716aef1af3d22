import { describe, expect, it } from "vitest";
import { diffOutputs, outputText } from "./output-diff";

const ok = (input: string, target?: string, answerChoices: string[] | null = null) => ({ parts: target === undefined ? [input] : [input, target], answerChoices, error: null });

describe("outputText", () => {
  it("writes input, targets, choices and errors as text", () => {
    expect(outputText(ok("Q?", "yes", ["no", "yes"]))).toBe("Q?\n|||\nyes\n[answer choices] no | yes");
    expect(outputText({ parts: null, answerChoices: null, error: "UndefinedError: x" })).toBe("[error] UndefinedError: x");
  });
});

describe("diffOutputs", () => {
  it("marks unchanged rows and the words that changed", () => {
    const rows = diffOutputs([ok("Is it red?", "yes"), ok("Same", "a")], [ok("Is it blue?", "yes"), ok("Same", "a")], ["train row 0", "train row 1"]);
    expect(rows[1]).toEqual({ rowLabel: "train row 1", changed: false, runs: [{ text: "Same\n|||\na", change: "same" }] });
    expect(rows[0].changed).toBe(true);
    expect(rows[0].runs.filter((r) => r.change !== "same")).toEqual([
      { text: "red", change: "removed" },
      { text: "blue", change: "added" },
    ]);
    expect(rows[0].runs.filter((r) => r.change !== "added").map((r) => r.text).join("")).toBe("Is it red?\n|||\nyes");
  });
  it("shows an error that appears in the newer version", () => {
    const [row] = diffOutputs([ok("x", "y")], [{ parts: null, answerChoices: null, error: "boom" }], ["r"]);
    expect(row.runs.filter((r) => r.change === "added").map((r) => r.text).join("")).toContain("boom");
  });
});
