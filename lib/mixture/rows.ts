/**
 * Row files of a `--rows` folder, as `promptpool export` reads them: `<stem>.jsonl` (split
 * train) or `<stem>/<split>.jsonl`, where stem is the templates folder path with "/" as "__"
 * (`super_glue__rte`, `Zaid__coqa_expanded`); `.parquet` files likewise. Rows are streamed and
 * parsed only when asked for (a mixture renders a small part of most files).
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { rowsStem } from "../export/p3-name";
import { readLines } from "../export/read-lines";
import { parseJsonlLine, PyJsonError } from "../render/py-json";
import { PyDict, PyFloat, type PyValue } from "../render/values";

export interface RowFile {
  path: string;
  kind: "jsonl" | "parquet";
}

export interface RowRef {
  /** 0-based index among the file's rows (blank lines do not count). */
  index: number;
  /** Parses the row (JSONL) or converts it (Parquet). */
  row(): PyDict;
}

/** A problem with a rows file; the message names the file and line. */
export class RowFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RowFileError";
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** The rows file of a config and split, or null. */
export async function findRowFile(dir: string, dataset: string, subset: string | null, split: string): Promise<RowFile | null> {
  const stem = rowsStem(dataset, subset);
  const candidates: string[] = [path.join(dir, stem, `${split}.jsonl`), path.join(dir, stem, `${split}.parquet`)];
  if (split === "train") candidates.push(path.join(dir, `${stem}.jsonl`), path.join(dir, `${stem}.parquet`));
  for (const c of candidates) if (await isFile(c)) return { path: c, kind: c.endsWith(".parquet") ? "parquet" : "jsonl" };
  return null;
}

const isBlank = (s: string) => s.trim() === "";

/** The number of rows (non-blank lines; Parquet: its metadata's row count). */
export async function countRows(f: RowFile): Promise<number> {
  if (f.kind === "parquet") {
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(f.path));
    return Number(meta.num_rows);
  }
  // Count without decoding: a line is blank when it holds only ASCII whitespace.
  let rows = 0;
  let content = false;
  for await (const chunk of createReadStream(f.path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (c === 10) {
        if (content) rows++;
        content = false;
      } else if (!content && c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) content = true;
    }
  }
  return rows + (content ? 1 : 0);
}

function parseRow(file: string, line: string, lineNumber: number): PyDict {
  let value;
  try {
    value = parseJsonlLine(line, lineNumber, file);
  } catch (e) {
    if (e instanceof PyJsonError) throw new RowFileError(`malformed JSON: ${e.message}`);
    throw e;
  }
  if (!(value instanceof PyDict)) throw new RowFileError(`${file}:${lineNumber}: a row must be a JSON object`);
  return value;
}

/** The rows of a file in order; each is parsed only when its `row()` is called. */
export async function* streamRows(f: RowFile): AsyncGenerator<RowRef> {
  if (f.kind === "parquet") {
    yield* streamParquet(f.path);
    return;
  }
  let index = 0;
  for await (const { line, lineNumber } of readLines(f.path)) {
    if (isBlank(line)) continue;
    yield { index: index++, row: () => parseRow(f.path, line, lineNumber) };
  }
}

/** Parquet, one row group in memory at a time. Floats stay floats (3.0 prints as 3.0). */
async function* streamParquet(file: string): AsyncGenerator<RowRef> {
  const buffer = await asyncBufferFromFile(file);
  const meta = await parquetMetadataAsync(buffer);
  const floatColumns = new Set(
    meta.schema.filter((s) => s.type === "FLOAT" || s.type === "DOUBLE").map((s) => s.name),
  );
  let rowStart = 0;
  let index = 0;
  for (const group of meta.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file: buffer, metadata: meta, rowStart, rowEnd });
    for (const r of rows) {
      const i = index++;
      yield { index: i, row: () => toPyDict(r, floatColumns) };
    }
    rowStart = rowEnd;
  }
}

function toPy(v: unknown, float: boolean): PyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return float || !Number.isInteger(v) ? new PyFloat(v) : v;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (Array.isArray(v)) return v.map((x) => toPy(x, float));
  if (typeof v === "object") {
    const d = new PyDict();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) d.set(k, toPy(x, float));
    return d;
  }
  return String(v);
}

function toPyDict(r: Record<string, unknown>, floatColumns: Set<string>): PyDict {
  const d = new PyDict();
  for (const [k, v] of Object.entries(r)) d.set(k, toPy(v, floatColumns.has(k)));
  return d;
}
