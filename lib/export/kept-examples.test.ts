import { describe, expect, it } from "vitest";
import { KeptExamples } from "./kept-examples";

const flagsOf = (kept: KeptExamples, i: number) => Array.from(kept.flags.subarray(kept.flagsOf(i), kept.flagsOf(i) + (kept.choicesOf(i)?.length ?? 0)));

describe("KeptExamples", () => {
  it("gives back each example's place, choices and correct flags, past its first sizes", () => {
    const kept = new KeptExamples();
    const want: { block: number; at: number; bytes: number; choices: string[] | null; flags: number[] }[] = [];
    for (let i = 0; i < 700; i++) {
      // choice lists that repeat for a while, then change; 3-12 choices (past the first 1,024 flags)
      const choices = i % 50 === 49 ? null : Array.from({ length: 3 + (Math.floor(i / 100) % 10) }, (_, c) => `c${c} ${Math.floor(i / 7)}`);
      const target = i % 3 === 0 ? " c1 " + Math.floor(i / 7) + "\n" : "none";
      kept.add(i % 4, 10 * i, 5 + i, choices, target);
      want.push({ block: i % 4, at: 10 * i, bytes: 5 + i, choices, flags: choices === null ? [] : choices.map((_, c) => (i % 3 === 0 && c === 1 ? 1 : 0)) });
    }
    expect(kept.length).toBe(700);
    want.forEach((w, i) => {
      expect([kept.blockOf(i), kept.inputAt(i), kept.inputBytes(i)]).toEqual([w.block, w.at, w.bytes]);
      expect(kept.choicesOf(i)).toEqual(w.choices);
      expect(flagsOf(kept, i)).toEqual(w.flags);
    });
  });

  it("keeps an equal list once for a row of examples, and starts empty again after reset", () => {
    const kept = new KeptExamples();
    const first = ["a", "b"];
    kept.add(0, 0, 1, first, "a");
    kept.add(0, 1, 1, ["a", "b"], "b");
    expect(kept.choicesOf(1)).toBe(first);
    expect(flagsOf(kept, 0)).toEqual([1, 0]);
    expect(flagsOf(kept, 1)).toEqual([0, 1]);
    kept.reset();
    expect(kept.length).toBe(0);
    kept.add(3, 7, 2, ["x"], "y");
    expect([kept.blockOf(0), kept.inputAt(0), kept.flagsOf(0), kept.choicesOf(0)]).toEqual([3, 7, 0, ["x"]]);
  });
});
