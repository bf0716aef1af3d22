import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { firstInvalidUtf8 } from "./decode";
import { parseFile } from "./parse-file";

const limits = { maxBytes: 10_000, maxRows: 5 };
const enc = (s: string) => new TextEncoder().encode(s);

async function parse(fileName: string, content: string | Uint8Array, l = limits) {
  return parseFile({ fileName, bytes: typeof content === "string" ? enc(content) : content, limits: l });
}

describe("parseFile: good files", () => {
  it.each([
    ["a.jsonl", '{"text": "hi", "score": 3.0, "n": 3}\n\n{"text": "yo", "score": 1, "n": 4}\n', ['{"text": "hi", "score": 3.0, "n": 3}', '{"text": "yo", "score": 1, "n": 4}']],
    ["a.json", '[{"text": "hi", "score": 3.0}, {"text": "yo", "score": 2.5}]', ['{"text":"hi","score":3.0}', '{"text":"yo","score":2.5}']],
    ["a.json", '{"rows": [{"row_idx": 0, "row": {"x": 1.0}, "truncated_cells": []}]}', ['{"x":1.0}']],
    ["a.csv", "text,score,n,flag,zip\nhi,3,1,true,007\nyo,2.5,,FALSE,010\n", ['{"text":"hi","score":3.0,"n":1,"flag":true,"zip":"007"}', '{"text":"yo","score":2.5,"n":null,"flag":false,"zip":"010"}']],
    ["a.tsv", "a\tb\n1\tx y\n", ['{"a":1,"b":"x y"}']],
    ["a.csv", '\uFEFFq,a\n"multi\nline, with comma",""\n', ['{"q":"multi\\nline, with comma","a":""}']],
  ])("%s stores %j verbatim or typed", async (name, content, expected) => {
    const parsed = await parse(name, content);
    expect(parsed.rows).toEqual(expected);
  });

  it.each([
    ["a.jsonl", '{"t": "x", "f": 1, "g": 1.5, "b": true, "l": ["a"], "d": {"k": [1]}, "n": null}', {
      t: { _type: "Value", dtype: "string" },
      f: { _type: "Value", dtype: "int64" },
      g: { _type: "Value", dtype: "float64" },
      b: { _type: "Value", dtype: "bool" },
      l: { _type: "List", feature: { _type: "Value", dtype: "string" } },
      d: { k: { _type: "List", feature: { _type: "Value", dtype: "int64" } } },
      n: { _type: "Value", dtype: "null" },
    }],
    ["a.jsonl", '{"x": 1}\n{"x": 2.5}\n{"x": null, "y": []}\n{"y": ["s"]}', {
      x: { _type: "Value", dtype: "float64" },
      y: { _type: "List", feature: { _type: "Value", dtype: "string" } },
    }],
    ["a.json", '{"features": [{"feature_idx": 0, "name": "label", "type": {"names": ["neg", "pos"], "_type": "ClassLabel"}}], "rows": [{"row_idx": 0, "row": {"label": 1, "t": "a"}}]}', {
      label: { _type: "ClassLabel", names: ["neg", "pos"] },
      t: { _type: "Value", dtype: "string" },
    }],
  ])("%s infers features", async (name, content, features) => {
    expect((await parse(name, content)).features).toEqual(features);
  });

  it("reads Parquet with its schema's types", async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: "text", data: ["a", "b"], type: "STRING" },
        { name: "score", data: [3, 2.5], type: "DOUBLE" },
        { name: "label", data: [0, 1], type: "INT32" },
        { name: "ok", data: [true, null], type: "BOOLEAN" },
      ],
    });
    const parsed = await parse("rows.parquet", new Uint8Array(buffer));
    expect(parsed.rows).toEqual([
      '{"text":"a","score":3.0,"label":0,"ok":true}',
      '{"text":"b","score":2.5,"label":1,"ok":null}',
    ]);
    expect(parsed.features.score).toEqual({ _type: "Value", dtype: "float64" });
  });
});

describe("parseFile: bad files are refused with the place and the reason", () => {
  const latin1 = new Uint8Array([...enc('{"t": "caf'), 0xe9, ...enc('"}\n')]);
  it.each([
    ["a.jsonl", '{"a": 1}\n{"a": 2,}\n', /^a\.jsonl:2: Expecting property name/],
    ["a.jsonl", '{"a": 1}\n[1, 2]\n', /^a\.jsonl:2: expected a JSON object, found a list$/],
    ["a.jsonl", '{"a": 1}\n{"a": "x"}\n', /^a\.jsonl:2: column "a" is string here but int64 in earlier rows$/],
    ["a.json", '{"a": 1}', /^a\.json: expected a JSON array of objects or \{"rows": \[\.\.\.\]\}, found an object with keys "a"$/],
    ["a.json", '"hello"', /^a\.json: expected a JSON array .* found a string$/],
    ["a.json", '[{"a": 1}, 2]', /^a\.json item 2: expected an object, found a number$/],
    ["a.json", '[{"n": [1, {"k": 2}]}]', /^a\.json item 1: column "n\[1\]" is dict here but int64 in earlier rows$/],
    ["a.json", '[{"a": 1}', /^a\.json: Expecting ',' delimiter at line 1 column 10/],
    ["a.csv", "a,b\n1,2\n3\n", /^a\.csv row 3: 1 field, but the header has 2 columns$/],
    ["a.csv", "a,b\n1,2,3\n", /^a\.csv row 2: 3 fields, but the header has 2 columns$/],
    ["a.csv", "a,a\n1,2\n", /^a\.csv row 1: column name "a" appears twice$/],
    ["a.csv", 'a,b\n"1,2\n', /^a\.csv row \d+: .*[Qq]uote/],
    ["a.jsonl", latin1, /^a\.jsonl is not UTF-8 text: byte 10 \(line 1\) is 0xe9/],
    ["a.jsonl", "{}\n".repeat(6), /^a\.jsonl has more than 5 rows/],
    ["a.csv", "a\n" + "1\n".repeat(6), /^a\.csv has more than 5 rows/],
    ["a.jsonl", "x".repeat(10_001), /^a\.jsonl is 10,001 bytes; files up to 10,000 bytes can be imported$/],
    ["a.parquet", "a,b\n1,2\n", /^a\.parquet is not a Parquet file/],
    ["a.parquet", "PAR1 this is not really parquet PAR1", /^a\.parquet is not a readable Parquet file/],
    ["a.xlsx", "x", /^a\.xlsx: unknown file type/],
    ["a.jsonl", "  \n", /^a\.jsonl is empty$/],
  ])("%s #%#", async (name, content, message) => {
    await expect(parse(name, content)).rejects.toThrow(message);
  });

  it("refuses a Parquet file with more rows than the limit before reading it", async () => {
    const buffer = parquetWriteBuffer({ columnData: [{ name: "n", data: [1, 2, 3, 4, 5, 6], type: "INT32" }] });
    await expect(parse("big.parquet", new Uint8Array(buffer))).rejects.toThrow(/^big\.parquet has more than 5 rows/);
  });
});

describe("parseFile streams: tiny blocks give the same rows, features and messages", () => {
  const tiny = { blockBytes: 8, parquetRows: 2 };
  const big = { maxBytes: 1_000_000, maxRows: 1000 };
  const both = async (name: string, content: string | Uint8Array) => {
    const bytes = typeof content === "string" ? enc(content) : content;
    const whole = await parseFile({ fileName: name, bytes, limits: big });
    const streamed = await parseFile({ fileName: name, bytes, limits: big, chunks: tiny });
    return { whole, streamed };
  };

  it.each([
    ["a.jsonl", '\uFEFF{"t": "café ☕ 𝄞", "n": 1}\r\n\n   \n{"t": "a much longer line than one block of eight bytes", "n": 2.5}\n{"t": "x"}'],
    ["a.csv", 'q,a,n\r\n"multi\r\nline, with ""quotes"" and a comma",yes,1\r\n\r\nplain,no,2\r\n"é ☕",,3\r\n'],
    ["a.csv", 'q,a\n"a field whose quotes span\nseveral\nblocks",1\nb,2'],
    ["a.tsv", "a\tb\nx y\t1\n\nz\t2\n"],
    ["a.json", '[{"t": "a ] } [ { \\" quote", "n": [1, 2]},\n {"t": "b", "n": []}]'],
    ["a.json", '{"features": [{"feature_idx": 0, "name": "label", "type": {"names": ["neg", "pos"], "_type": "ClassLabel"}}], "rows": [{"row_idx": 0, "row": {"label": 1, "t": "a"}}, {"row_idx": 1, "row": {"label": 0, "t": "{\\"b\\"}"}}], "num_rows_total": 2}'],
    ["a.json", '{"num_rows_total": 2, "rows": [{"row_idx": 0, "row": {"x": 1.0}, "truncated_cells": []}, {"row_idx": 1, "row": {"x": 2}}], "features": []}'],
  ])("%s #%#", async (name, content) => {
    const { whole, streamed } = await both(name, content);
    expect(streamed.rows).toEqual(whole.rows);
    expect(streamed.features).toEqual(whole.features);
    expect(streamed.rows.map((_, i) => streamed.where(i))).toEqual(whole.rows.map((_, i) => whole.where(i)));
    expect(whole.rows.length).toBeGreaterThan(1);
  });

  it("keeps a CSV's multi-line quoted field whole across blocks", async () => {
    const { streamed } = await both("a.csv", 'q,a\n"a field whose quotes span\nseveral\nblocks",1\nb,2');
    expect(streamed.rows).toEqual(['{"q":"a field whose quotes span\\nseveral\\nblocks","a":1}', '{"q":"b","a":2}']);
    expect(streamed.where(1)).toBe("a.csv row 3");
  });

  it("names JSONL lines (blank ones counted) and JSON items", async () => {
    const jsonl = (await both("a.jsonl", '{"a": 1}\n\n{"a": 2}\n')).streamed;
    expect([jsonl.where(0), jsonl.where(1)]).toEqual(["a.jsonl:1", "a.jsonl:3"]);
    const json = (await both("a.json", '[{"a": 1}, {"a": 2}]')).streamed;
    expect(json.where(1)).toBe("a.json item 2");
  });

  it.each([
    ["a.jsonl", '{"a": 1}\n{"a": 2}\n\n{"a": 2,}\n', /^a\.jsonl:4: Expecting property name/],
    ["a.jsonl", '{"a": 1}\n{"a": 2}\n{"a": "x"}\n', /^a\.jsonl:3: column "a" is string here but int64 in earlier rows$/],
    ["a.csv", "a,b\n1,2\n3,4\n5,6\n7\n", /^a\.csv row 5: 1 field, but the header has 2 columns$/],
    ["a.csv", 'a,b\n1,2\n3,4\n"5,6\n', /^a\.csv row 4: Quoted field unterminated$/],
    ["a.csv", 'a,b\n1,"2"x\n3,4\n', /^a\.csv row 2: Trailing quote on quoted field is malformed$/],
    ["a.json", '[{"a": 1},\n {"a": 2},\n {"a": 3,}]', /^a\.json: Expecting property name enclosed in double quotes at line 3 column 10/],
    ["a.json", '[{"a": 1}, {"a": 2}] x', /^a\.json: Extra data at line 1 column 22/],
    ["a.json", '[{"a": 1}, 2]', /^a\.json item 2: expected an object, found a number$/],
    ["a.json", '[{"n": [1, {"k": 2}]}]', /^a\.json item 1: column "n\[1\]" is dict here but int64 in earlier rows$/],
    ["a.json", '{"rows": [{"row_idx": 0, "row": {"a": 1}}, {"row_idx": 1, "row": 5}]}', /^a\.json rows\[1\]: expected \{"row_idx": …, "row": \{…\}\}, found a number under "row"$/],
    ["a.json", '{"rows": 3, "b": 1}', /^a\.json: expected a JSON array of objects or \{"rows": \[\.\.\.\]\}, found an object with keys "rows", "b"$/],
    ["a.json", "[]]", /^a\.json: Extra data/],
  ])("%s #%#", async (name, content, message) => {
    await expect(parseFile({ fileName: name, bytes: enc(content), limits: big, chunks: tiny })).rejects.toThrow(message);
    await expect(parseFile({ fileName: name, bytes: enc(content), limits: big })).rejects.toThrow(message);
  });

  it("refuses the row past the limit in every format", async () => {
    const few = { maxBytes: 10_000, maxRows: 2 };
    for (const [name, content] of [
      ["a.jsonl", '{"a": 1}\n{"a": 2}\n{"a": 3}\n'],
      ["a.json", '[{"a": 1}, {"a": 2}, {"a": 3}]'],
      ["a.json", '{"rows": [{"row": {"a": 1}}, {"row": {"a": 2}}, {"row": {"a": 3}}]}'],
      ["a.csv", "a\n1\n2\n3\n"],
    ]) {
      await expect(parseFile({ fileName: name, bytes: enc(content), limits: few, chunks: tiny })).rejects.toThrow(`${name} has more than 2 rows`);
    }
  });

  it("reads Parquet row group by row group, in ranges", async () => {
    const n = 7;
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: "i", data: Array.from({ length: n }, (_, i) => i), type: "INT32" },
        { name: "t", data: Array.from({ length: n }, (_, i) => `t${i}`), type: "STRING" },
      ],
      rowGroupSize: 3,
    });
    const bytes = new Uint8Array(buffer);
    const streamed = await parseFile({ fileName: "g.parquet", bytes, limits: big, chunks: tiny });
    expect(streamed.rows).toEqual(Array.from({ length: n }, (_, i) => `{"i":${i},"t":"t${i}"}`));
    expect(streamed.where(6)).toBe("g.parquet row 7");
    expect(streamed.sample.length).toBe(7);
  });
});

describe("firstInvalidUtf8", () => {
  it.each([
    [[0x61, 0x62], -1],
    [[0xc3, 0xa9], -1],
    [[0xf0, 0x9f, 0x98, 0x80], -1],
    [[0x61, 0xc3], 1],
    [[0xc0, 0x80], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0x61, 0xff], 1],
  ])("%j -> %i", (bytes, at) => {
    expect(firstInvalidUtf8(new Uint8Array(bytes))).toBe(at);
  });
});
