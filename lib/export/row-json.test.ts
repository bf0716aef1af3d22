import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareRow, type PreparedRow } from "../render/promptsource";
import { seeded } from "../render/testing/random-strings";
import { PyDict, PyFloat, type PyValue } from "../render/values";
import { parsePreparedRowBytes, parseRowBytes, parseRowLine } from "./rows-file";
import { parsePreparedRowJson, parseRowJson } from "./row-json";
import { PARITY } from "./testing/shared";

/** A value with its Python types and its dicts' key order, to compare two parses exactly. */
function tagged(v: PyValue): unknown {
  if (typeof v === "string") return ["str", v];
  if (typeof v === "number") return ["int", v];
  if (v instanceof PyFloat) return ["float", Object.is(v.value, -0) ? "-0" : String(v.value)];
  if (Array.isArray(v)) return v.map(tagged);
  if (v instanceof PyDict) return ["dict", [...v.entries()].map(([k, x]) => [tagged(k), tagged(x)])];
  return v;
}

/** A prepared row as its variables (in order, tagged) and its reserved flag. */
function taggedPrepared(row: PreparedRow): unknown {
  const vars: unknown[] = [];
  row.scope.forEachOwn((name, value) => vars.push([name, tagged(value)]));
  return { vars, reserved: row.reserved };
}

/** What `parse` gives, or the message of its error. */
function outcome(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (e) {
    return (e as Error).message;
  }
}

const bytesOf = (line: string | Buffer): Buffer => (typeof line === "string" ? Buffer.from(line, "utf8") : line);

/** What the string parser makes of the line: the row's tagged value, or its error message. */
const byString = (line: string) => outcome(() => tagged(parseRowLine(line, 7, "rows.jsonl")));
const byBytes = (line: string | Buffer) => outcome(() => tagged(parseRowBytes(bytesOf(line), 7, "rows.jsonl")));
/** What prepareRow makes of the string parser's row, or the error message. */
const preparedByString = (line: string) => outcome(() => taggedPrepared(prepareRow(parseRowLine(line, 7, "rows.jsonl"))));
const preparedByBytes = (line: string | Buffer) => outcome(() => taggedPrepared(parsePreparedRowBytes(bytesOf(line), 7, "rows.jsonl")));

/** Rows the fast path reads itself. */
const FAST = [
  "{}",
  '{"text": "plain", "label": 1}',
  '{"a":"","b":[],"c":{},"d":[[]],"e":{"f":{}}}',
  '  { "spaced" :\t[ 1 , 2 ]\r }  ',
  '{"esc": "line\\nbreak \\"quoted\\" back\\\\slash \\/ \\b\\f\\r\\t end"}',
  '{"u": "\\u00e9\\u6570 \\ud83d\\ude00 lone \\ud800 and \\udc00 \\u0000"}',
  '{"raw": "Zürich 数据集 😀 café"}',
  '{"k\\u00e9y": 1, "ké": 2}',
  '{"dup": 1, "other": 2, "dup": 3}',
  '{"n": [0, -0, 7, -12, 1.0, -0.0, 0.5, 1e5, 1E+2, 2e-3, 12345678901234567890, 1.5e300]}',
  '{"lit": [true, false, null]}',
  '{"deep": [[[[{"x": [1, {"y": "z"}]}]]]]}',
  // texts past the byte loop's 48 bytes are searched natively: escapes anywhere in them, at the
  // edge, escaped quotes and backslashes, and a backslash that belongs to a later text
  `{"long": "${"a".repeat(60)}", "next": "x\\ny", "last": "${"b".repeat(50)}"}`,
  `{"long": "${"é".repeat(30)}\\n${"c".repeat(40)}\\"quoted\\" \\\\ end \\u00e9\\ud83d\\ude00"}`,
  `{"edge": "${"d".repeat(47)}\\n", "edge2": "${"e".repeat(48)}\\"", "edge3": "${"f".repeat(49)}"}`,
  `{"escapes only": "${"\\n".repeat(40)}", "empty": "", "long key ${"k".repeat(60)}": 1}`,
];

/** Rows the fast path leaves to the string parser, which decides: values or its exact error. */
const SLOW = [
  '{"nan": NaN, "inf": Infinity, "ninf": -Infinity}',
  '{"ctrl": "tab\tinside"}',
  `{"ctrl": "${"a".repeat(60)}\tinside a long text"}`,
  `{"ctrl": "${"a".repeat(60)}\\n then \u0001 after an escape"}`,
  `{"open": "${"a".repeat(60)} never closed}`,
  `{"open": "${"a".repeat(60)}\\"}`,
  `{"bad": "${"a".repeat(60)}\\q"}`,
  '{"bad": "\\x"}',
  '{"bad": "\\u12g4"}',
  '{"trailing": 1,}',
  '{"a": [1, 2,]}',
  '{"a": 1} extra',
  '{"a": 01}',
  '{"a": 1.}',
  '{"a": 1e}',
  '{"a": -}',
  '{"a" 1}',
  "{'a': 1}",
  '{"a": tru}',
  '{"open": "never closed}',
  '{"a": 1',
  "[1, 2]",
  '"just a string"',
  "",
  `{"deep": ${"[".repeat(300)}${"]".repeat(300)}}`,
];

describe("rows parsed from their bytes", () => {
  it("give the string parser's values, and its errors where the fast path gives up", () => {
    for (const line of FAST) {
      const row = parseRowJson(Buffer.from(line, "utf8"));
      expect(row, line).not.toBeNull();
      expect(tagged(row!), line).toEqual(byString(line));
    }
    for (const line of SLOW) {
      expect(parseRowJson(Buffer.from(line, "utf8")), line).toBeNull();
      expect(byBytes(line), line).toEqual(byString(line));
    }
  });

  it("prepare rows without their dict as prepareRow does: renamed keys, protected texts, repeated keys, reserved key", () => {
    const rows = [
      ...FAST,
      '{"a-b": "x ||| y", "c": ["|||"], "d": {"e-f": "|||"}}',
      '{"a_b": 1, "a-b": 2}',
      '{"a-b": 1, "a_b": 2}',
      // a repeated key: the dict keeps its first position and last value, then the renaming merges
      '{"a_b": 1, "a-b": 2, "a_b": 3}',
      '{"x": 1, "y": 2, "x": 3, "z-z": "|||"}',
      '{"answer_choices": "no"}',
      '{"answer-choices": "no", "text": "t"}',
      '{"text": "t", "answer_choices": null}',
    ];
    for (const line of rows) {
      expect(parsePreparedRowJson(Buffer.from(line, "utf8")), line).not.toBeNull();
      expect(preparedByBytes(line), line).toEqual(preparedByString(line));
    }
    for (const line of [...SLOW, "[1]", '{"a": 1} x', '{"a": "\\x"}']) {
      expect(parsePreparedRowJson(Buffer.from(line, "utf8")), line).toBeNull();
      expect(preparedByBytes(line), line).toEqual(preparedByString(line));
    }
    expect(preparedByBytes(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toBe("rows.jsonl:7: invalid UTF-8");
  });

  it("reports invalid UTF-8 with the file and line", () => {
    expect(byBytes(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toBe("rows.jsonl:7: invalid UTF-8");
  });

  it("keep no slice of the line: each text is a string of its own", () => {
    const row = parseRowJson(Buffer.from('{"a": "' + "x".repeat(50) + '", "b": "é' + "y".repeat(50) + '"}'))!;
    expect(row.get("a")).toBe("x".repeat(50));
    expect(row.get("b")).toBe("é" + "y".repeat(50));
  });

  it("parse every parity row as the string parser does, most of them without giving up", () => {
    const dir = path.join(PARITY, "rows");
    let lines = 0;
    let fast = 0;
    for (const f of readdirSync(dir).sort()) {
      for (const line of readFileSync(path.join(dir, f), "utf8").split("\n")) {
        if (line.trim() === "") continue;
        lines++;
        if (parseRowJson(Buffer.from(line, "utf8")) !== null) fast++;
        const a = byBytes(line);
        const b = byString(line);
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(a, `${f}: ${line.slice(0, 200)}`).toEqual(b);
        const pa = preparedByBytes(line);
        const pb = preparedByString(line);
        if (JSON.stringify(pa) !== JSON.stringify(pb)) expect(pa, `${f}: ${line.slice(0, 200)}`).toEqual(pb);
      }
    }
    expect(lines).toBeGreaterThan(1000);
    expect(fast / lines).toBeGreaterThan(0.9);
  });

  it("agree with the string parser on random rows", () => {
    const random = seeded(11);
    const pieces = ["a", " ", "é", "数", "😀", "\\n", '\\"', "\\\\", "\\u00e9", "\\ud83d\\ude00", "\\t", "/", "\\/", "\u007f"];
    const text = () => {
      let s = "";
      for (let n = Math.floor(random() * 12); n > 0; n--) s += pieces[Math.floor(random() * pieces.length)];
      return `"${s}"`;
    };
    const numbers = ["0", "-1", "42", "3.25", "-0.0", "1e3", "6.02E+23", "9007199254740993"];
    const value = (depth: number): string => {
      const r = random();
      if (depth > 3 || r < 0.4) return text();
      if (r < 0.55) return numbers[Math.floor(random() * numbers.length)];
      if (r < 0.6) return ["true", "false", "null"][Math.floor(random() * 3)];
      if (r < 0.8) return `[${Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1)).join(random() < 0.5 ? ", " : ",")}]`;
      return object(depth + 1);
    };
    const object = (depth: number): string =>
      `{${Array.from({ length: Math.floor(random() * 5) }, () => `${text()}: ${value(depth)}`).join(random() < 0.5 ? ", " : " ,\t")}}`;
    for (let i = 0; i < 3000; i++) {
      const line = object(0);
      expect(byBytes(line), line).toEqual(byString(line));
      expect(preparedByBytes(line), line).toEqual(preparedByString(line));
    }
  });
});
