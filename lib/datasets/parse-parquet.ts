/**
 * Parquet (hyparquet). Types come from the file's schema: FLOAT/DOUBLE are floats (3.0 stays 3.0),
 * INT32/INT64 ints, BOOLEAN bools, UTF-8 byte arrays strings, lists and structs nested; dates and
 * timestamps become ISO text. Raw binary columns (images, audio) are refused.
 */
import { parquetMetadata, parquetReadObjects, parquetSchema, type SchemaTree } from "hyparquet";
import { validationError } from "@/lib/errors";
import { PyDict, PyFloat, type PyValue } from "@/lib/render/values";
import { inferFeatures } from "./features";
import { toJsonText } from "./json-text";
import { tooManyRows, type ImportLimits } from "./limits";
import type { ParsedFile, ParsedRow } from "./parsed-rows";

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

export async function parseParquet(bytes: Uint8Array, fileName: string, limits: ImportLimits): Promise<ParsedFile> {
  if (!hasMagic(bytes)) throw validationError(`${fileName} is not a Parquet file (a Parquet file starts and ends with "PAR1")`);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    throw validationError(`${fileName} is not a readable Parquet file: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (Number(metadata.num_rows) > limits.maxRows) throw tooManyRows(fileName, limits);
  const tree = parquetSchema(metadata);
  const columns = tree.children.map((c) => [c.element.name, converterFor(c, c.element.name)] as const);
  let objects: Record<string, unknown>[];
  try {
    objects = (await parquetReadObjects({ file: buffer, metadata, rowFormat: "object" })) as Record<string, unknown>[];
  } catch (e) {
    throw validationError(`${fileName} could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const rows: ParsedRow[] = objects.map((o, i) => {
    const where = `${fileName} row ${i + 1}`;
    const value = new PyDict();
    for (const [name, conv] of columns) value.set(name, conv(o[name], where));
    return { value, dataJson: toJsonText(value), where };
  });
  return {
    fileName,
    format: "parquet",
    rows,
    features: inferFeatures(rows),
    notes: ["Types come from the Parquet schema (FLOAT/DOUBLE are floats, INT32/INT64 integers)."],
  };
}
