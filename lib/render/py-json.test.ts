import { describe, expect, it } from "vitest";
import { parseJsonlLine, parsePyJson, PyJsonError, toJsonValue } from "./py-json";
import { PyDict, PyFloat, PyTuple, PyUndefined } from "./values";

describe("parsePyJson", () => {
  it("keeps the int/float distinction of the text, as Python's json.loads does", () => {
    const v = parsePyJson('[3, 3.0, 1e2, 1E-5, -0, -0.0, 12345678901, 2.5e+3]') as unknown[];
    expect(v[0]).toBe(3);
    expect(v[1]).toEqual(new PyFloat(3));
    expect(v[1]).toBeInstanceOf(PyFloat);
    expect(v[2]).toEqual(new PyFloat(100));
    expect(v[3]).toEqual(new PyFloat(1e-5));
    expect(v[4]).toBe(0);
    expect(Object.is((v[5] as PyFloat).value, -0)).toBe(true);
    expect(v[6]).toBe(12345678901);
    expect(v[7]).toEqual(new PyFloat(2500));
  });

  it("reads NaN, Infinity and -Infinity as floats (json.dumps writes them)", () => {
    const v = parsePyJson('{"a": NaN, "b": Infinity, "c": -Infinity}') as PyDict;
    expect(Number.isNaN((v.get("a") as PyFloat).value)).toBe(true);
    expect(v.get("b")).toEqual(new PyFloat(Infinity));
    expect(v.get("c")).toEqual(new PyFloat(-Infinity));
  });

  it("builds PyDicts with key order kept; a repeated key keeps its place and takes the last value", () => {
    const v = parsePyJson('{"z": 1, "a": {"x": [true, false, null]}, "z": 2, "__proto__": "p"}') as PyDict;
    expect([...v.keys()]).toEqual(["z", "a", "__proto__"]);
    expect(v.get("z")).toBe(2);
    expect(v.get("__proto__")).toBe("p");
    expect(({} as Record<string, unknown>).p).toBeUndefined();
    const a = v.get("a") as PyDict;
    expect(a.get("x")).toEqual([true, false, null]);
  });

  it("decodes escapes, surrogate pairs and lone surrogates like Python", () => {
    expect(parsePyJson('"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"')).toBe('a"b\\c/d\b\f\n\r\té😀');
    expect(parsePyJson('"\\ud800x"')).toBe("\ud800x");
    expect(parsePyJson('"Straße 数据集 😀"')).toBe("Straße 数据集 😀");
  });

  it("accepts whitespace around values", () => {
    expect(parsePyJson(' \t\r\n[ 1 , 2 ]\n ')).toEqual([1, 2]);
  });

  it.each([
    ["", "Expecting value"],
    ["[1,]", "Expecting value"],
    ["[1 2]", "Expecting ',' delimiter"],
    ['{"a" 1}', "Expecting ':' delimiter"],
    ["{a: 1}", "Expecting property name enclosed in double quotes"],
    ['"abc', "Unterminated string"],
    ['"a\\x"', "Invalid \\escape"],
    ['"a\\u12"', "Invalid \\uXXXX escape"],
    ['"a\tb"', "Invalid control character"],
    ["01", "Extra data"],
    ["1.", "Extra data"],
    [".5", "Expecting value"],
    ["+1", "Expecting value"],
    ["nul", "Expecting value"],
    ["[1] x", "Extra data"],
    ["-", "Expecting value"],
    ["-NaN", "Expecting value"],
  ])("rejects %j with %s", (text, message) => {
    expect(() => parsePyJson(text)).toThrow(PyJsonError);
    expect(() => parsePyJson(text)).toThrow(message);
  });

  it("reports line and column of an error", () => {
    try {
      parsePyJson('{\n  "a": 1,\n  "b": ?\n}');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PyJsonError);
      const err = e as PyJsonError;
      expect([err.line, err.column]).toEqual([3, 8]);
      expect(err.message).toContain("line 3 column 8");
    }
  });

  it("refuses absurd nesting with an error instead of overflowing the stack", () => {
    expect(() => parsePyJson("[".repeat(100_000))).toThrow("Nesting too deep");
    expect(parsePyJson("[".repeat(900) + "]".repeat(900))).toBeInstanceOf(Array);
  });
});

describe("parseJsonlLine", () => {
  it("parses one row and names file and line on error", () => {
    expect((parseJsonlLine('{"a": 1.0}', 1, "rows.jsonl") as PyDict).get("a")).toEqual(new PyFloat(1));
    expect(() => parseJsonlLine('{"a": }', 7, "rows.jsonl")).toThrow(/^rows\.jsonl:7: Expecting value at column 7/);
  });
});

describe("toJsonValue", () => {
  it("turns Python values back into plain JSON-able values", () => {
    const d = parsePyJson('{"f": 3.0, "l": [1, {"n": null}], "s": "x"}') as PyDict;
    d.set(1, new PyTuple([1, "a"]));
    d.set(new PyFloat(2.5), true);
    d.set(null, false);
    expect(toJsonValue(d)).toEqual({ f: 3, l: [1, { n: null }], s: "x", "1": [1, "a"], "2.5": true, null: false });
  });

  it("keeps a __proto__ key as data", () => {
    const out = toJsonValue(parsePyJson('{"__proto__": {"polluted": 1}}')) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses Undefined like json.dumps refuses non-JSON objects", () => {
    expect(() => toJsonValue([new PyUndefined("x")])).toThrow("not JSON serializable");
  });
});
