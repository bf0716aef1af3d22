import { describe, expect, it } from "vitest";
import { bind } from "./args";
import type { PyValue } from "./values";

const NAMES = ["length", "killwords", "end"] as const;
const kw = (entries: [string, PyValue][]) => new Map(entries);

describe("bind", () => {
  it("binds positional arguments by position, missing optional ones read as undefined", () => {
    const [length, killwords, end] = bind("truncate", [10, true], null, NAMES);
    expect([length, killwords, end]).toEqual([10, true, undefined]);
    // an empty keyword map is no keywords
    expect(bind("truncate", [10], kw([]), NAMES, 1)[0]).toBe(10);
  });

  it("binds keywords to their names after the positional arguments", () => {
    const bound = bind("truncate", [10], kw([["end", "…"]]), NAMES);
    expect([bound[0], bound[1], bound[2]]).toEqual([10, undefined, "…"]);
  });

  it("refuses too many arguments, unknown or repeated keywords and missing required ones, with or without keywords", () => {
    expect(() => bind("truncate", [1, 2, 3, 4], null, NAMES)).toThrow("truncate() takes at most 3 arguments (4 given)");
    expect(() => bind("truncate", [1], kw([["size", 2]]), NAMES)).toThrow("truncate() got an unexpected keyword argument 'size'");
    expect(() => bind("truncate", [1], kw([["length", 2]]), NAMES)).toThrow("truncate() got multiple values for argument 'length'");
    expect(() => bind("replace", ["a"], null, ["old", "new", "count"], 2)).toThrow("replace() missing required argument: 'new'");
    expect(() => bind("replace", [], null, ["old", "new", "count"], 2)).toThrow("replace() missing required argument: 'old'");
    expect(() => bind("replace", ["a"], kw([["count", 1]]), ["old", "new", "count"], 2)).toThrow("replace() missing required argument: 'new'");
    expect(bind("replace", [], kw([["old", "a"], ["new", "b"]]), ["old", "new", "count"], 2).slice(0, 2)).toEqual(["a", "b"]);
  });
});
