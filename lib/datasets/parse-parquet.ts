/**
 * Parquet (hyparquet). Types come from the file's schema: FLOAT/DOUBLE are floats (3.0 stays 3.0),
 * INT32/INT64 ints, BOOLEAN bools, UTF-8 byte arrays strings, lists and structs nested; dates and
 * timestamps become ISO text. Raw binary columns (images, audio) are refused.
 */
import { parquetMetadata, parquetReadObjects, parquetSchema, type SchemaTree } from "hyparquet";
import { validationError } from "@/lib/errors";
import { PyDict, PyFloat, type PyValue } from "@/lib/render/values";
import { toJsonText } from "./json-text";
import { tooManyRows, type ImportLimits } from "./limits";
import { RowCollector, type ParsedFile } from "./parsed-rows";

type Convert = (v: unknown, where: string) => PyValue;

function isListLike(t: SchemaTree): boolean {
  const ct = t.element.converted_type;
  const lt = t.element.logical_type?.type;
  return (ct === "LIST" || lt === "LIST") && t.children.length === 1;
}
function isMapLike(t: SchemaTree): boolean {
  const ct = t.element.converted_type;
  const lt = t.element.logical_type?.type;
  return ct === "MAP" || ct === "MAP_KEY_VALUE" || lt === "MAP";
}

function leaf(t: SchemaTree, column: string): Convert {
  const e = t.element;
  switch (e.type) {
    case "FLOAT":
    case "DOUBLE":
      return (v) => (v === null || v === undefined ? null : new PyFloat(Number(v)));
    case "BOOLEAN":
      return (v) => (v === null || v === undefined ? null : Boolean(v));
    case "INT32":
    case "INT64":
    case "INT96":
      return (v) => {
        if (v === null || v === undefined) return null;
        if (v instanceof Date) return v.toISOString();
        return Number(v);
      };
  }
  return (v, where) => {
    if (v === null || v === undefined) return null;
    if (typeof v === "string") return v;
    if (v instanceof Date) return v.toISOString();
    if (typeof v === "number" || typeof v === "bigint") return Number(v);
    if (typeof v === "boolean") return v;
    if (v instanceof Uint8Array) throw validationError(`${where}: column "${column}" holds binary data, which cannot be imported as sample rows`);
    return JSON.stringify(v);
  };
}

function converterFor(t: SchemaTree, column: string): Convert {
  let inner: Convert;
  if (isListLike(t)) {
    const repeated = t.children[0];
    const element = repeated.children.length === 1 ? converterFor(repeated.children[0], column) : converterFor(repeated, column);
    inner = (v, where) => (Array.isArray(v) ? v.map((x) => element(x, where)) : null);
  } else if (isMapLike(t)) {
    const kv = t.children[0];
    const value = kv?.children[1] ? converterFor(kv.children[1], column) : leaf(t, column);
    inner = (v, where) => {
      if (v === null || v === undefined) return null;
      const d = new PyDict();
      const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
      for (const [k, x] of entries) d.set(String(k), value(x, where));
      return d;
    };
  } else if (t.children.length > 0) {
    const fields = t.children.map((c) => [c.element.name, converterFor(c, column)] as const);
    inner = (v, where) => {
      if (v === null || v === undefined) return null;
      const o = v as Record<string, unknown>;
      const d = new PyDict();
      for (const [name, conv] of fields) d.set(name, conv(o[name], where));
      return d;
    };
  } else {
    inner = leaf(t, column);
  }
  // A REPEATED field outside a LIST group is the legacy list form.
  if (t.element.repetition_type === "REPEATED" && !isListLike(t)) {
    return (v, where) => (Array.isArray(v) ? v.map((x) => inner(x, where)) : null);
  }
  return inner;
}

function hasMagic(bytes: Uint8Array): boolean {
  const p = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
  const n = bytes.length;
  return n >= 12 && p.every((b, i) => bytes[i] === b && bytes[n - 4 + i] === b);
}

/**
 * Rows read and converted at a time: a row group bigger than `rangeRows` is read in ranges. The
 * default is the largest row limit (PROMPTPOOL_SAMPLE_ROWS_MAX_ROWS may be 100,000), so a file within
 * the limit is read one whole row group at a time: hyparquet decodes whole pages and re-reads the
 * dictionary for every range, so ranges inside a group cost more than they save (measured on a
 * 300,000-row file in groups of 100,000: 1,000-row ranges 7.1 s and 429 MB peak, whole groups 1.5 s
 * and 278 MB).
 */
export async function parseParquet(bytes: Uint8Array, fileName: string, limits: ImportLimits, rangeRows = 100_000): Promise<ParsedFile> {
  if (!hasMagic(bytes)) throw validationError(`${fileName} is not a Parquet file (a Parquet file starts and ends with "PAR1")`);
  // The bytes' own buffer when they fill it (no copy of the file).
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  let metadata;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    throw validationError(`${fileName} is not a readable Parquet file: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (Number(metadata.num_rows) > limits.maxRows) throw tooManyRows(fileName, limits);
  const tree = parquetSchema(metadata);
  const columns = tree.children.map((c) => [c.element.name, converterFor(c, c.element.name)] as const);
  const rows = new RowCollector(fileName, limits, (i) => `${fileName} row ${i + 1}`);
  // Row group by row group (in ranges within a big one), each range's objects converted and dropped
  // before the next is read: hyparquet's objects for the whole file are never all alive at once.
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    for (let rowStart = groupStart; rowStart < groupEnd; rowStart += rangeRows) {
      const rowEnd = Math.min(groupEnd, rowStart + rangeRows);
      let objects: Record<string, unknown>[];
      try {
        objects = (await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, rowFormat: "object" })) as Record<string, unknown>[];
      } catch (e) {
        throw validationError(`${fileName} could not be read: ${e instanceof Error ? e.message : String(e)}`);
      }
      for (const o of objects) {
        const where = rows.where(rows.count);
        const value = new PyDict();
        for (const [name, conv] of columns) value.set(name, conv(o[name], where));
        rows.add(value, toJsonText(value));
      }
    }
    groupStart = groupEnd;
  }
  return rows.finish("parquet", ["Types come from the Parquet schema (FLOAT/DOUBLE are floats, INT32/INT64 integers)."]);
}
