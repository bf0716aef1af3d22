/**
 * JSONL (one object per line, stored verbatim) and JSON (an array of objects, or the Hub's
 * `{"rows": [{"row_idx", "row"}], "features": [...]}`). Numbers keep their type: `3.0` is a float.
 *
 * Both stream: JSONL is read in blocks of lines; a JSON document is split into its rows on the
 * bytes (strings and nesting tracked, no value built) and each row is parsed alone, so neither the
 * whole text nor the whole document's values ever exist at once. When the document is malformed,
 * the whole text is parsed once to report Python's json error (line, column) as before.
 */
import { validationError } from "@/lib/errors";
import { parseJsonlLine, parsePyJson, PyJsonError } from "@/lib/render/py-json";
import { PyDict, PyFloat, type PyValue } from "@/lib/render/values";
import { bomLength, decodeUtf8, notUtf8, textBlocks } from "./decode";
import { featuresFromList, type Features } from "./features";
import { toJsonText } from "./json-text";
import type { ImportLimits } from "./limits";
import { RowCollector, type ParsedFile } from "./parsed-rows";

export function describeKind(v: PyValue | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") return "a string";
  if (typeof v === "number" || v instanceof PyFloat) return "a number";
  if (typeof v === "boolean") return "a boolean";
  if (Array.isArray(v)) return "a list";
  if (v instanceof PyDict) return "an object";
  return "a value";
}

export function parseJsonl(bytes: Uint8Array, fileName: string, limits: ImportLimits, blockBytes?: number): ParsedFile {
  const lines: number[] = [];
  const rows = new RowCollector(fileName, limits, (i) => `${fileName}:${lines[i]}`);
  let lineNumber = 0;
  for (const block of textBlocks(bytes, fileName, blockBytes)) {
    const text = block.text;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      lineNumber++;
      const line = text.slice(start, end).trim();
      start = end + 1;
      if (!line) continue;
      let value: PyValue;
      try {
        value = parseJsonlLine(line, lineNumber, fileName);
      } catch (e) {
        if (e instanceof PyJsonError) throw validationError(e.message);
        throw e;
      }
      if (!(value instanceof PyDict)) {
        throw validationError(`${fileName}:${lineNumber}: expected a JSON object, found ${describeKind(value)}`);
      }
      lines.push(lineNumber);
      rows.add(value, line);
    }
  }
  return rows.finish("jsonl", ["Each line is stored exactly as written."]);
}

// ---------------------------------------------------------------------------------------------
// A JSON document split on its bytes. Structural characters are ASCII, and no byte of a multi-byte
// UTF-8 sequence is ASCII, so scanning bytes is safe. The scanner only finds where values start
// and end; each value's text is then parsed (and thereby checked) by parsePyJson.

/** Thrown by the scanner when the document is not well formed; the caller reports the real error. */
class Malformed extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function skipSpace(b: Uint8Array, p: number): number {
  while (p < b.length) {
    const c = b[p];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    p++;
  }
  return p;
}

/** `p` is at a quote; returns the index after the closing quote. */
function skipString(b: Uint8Array, p: number): number {
  for (p++; p < b.length; p++) {
    const c = b[p];
    if (c === BACKSLASH) p++;
    else if (c === QUOTE) return p + 1;
  }
  throw new Malformed();
}

/** Returns the index after the value starting at `p` (a string, an array, an object or a scalar). */
function skipValue(b: Uint8Array, p: number): number {
  const c = b[p];
  if (c === QUOTE) return skipString(b, p);
  if (c === 0x5b || c === 0x7b) {
    const stack: number[] = [];
    while (p < b.length) {
      const x = b[p];
      if (x === QUOTE) {
        p = skipString(b, p);
        continue;
      }
      if (x === 0x5b || x === 0x7b) stack.push(x === 0x5b ? 0x5d : 0x7d);
      else if (x === 0x5d || x === 0x7d) {
        if (stack.pop() !== x) throw new Malformed();
        if (stack.length === 0) return p + 1;
      }
      p++;
    }
    throw new Malformed();
  }
  const start = p;
  while (p < b.length) {
    const x = b[p];
    if (x === 0x2c || x === 0x5d || x === 0x7d || x === 0x20 || x === 0x09 || x === 0x0a || x === 0x0d) break;
    p++;
  }
  if (p === start) throw new Malformed();
  return p;
}

/** The ranges of an array's items; `p` is at `[`. Returns them and the index after `]`. */
function arrayItems(b: Uint8Array, p: number, onItem: (start: number, end: number) => void): number {
  p = skipSpace(b, p + 1);
  if (b[p] === 0x5d) return p + 1;
  for (;;) {
    const end = skipValue(b, p);
    onItem(p, end);
    p = skipSpace(b, end);
    if (b[p] === 0x2c) p = skipSpace(b, p + 1);
    else if (b[p] === 0x5d) return p + 1;
    else throw new Malformed();
  }
}

/** The members of an object (`p` at `{`): key -> value range, the last one winning as in Python; keys in first-seen order. */
function objectMembers(b: Uint8Array, p: number, decode: (s: number, e: number) => string): { members: Map<string, [number, number]>; end: number } {
  const members = new Map<string, [number, number]>();
  p = skipSpace(b, p + 1);
  if (b[p] === 0x7d) return { members, end: p + 1 };
  for (;;) {
    if (b[p] !== QUOTE) throw new Malformed();
    const keyEnd = skipString(b, p);
    const key = parsePyJson(decode(p, keyEnd));
    if (typeof key !== "string") throw new Malformed();
    p = skipSpace(b, keyEnd);
    if (b[p] !== 0x3a) throw new Malformed();
    p = skipSpace(b, p + 1);
    const end = skipValue(b, p);
    members.set(key, [p, end]);
    p = skipSpace(b, end);
    if (b[p] === 0x2c) p = skipSpace(b, p + 1);
    else if (b[p] === 0x7d) return { members, end: p + 1 };
    else throw new Malformed();
  }
}

export function parseJson(bytes: Uint8Array, fileName: string, limits: ImportLimits): ParsedFile {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const decode = (s: number, e: number) => {
    try {
      return decoder.decode(bytes.subarray(s, e));
    } catch {
      throw notUtf8(bytes, fileName);
    }
  };
  const value = (s: number, e: number): PyValue => {
    try {
      return parsePyJson(decode(s, e));
    } catch (err) {
      if (err instanceof PyJsonError) throw new Malformed();
      throw err;
    }
  };

  try {
    return splitJson(bytes, fileName, limits, decode, value);
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
    // Python's json message for the whole document (line and column in the file).
    try {
      parsePyJson(decodeUtf8(bytes, fileName));
    } catch (err) {
      if (err instanceof PyJsonError) throw validationError(`${fileName}: ${err.message}`);
      throw err;
    }
    throw validationError(`${fileName}: not valid JSON`);
  }
}

function splitJson(
  bytes: Uint8Array,
  fileName: string,
  limits: ImportLimits,
  decode: (s: number, e: number) => string,
  value: (s: number, e: number) => PyValue,
): ParsedFile {
  let p = skipSpace(bytes, bomLength(bytes));
  const atEnd = (q: number) => {
    if (skipSpace(bytes, q) !== bytes.length) throw new Malformed();
  };

  if (bytes[p] === 0x5b) {
    const rows = new RowCollector(fileName, limits, (i) => `${fileName} item ${i + 1}`);
    const end = arrayItems(bytes, p, (s, e) => {
      rows.checkRoom();
      const v = value(s, e);
      if (!(v instanceof PyDict)) throw validationError(`${rows.where(rows.count)}: expected an object, found ${describeKind(v)}`);
      rows.add(v, toJsonText(v));
    });
    atEnd(end);
    return rows.finish("json", ["Features are inferred from the values.", "Numbers keep their type (3.0 stays a float)."]);
  }

  if (bytes[p] === 0x7b) {
    const { members, end } = objectMembers(bytes, p, decode);
    atEnd(end);
    const rowsAt = members.get("rows");
    if (!rowsAt || bytes[rowsAt[0]] !== 0x5b) {
      const keys = [...members.keys()].slice(0, 5).map((k) => JSON.stringify(k)).join(", ") || "(none)";
      throw validationError(`${fileName}: expected a JSON array of objects or {"rows": [...]}, found an object with keys ${keys}`);
    }
    let declared: Features | null = null;
    const featuresAt = members.get("features");
    if (featuresAt) {
      const features = value(featuresAt[0], featuresAt[1]);
      if (Array.isArray(features)) {
        const list = features.filter((f): f is PyDict => f instanceof PyDict).map((f) => ({ name: String(f.get("name")), type: plainOf(f.get("type")) }));
        declared = featuresFromList(list);
      }
    }
    const rows = new RowCollector(fileName, limits, (i) => `${fileName} rows[${i}]`);
    arrayItems(bytes, rowsAt[0], (s, e) => {
      const item = value(s, e);
      const row = item instanceof PyDict ? item.get("row") : undefined;
      if (!(row instanceof PyDict)) {
        throw validationError(`${rows.where(rows.count)}: expected {"row_idx": …, "row": {…}}, found ${describeKind(item instanceof PyDict ? row : item)}${item instanceof PyDict ? ' under "row"' : ""}`);
      }
      rows.add(row, toJsonText(row));
    });
    const inferred = rows.features;
    return rows.finish(
      "json",
      [declared ? "Features come from the file's features list." : "Features are inferred from the values.", "Numbers keep their type (3.0 stays a float)."],
      // Declared features carry what rows cannot show (ClassLabel names); columns they miss are inferred.
      declared && Object.keys(declared).length ? { ...inferred, ...declared } : inferred,
    );
  }

  // A lone scalar (or something that is not JSON at all).
  const end = skipValue(bytes, p);
  atEnd(end);
  throw validationError(`${fileName}: expected a JSON array of objects or {"rows": [...]}, found ${describeKind(value(p, end))}`);
}

/** A PyValue from the features list back to plain JSON for normalizeFeature. */
function plainOf(v: PyValue | undefined): unknown {
  if (v instanceof PyDict) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of v.entriesView()) o[String(k)] = plainOf(val);
    return o;
  }
  if (Array.isArray(v)) return v.map(plainOf);
  if (v instanceof PyFloat) return v.value;
  return v ?? null;
}
