import { describe, expect, it } from "vitest";
import { jsonlFileName, summarizeRows, toJsonl, toPromptedRows } from "./prompted-rows";

const results = [
  { rowIndex: 0, parts: ["Is it good? great", "yes"], answerChoices: ["no", "yes"], error: null },
  { rowIndex: 1, parts: ["   "], answerChoices: null, error: null },
  { rowIndex: 2, parts: null, answerChoices: null, error: "'dict object' has no attribute 'label'" },
  { rowIndex: 3, parts: ["Only input"], answerChoices: null, error: null },
];

describe("prompted rows", () => {
  it("pairs results with row indexes and tells empty renders and errors apart", () => {
    const rows = toPromptedRows([10, 11, 12, 13], results);
    expect(rows.map((r) => [r.index, r.empty, r.error !== null])).toEqual([
      [10, false, false],
      [11, true, false],
      [12, false, true],
      [13, true, false],
    ]);
    expect(rows[0]).toMatchObject({ input: "Is it good? great", target: "yes", answerChoices: ["no", "yes"] });
    expect(summarizeRows(rows)).toEqual({ rows: 4, ok: 1, empty: 2, errors: 1 });
  });

  it("writes one JSON object per line, errors included", () => {
    const text = toJsonl("train", toPromptedRows([0, 1, 2], results.slice(0, 3)));
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { split: "train", index: 0, input: "Is it good? great", target: "yes", answer_choices: ["no", "yes"] },
      { split: "train", index: 1, input: "   ", target: null, answer_choices: null },
      { split: "train", index: 2, input: null, target: null, answer_choices: null, error: "'dict object' has no attribute 'label'" },
    ]);
    expect(text.endsWith("\n")).toBe(true);
  });

  it("marks a row the renderer did not answer for as an error", () => {
    expect(toPromptedRows([5], [])[0]?.error).toMatch(/no result/);
  });

  it("names the file after what is shown", () => {
    expect(jsonlFileName(["super_glue/rte", "does it follow?", "v2", "train", "p1"])).toBe("super_glue_rte-does_it_follow_-v2-train-p1.jsonl");
  });
});
