import { describe, expect, it } from "vitest";
import { ByteChunks } from "./byte-chunks";
import { pyJsonString } from "./json-text";
import { correctChoices, formatLine, P3Lines, scoreInput, type Example } from "./records";

/** P3's score-eval line as json.dumps writes it, built from strings (the reference for the byte writer). */
function scoreLine(idx: number, c: number, inputs: string, choice: string, correct: boolean): string {
  return `{"idx": [${idx}, ${c}], "inputs_pretokenized": ${pyJsonString(inputs)}, "is_correct": ${correct}, "targets_pretokenized": ${pyJsonString(choice)}, "weight": 1.0}\n`;
}

const many = Array.from({ length: 12 }, (_, i) => `choice ${i}`);
const EXAMPLES: Example[] = [
  { inputs: "plain", targets: "Yes", answerChoices: ["No", "Yes"], unlabeled: false },
  // the same list again (kept encodings), then lists that change from row to row
  { inputs: 'quote " backslash \\ tab \t newline \n', targets: "No", answerChoices: ["No", "Yes"], unlabeled: false },
  { inputs: "ünïcödé 😀", targets: 'say "hi"', answerChoices: ['say "hi"', "line\nbreak", "😀"], unlabeled: false },
  { inputs: "duplicate choices", targets: "a", answerChoices: ["a", "b", "a"], unlabeled: false },
  { inputs: "ten choices and more", targets: "choice 11", answerChoices: many, unlabeled: false },
  { inputs: "unlabeled", targets: "<NO LABEL>", answerChoices: ["x", "y"], unlabeled: true },
  { inputs: "control \u0001 and \u001f", targets: "", answerChoices: ["\u0007"], unlabeled: false },
];

function decode(out: ByteChunks): string {
  return Buffer.concat(out.drain(true)).toString("utf8");
}

describe("P3Lines", () => {
  it("writes data lines as formatLine does", () => {
    const lines = new P3Lines();
    const out = new ByteChunks(undefined, 64);
    let want = "";
    for (const ex of EXAMPLES) {
      lines.line(out, ex);
      want += formatLine("p3", ex, { folder: "f", choicesInPrompt: null });
    }
    expect(decode(out)).toBe(want);
  });

  it("writes score-eval lines as json.dumps does, whatever the list, index or choice count", () => {
    const lines = new P3Lines();
    const data = new ByteChunks();
    const out = new ByteChunks(undefined, 64);
    let want = "";
    EXAMPLES.forEach((ex, k) => {
      const index = [0, 7, 9, 10, 12_345, 99_999_999, 3][k];
      const input = scoreInput(Buffer.from(lines.line(data, ex)));
      const correct = correctChoices(ex.answerChoices, ex.targets);
      expect(lines.scoreEval(out, index, input, ex.answerChoices, correct)).toBe(ex.answerChoices!.length);
      ex.answerChoices!.forEach((choice, c) => (want += scoreLine(index, c, ex.inputs, choice, correct[c] === 1)));
    });
    expect(decode(out)).toBe(want);
  });

  it("writes the same score-eval lines whether they fit in a chunk or not, and across chunks", () => {
    const lines = new P3Lines();
    const data = new ByteChunks();
    // inputs around the size up to which an example's lines are written by copying the first line's head
    const sizes = [10, 20_000, 21_800, 22_000, 70_000];
    for (const chunkBytes of [64, 1 << 20]) {
      const out = new ByteChunks(undefined, chunkBytes);
      let want = "";
      sizes.forEach((size, k) => {
        const ex: Example = { inputs: "é".repeat(size / 2), targets: "b", answerChoices: ["a", "b", "c"], unlabeled: false };
        const correct = correctChoices(ex.answerChoices, ex.targets);
        lines.scoreEval(out, 9 + k, scoreInput(Buffer.from(lines.line(data, ex))), ex.answerChoices, correct);
        ex.answerChoices!.forEach((choice, c) => (want += scoreLine(9 + k, c, ex.inputs, choice, correct[c] === 1)));
      });
      expect(decode(out)).toBe(want);
    }
  });

  it("writes no score-eval line without answer choices", () => {
    const out = new ByteChunks();
    expect(new P3Lines().scoreEval(out, 0, scoreInput(Buffer.from('"x"')), null, new Uint8Array(0))).toBe(0);
    expect(new P3Lines().scoreEval(out, 0, scoreInput(Buffer.from('"x"')), [], new Uint8Array(0))).toBe(0);
    expect(out.pending).toBe(0);
  });
});
