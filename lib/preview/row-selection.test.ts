import { describe, expect, it } from "vitest";
import { clampRowCount, MAX_PREVIEW_ROWS, parseRowIndexes, sampleIndexes } from "./row-selection";

describe("parseRowIndexes", () => {
  it.each([
    ["0, 4, 7", 10, [0, 4, 7], []],
    ["3-5 1", 10, [3, 4, 5, 1], []],
    ["2, 2, 2", 10, [2], []],
    ["", 10, [], []],
    ["1, x, 12", 10, [1], ['"x" is not a row index or a range such as 3-7', "row 12 does not exist (the split has 10 rows)"]],
    ["5-3", 10, [], ['"5-3" is not a row index or a range such as 3-7']],
    ["8-12", 10, [8, 9], ["row 10 does not exist (the split has 10 rows)"]],
  ])("%j of %i rows", (text, rows, indexes, problems) => {
    expect(parseRowIndexes(text, rows)).toEqual({ indexes, problems });
  });
  it("caps the number of rows", () => {
    const r = parseRowIndexes("0-1000", 5000);
    expect(r.indexes).toHaveLength(MAX_PREVIEW_ROWS);
    expect(r.problems).toEqual([`at most ${MAX_PREVIEW_ROWS} rows at once`]);
  });
});

describe("sampleIndexes", () => {
  it("draws distinct sorted indexes within the split", () => {
    let s = 1;
    const random = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const got = sampleIndexes(10, 30, random);
    expect(got).toHaveLength(10);
    expect(new Set(got).size).toBe(10);
    expect(got.every((i) => i >= 0 && i < 30)).toBe(true);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
    expect(sampleIndexes(10, 3, random)).toEqual([0, 1, 2]);
    // The same draw twice still gives two distinct rows (the swap remembers the first).
    expect(sampleIndexes(2, 1_000_000_000, () => 0.999999)).toEqual([0, 999999000]);
  });
});

describe("clampRowCount", () => {
  it.each([[0, 1], [7, 7], [500, MAX_PREVIEW_ROWS], [NaN, 10], [2.7, 2]])("%f -> %i", (n, expected) => {
    expect(clampRowCount(n)).toBe(expected);
  });
});
