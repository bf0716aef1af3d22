/**
 * Row files of a `--rows` folder, as `promptpool export` reads them: `<stem>.jsonl` (split
 * train) or `<stem>/<split>.jsonl`, where stem is the templates folder path with "/" as "__"
 * (`super_glue__rte`, `Zaid__coqa_expanded`); `.parquet` files likewise. Rows are streamed and
 * parsed only when asked for (a mixture renders a small part of most files).
 */
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { rowsStem } from "../export/p3-name";
import { parseJsonlLine, PyJsonError } from "../render/py-json";
import { PyDict, PyFloat, type PyValue } from "../render/values";

export interface RowFile {
  path: string;
  kind: "jsonl" | "parquet";
}

/**
 * Rows from anywhere else (the app's database): a known count and batches in row order, each
 * row's index being its 0-based position in the split (the renderer's seeding contract counts
 * positions, as lib/export does). Batches may be fetched lazily, a page at a time.
 */
export interface RowStream {
  kind: "stream";
  /** for messages: dataset/subset:split */
  name: string;
  count: number;
  batches(): AsyncIterable<RowRef[]>;
}

/** What a mixture reads a config's split from. */
export type RowInput = RowFile | RowStream;

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

const CHUNK = 4 << 20;

/** A line is blank when it holds only ASCII whitespace (checked on bytes, without decoding). */
function isBlankBytes(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) return false;
  }
  return true;
}

interface LineBatch {
  buf: Buffer;
  /** start, end, line number triples of the non-blank lines in buf (the first `count` triples are valid) */
  lines: Int32Array;
  count: number;
}

/**
 * The non-blank lines of a file as byte ranges, a chunk at a time: newlines are found natively
 * (Buffer.indexOf) and a line is decoded only when its row is asked for, so the lines a mixture
 * does not use cost almost nothing. A batch's bytes are valid until the next batch is asked for:
 * one read buffer serves the whole file (the unfinished last line moves to its front), so reading
 * a gigabyte allocates nothing per chunk (a fresh 4 MB Buffer per chunk grew the process's RSS by
 * a hundred MB through the allocator, whatever the heap did).
 */
async function* lineBatches(file: string): AsyncGenerator<LineBatch> {
  const fh = await open(file, "r");
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let carried = 0;
    let lineNumber = 0;
    // reused too: a batch's positions are valid until the next batch, like its bytes
    let lines = new Int32Array(3 * 4096);
    let count = 0;
    const push = (start: number, end: number, line: number) => {
      if (3 * count === lines.length) {
        const bigger = new Int32Array(lines.length * 2);
        bigger.set(lines);
        lines = bigger;
      }
      lines[3 * count] = start;
      lines[3 * count + 1] = end;
      lines[3 * count + 2] = line;
      count++;
    };
    for (;;) {
      if (carried === buf.length) {
        // one line longer than the buffer: make room for it
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carried);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, carried, buf.length - carried, null);
      const eof = bytesRead === 0;
      const size = carried + bytesRead;
      count = 0;
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1 && nl < size; nl = buf.indexOf(10, start)) {
        lineNumber++;
        const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
        if (!isBlankBytes(buf, start, end)) push(start, end, lineNumber);
        start = nl + 1;
      }
      if (eof && start < size) {
        lineNumber++;
        const end = buf[size - 1] === 13 ? size - 1 : size;
        if (!isBlankBytes(buf, start, end)) push(start, end, lineNumber);
        start = size;
      }
      if (count > 0) yield { buf, lines, count };
      if (eof) return;
      // the unfinished last line moves to the front (after the batch is done with)
      buf.copyWithin(0, start, size);
      carried = size - start;
    }
  } finally {
    await fh.close();
  }
}

/** The number of rows (non-blank lines; Parquet: its metadata's row count). */
export async function countRows(f: RowInput): Promise<number> {
  if (f.kind === "stream") return f.count;
  if (f.kind === "parquet") {
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(f.path));
    return Number(meta.num_rows);
  }
  let rows = 0;
  for await (const { count } of lineBatches(f.path)) rows += count;
  return rows;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function parseRow(file: string, bytes: Buffer, lineNumber: number): PyDict {
  let line: string;
  try {
    line = utf8.decode(bytes);
  } catch {
    throw new RowFileError(`${file}:${lineNumber}: invalid UTF-8`);
  }
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

/**
 * Rows in order, a chunk's worth at a time, without an object per row: row `first + i` is
 * `row(i)` for i < length, parsed only when asked for, which must happen before the next batch is
 * asked for. (A RowRef and a closure per row of a gigabyte file outlived enough young-generation
 * collections to be promoted, batch after batch: most of the old-space garbage of a build.)
 */
export interface RowBatch {
  first: number;
  length: number;
  row(i: number): PyDict;
}

export async function* streamRowBatchesCompact(f: RowInput): AsyncGenerator<RowBatch> {
  if (f.kind !== "jsonl") {
    for await (const refs of f.kind === "stream" ? f.batches() : streamParquet(f.path)) {
      if (refs.length > 0) yield { first: refs[0].index, length: refs.length, row: (i) => refs[i].row() };
    }
    return;
  }
  let first = 0;
  for await (const { buf, lines, count } of lineBatches(f.path)) {
    yield { first, length: count, row: (i) => parseRow(f.path, buf.subarray(lines[3 * i], lines[3 * i + 1]), lines[3 * i + 2]) };
    first += count;
  }
}

/**
 * The rows of a file in order, a chunk's worth per batch; a row is decoded and parsed only when
 * its `row()` is called, which must happen before the next batch is asked for.
 */
export async function* streamRowBatches(f: RowInput): AsyncGenerator<RowRef[]> {
  if (f.kind !== "jsonl") {
    yield* f.kind === "stream" ? f.batches() : streamParquet(f.path);
    return;
  }
  for await (const b of streamRowBatchesCompact(f)) {
    const batch: RowRef[] = [];
    for (let i = 0; i < b.length; i++) batch.push({ index: b.first + i, row: () => b.row(i) });
    yield batch;
  }
}

/** The rows of a file in order (see streamRowBatches). */
export async function* streamRows(f: RowInput): AsyncGenerator<RowRef> {
  for await (const batch of streamRowBatches(f)) yield* batch;
}

/** Parquet, one row group in memory at a time. Floats stay floats (3.0 prints as 3.0). */
async function* streamParquet(file: string): AsyncGenerator<RowRef[]> {
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
    yield rows.map((r) => {
      const i = index++;
      return { index: i, row: () => toPyDict(r, floatColumns) };
    });
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
