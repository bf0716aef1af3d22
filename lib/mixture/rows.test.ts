import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { applyTemplate, prepareTemplate } from "../render/promptsource";
import { countRows, findRowFile, streamRows } from "./rows";

const dir = mkdtempSync(path.join(tmpdir(), "promptpool-mix-rows-"));
mkdirSync(path.join(dir, "glue__rte"));
writeFileSync(path.join(dir, "imdb.jsonl"), '{"text": "a", "score": 3.0}\n\n  \n{"text": "b", "score": 2}\n');
writeFileSync(
  path.join(dir, "glue__rte", "validation.parquet"),
  new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "premise", data: ["p0", "p1", "p2"], type: "STRING" },
        { name: "score", data: [3, 2.5, 1], type: "DOUBLE" },
        { name: "label", data: [0, 1, 1], type: "INT32" },
      ],
      rowGroupSize: 2,
    }),
  ),
);

const all = async (f: NonNullable<Awaited<ReturnType<typeof findRowFile>>>) => {
  const out = [];
  for await (const r of streamRows(f)) out.push({ index: r.index, row: r.row() });
  return out;
};

describe("rows files", () => {
  it("finds <stem>.jsonl as train and <stem>/<split>.parquet", async () => {
    expect(await findRowFile(dir, "imdb", null, "train")).toEqual({ path: path.join(dir, "imdb.jsonl"), kind: "jsonl" });
    expect(await findRowFile(dir, "glue", "rte", "validation")).toEqual({ path: path.join(dir, "glue__rte", "validation.parquet"), kind: "parquet" });
    expect(await findRowFile(dir, "glue", "rte", "train")).toBeNull();
    expect(await findRowFile(dir, "imdb", null, "test")).toBeNull();
  });

  it("counts and streams JSONL rows, blank lines not counted, floats kept as floats", async () => {
    const f = (await findRowFile(dir, "imdb", null, "train"))!;
    expect(await countRows(f)).toBe(2);
    const rows = await all(f);
    expect(rows.map((r) => r.index)).toEqual([0, 1]);
    const t = prepareTemplate({ id: "x", name: "x", jinja: "{{text}} {{score}} ||| y", answerChoices: null });
    expect(rows.map((r) => applyTemplate(t, r.row, { seed: 0 }).parts)).toEqual([["a 3.0", "y"], ["b 2", "y"]]);
  });

  it("streams Parquet row groups, DOUBLE columns as Python floats", async () => {
    const f = (await findRowFile(dir, "glue", "rte", "validation"))!;
    expect(await countRows(f)).toBe(3);
    const rows = await all(f);
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2]);
    const t = prepareTemplate({ id: "x", name: "x", jinja: "{{premise}} {{score}} {{label}} ||| y", answerChoices: null });
    expect(rows.map((r) => applyTemplate(t, r.row, { seed: 0 }).parts![0])).toEqual(["p0 3.0 0", "p1 2.5 1", "p2 1.0 1"]);
  });
});
