import { describe, expect, it } from "vitest";
import { randomString, seeded } from "./testing/random-strings";
import { truncateStr } from "./filters";
import { cpToUtf16, pyLen, utf16ToCp } from "./py-str";

// Code points as Python counts them: a well-formed pair is one, a lone surrogate is one.
const codePointCount = (s: string) => Array.from(s).length;

const PIECES = ["a", " ", "é", "数", "😀", "𝔘", "\ud800", "\udc00", "\ud83d", "x y"];

describe("code point helpers", () => {
  it("count and convert lengths as Python does, lone surrogates and long texts included", () => {
    const random = seeded(7);
    for (let round = 0; round < 400; round++) {
      // long strings go through the index cache (256 units and more)
      const s = randomString(random, Math.floor(random() * (round % 2 ? 600 : 40)), PIECES);
      const n = codePointCount(s);
      expect(pyLen(s)).toBe(n);
      const cps = Array.from(s);
      for (let k = 0; k <= n; k += Math.max(1, Math.floor(n / 7))) {
        const offset = cps.slice(0, k).join("").length;
        expect(cpToUtf16(s, k)).toBe(offset);
        expect(utf16ToCp(s, offset)).toBe(k);
      }
    }
  });

  it("truncate counts code points: a text of emoji under the limit in code points is kept whole", () => {
    const emoji = "😀".repeat(2050); // 4,100 UTF-16 units, 2,050 code points
    expect(truncateStr(emoji, 2048, "...", 5, false)).toBe(emoji);
    const longer = "😀 ".repeat(1100); // 3,300 units, 2,200 code points: truncated at a space
    const out = truncateStr(longer, 2048, "...", 5, false);
    expect(codePointCount(out)).toBeLessThanOrEqual(2048);
    expect(out.endsWith(" ...") || out.endsWith("😀...")).toBe(true);
    expect(longer.startsWith(out.slice(0, -3))).toBe(true);
  });

  it("truncate decides on the first code points only: an astral character past them changes nothing", () => {
    const text = "word ".repeat(600); // 3,000 units
    expect(truncateStr(text + "😀", 2048, "...", 5, false)).toBe(truncateStr(text, 2048, "...", 5, false));
    // 2,052 BMP units then pairs: 2,053 code points within the limit's 2,053 + 1 units, more after
    const near = "a".repeat(2052) + "😀".repeat(3);
    expect(truncateStr(near, 2048, "...", 5, true)).toBe("a".repeat(2045) + "...");
    expect(truncateStr("a".repeat(2052) + "😀", 2048, "...", 5, true)).toBe("a".repeat(2052) + "😀");
  });

  it("truncate gives jinja2's do_truncate on code points, for every kind of text, limit and leeway", () => {
    // jinja2 3.1 filters.py do_truncate, on Python's code points (Array.from)
    const reference = (str: string, length: number, end: string, leeway: number, killwords: boolean) => {
      const cps = Array.from(str);
      if (cps.length <= length + leeway) return str;
      const head = cps.slice(0, length - Array.from(end).length).join("");
      if (killwords) return head + end;
      const sp = head.lastIndexOf(" ");
      return (sp < 0 ? head : head.slice(0, sp)) + end;
    };
    const random = seeded(11);
    for (let round = 0; round < 3000; round++) {
      const s = randomString(random, Math.floor(random() * (round % 3 === 0 ? 700 : 60)), PIECES);
      const end = ["...", "", "😀", ">"][round % 4];
      const length = Array.from(end).length + Math.floor(random() * (round % 3 === 0 ? 400 : 40));
      const leeway = Math.floor(random() * 8);
      const killwords = round % 2 === 0;
      expect(truncateStr(s, length, end, leeway, killwords), JSON.stringify([s, length, end, leeway, killwords])).toBe(reference(s, length, end, leeway, killwords));
    }
  });
});
