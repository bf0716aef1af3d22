import { describe, expect, it } from "vitest";
import { assembleFewShot, codePointLength, drawExemplars, flanTemplateType, optionsSuffix } from "./few-shot";
import { SeededRandom } from "./prng";

const ex = (input: string, target: string) => ({ input, target });
const format = (maxInputChars: number) => ({ separator: "\n\n", exemplarJoiner: "\n", maxInputChars });

describe("few-shot budget", () => {
  const exemplars = [ex("aaaa", "1"), ex("bbbb", "2"), ex("cccc", "3")];
  // each exemplar costs 4 + 1 + 1 + 2 = 8 characters; the example "qq" 2
  it.each<[number, number, string]>([
    [1_000, 3, "aaaa\n1\n\nbbbb\n2\n\ncccc\n3\n\nqq"],
    [26, 3, "aaaa\n1\n\nbbbb\n2\n\ncccc\n3\n\nqq"],
    [25, 2, "aaaa\n1\n\nbbbb\n2\n\nqq"],
    [18, 2, "aaaa\n1\n\nbbbb\n2\n\nqq"],
    [17, 1, "aaaa\n1\n\nqq"],
    [10, 1, "aaaa\n1\n\nqq"],
    [9, 0, "qq"],
    [1, 0, "qq"],
  ])("budget %i keeps %i whole exemplars", (budget, shots, inputs) => {
    const got = assembleFewShot("qq", exemplars, format(budget));
    expect(got).toEqual({ inputs, shots });
    if (shots > 0) expect(codePointLength(got.inputs)).toBeLessThanOrEqual(budget);
  });

  it("drops a long exemplar rather than cutting it, and never cuts the example", () => {
    expect(assembleFewShot("q".repeat(50), [ex("x".repeat(100), "y")], format(60))).toEqual({ inputs: "q".repeat(50), shots: 0 });
  });

  it("counts code points, not UTF-16 units", () => {
    expect(codePointLength("🚀a")).toBe(2);
    expect(codePointLength("東京")).toBe(2);
    // "🚀🚀" + "\n" + "1" + "\n\n" = 6 code points (8 UTF-16 units) + example 1 = 7
    expect(assembleFewShot("q", [ex("🚀🚀", "1")], format(7)).shots).toBe(1);
  });

  it("uses the configured separators", () => {
    expect(assembleFewShot("Q", [ex("A", "1")], { separator: " ### ", exemplarJoiner: " => ", maxInputChars: 100 }).inputs).toBe("A => 1 ### Q");
  });
});

describe("exemplar draw", () => {
  it.each([
    [10, 3, 4],
    [4, 3, 0],
    [4, 3, -1],
    [2, 3, 1],
  ])("pool %i, k %i, excluding %i: distinct, never the excluded one, deterministic", (size, k, exclude) => {
    const a = drawExemplars(size, k, exclude, new SeededRandom(1, "x"));
    const b = drawExemplars(size, k, exclude, new SeededRandom(1, "x"));
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
    expect(a).not.toContain(exclude);
    expect(a.length).toBe(Math.min(k, size - (exclude >= 0 ? 1 : 0)));
    a.forEach((i) => expect(i >= 0 && i < size).toBe(true));
  });

  it("covers the pool evenly over many draws", () => {
    const seen = new Array(8).fill(0);
    for (let i = 0; i < 4_000; i++) for (const j of drawExemplars(8, 2, 0, new SeededRandom(3, i))) seen[j]++;
    expect(seen[0]).toBe(0);
    for (let j = 1; j < 8; j++) expect(seen[j]).toBeGreaterThan(1_000);
  });
});

describe("FLAN template types", () => {
  it.each<[number, boolean, string]>([
    [0, true, "zs_opt"],
    [0, false, "zs_noopt"],
    [3, true, "fs_opt"],
    [1, false, "fs_noopt"],
  ])("%i shots, options %s → %s", (shots, opt, type) => expect(flanTemplateType(shots, opt)).toBe(type));

  it("lists the options FLAN's way", () => {
    expect(optionsSuffix(["yes", "no"])).toBe("\n\nOPTIONS:\n- yes\n- no");
  });
});
