import { describe, expect, it } from "vitest";
import { truncateStr } from "./filters";
import { applyTemplate, prepareRow, prepareTemplate } from "./promptsource";
import { PROMPTSOURCE_TRUNCATE, RowCuts } from "./row-cuts";
import { PyDict, PyTuple } from "./values";

const cutAsJinja = (s: string) => truncateStr(s, PROMPTSOURCE_TRUNCATE, "...", 5, false);

describe("RowCuts (a row's long texts cut once)", () => {
  const long = "word ".repeat(700); // 3,500 units: cut
  const emojiWithin = "😀".repeat(2050); // 4,100 units but 2,050 code points: kept whole
  const emojiOver = "😀 ".repeat(1200); // 3,600 units, 2,400 code points: cut at a space
  const nested = "deep text ".repeat(400);
  const row = PyDict.fromEntries([
    ["text", long],
    ["emoji", emojiWithin],
    ["more", emojiOver],
    ["list", [new PyTuple(["x", PyDict.fromEntries([["inner", nested]])])]],
  ]);

  it("gives Jinja's truncate for every long text of the row, nested ones included, and nothing for other texts", () => {
    const cuts = new RowCuts(prepareRow(row).scope);
    for (const s of [long, emojiWithin, emojiOver, nested]) expect(cuts.get(s)).toBe(cutAsJinja(s));
    expect(cuts.get(emojiWithin)).toBe(emojiWithin);
    expect(cuts.get(long + "!")).toBeUndefined();
    expect(cuts.get("short")).toBe("short");
  });

  it("renders the same records as without it", () => {
    const t = prepareTemplate({ id: "t", name: "t", jinja: "{{ text }} {{ more }} {{ list[0][1].inner }} {{ (text + '!') }} ||| {{ emoji }}", answerChoices: null });
    const prepared = prepareRow(row);
    const out = applyTemplate(t, prepared, { seed: 1 });
    const expected = `${cutAsJinja(long)} ${cutAsJinja(emojiOver)} ${cutAsJinja(nested)} ${cutAsJinja(long + "!")}`;
    expect(out.parts).toEqual([expected, emojiWithin]);
    // and from the plain dict (prepared and cached by applyTemplate)
    expect(applyTemplate(t, row, { seed: 1 }).parts).toEqual(out.parts);
  });
});
