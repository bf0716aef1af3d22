import { describe, expect, it } from "vitest";
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S, parseSearchText, splitHighlights, toFts5Match, toTsQuery, tokenize } from "./query";

describe("search text", () => {
  it.each([
    ["premise hypothesis", "(\"premise\" * AND \"hypothesis\" *)", "'premise':* & 'hypothesis':*"],
    ['"high tide"', '("high tide")', "('high' <-> 'tide')"],
    ["answer_choices", '("answer choices" *)', "('answer' <-> 'choices':*)"],
    ["label -premise", '("label" *) NOT "premise" *', "'label':* & !'premise':*"],
    ['Label -"a b"', '("label" *) NOT "a b"', "'label':* & !('a' <-> 'b')"],
    ["Français", '("français" *)', "'français':*"],
    // an unclosed quote runs to the end; operators are just words
    ["x\" OR y* NEAR(", '("x" * AND "or y near")', "'x':* & ('or' <-> 'y' <-> 'near')"],
  ])("%s → FTS5 %s and tsquery %s", (text, fts5, tsquery) => {
    const terms = parseSearchText(text);
    expect(toFts5Match(terms)).toBe(fts5);
    expect(toTsQuery(terms)).toBe(tsquery);
  });

  it.each(["", "   ", "*** :::", "-only", '-"a b"'])("%j has nothing positive to look for", (text) => {
    const terms = parseSearchText(text);
    expect(toFts5Match(terms)).toBeNull();
    expect(toTsQuery(terms)).toBeNull();
  });

  it("keeps only letters and digits, lower-cased, so no operator or quote reaches a query", () => {
    expect(tokenize("{{premise}} 'quoted' a:b x&y !z <-> 3.0")).toEqual(["premise", "quoted", "a", "b", "x", "y", "z", "3", "0"]);
    expect(parseSearchText(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))).toHaveLength(16);
  });

  it("splits a snippet at its highlight markers", () => {
    expect(splitHighlights(`Does it ${S}entail${E} the ${S}hyp${E}`)).toEqual([
      { text: "Does it ", match: false },
      { text: "entail", match: true },
      { text: " the ", match: false },
      { text: "hyp", match: true },
    ]);
    expect(splitHighlights(`plain ${E}text`)).toEqual([{ text: "plain ", match: false }, { text: "text", match: false }]);
  });
});
