/**
 * JSONL (one object per line, stored verbatim) and JSON (an array of objects, or the Hub's
 * `{"rows": [{"row_idx", "row"}], "features": [...]}`). Numbers keep their type: `3.0` is a float.
 */
import { validationError } from "@/lib/errors";
import { parseJsonlLine, parsePyJson, PyJsonError } from "@/lib/render/py-json";
import { PyDict, PyFloat, type PyValue } from "@/lib/render/values";
import { featuresFromList, inferFeatures, type Features } from "./features";
import { toJsonText } from "./json-text";
import { tooManyRows, type ImportLimits } from "./limits";
import type { ParsedFile, ParsedRow } from "./parsed-rows";

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

export function parseJsonl(text: string, fileName: string, limits: ImportLimits): ParsedFile {
  const rows: ParsedRow[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    lineNumber++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    line = line.trim();
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
    if (rows.length >= limits.maxRows) throw tooManyRows(fileName, limits);
    rows.push({ dataJson: line, value, where: `${fileName}:${lineNumber}` });
  }
  return { fileName, format: "jsonl", rows, features: inferFeatures(rows), notes: ["Each line is stored exactly as written."] };
}

export function parseJson(text: string, fileName: string, limits: ImportLimits): ParsedFile {
  let doc: PyValue;
  try {
    doc = parsePyJson(text);
  } catch (e) {
    if (e instanceof PyJsonError) throw validationError(`${fileName}: ${e.message}`);
    throw e;
  }
  let items: { value: PyValue; where: string }[];
  let declared: Features | null = null;
  if (Array.isArray(doc)) {
    items = doc.map((value, i) => ({ value, where: `${fileName} item ${i + 1}` }));
  } else if (doc instanceof PyDict && Array.isArray(doc.get("rows"))) {
    const list = doc.get("rows") as PyValue[];
    items = list.map((item, i) => {
      const row = item instanceof PyDict ? item.get("row") : undefined;
      if (!(row instanceof PyDict)) {
        throw validationError(`${fileName} rows[${i}]: expected {"row_idx": …, "row": {…}}, found ${describeKind(item instanceof PyDict ? row : item)}${item instanceof PyDict ? ' under "row"' : ""}`);
      }
      return { value: row, where: `${fileName} rows[${i}]` };
    });
    const features = doc.get("features");
    if (Array.isArray(features)) {
      const list2 = features.filter((f): f is PyDict => f instanceof PyDict).map((f) => ({ name: String(f.get("name")), type: plainOf(f.get("type")) }));
      declared = featuresFromList(list2);
    }
  } else {
    const found = doc instanceof PyDict ? `an object with keys ${[...doc.keys()].slice(0, 5).map((k) => JSON.stringify(k)).join(", ") || "(none)"}` : describeKind(doc);
    throw validationError(`${fileName}: expected a JSON array of objects or {"rows": [...]}, found ${found}`);
  }
  if (items.length > limits.maxRows) throw tooManyRows(fileName, limits);
  const rows: ParsedRow[] = items.map(({ value, where }) => {
    if (!(value instanceof PyDict)) throw validationError(`${where}: expected an object, found ${describeKind(value)}`);
    return { value, where, dataJson: toJsonText(value) };
  });
  const inferred = inferFeatures(rows);
  return {
    fileName,
    format: "json",
    rows,
    // Declared features carry what rows cannot show (ClassLabel names); columns they miss are inferred.
    features: declared && Object.keys(declared).length ? { ...inferred, ...declared } : inferred,
    notes: [declared ? "Features come from the file's features list." : "Features are inferred from the values.", "Numbers keep their type (3.0 stays a float)."],
  };
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
