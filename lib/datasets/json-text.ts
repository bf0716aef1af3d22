/**
 * PyValue -> JSON text that keeps Python's types: an int prints as `3`, a float as `3.0`
 * (Python's repr digits), key order is kept. Used for rows that do not arrive as one JSON text
 * per row (CSV cells, Parquet values, items of a JSON array, the Hub's answers), so that what
 * is stored reads back with the same types (lib/render/py-json). Non-finite floats (NaN, inf)
 * have no JSON spelling that JavaScript reads, so they become null, as the Hub's viewer API does.
 */
import { floatRepr } from "@/lib/render/py-float";
import { PyDict, PyFloat, PyTuple, type PyValue } from "@/lib/render/values";

export function toJsonText(value: PyValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Number.isFinite(value) ? String(Math.trunc(value)) : "null";
    case "string":
      return JSON.stringify(value);
  }
  if (value instanceof PyFloat) return Number.isFinite(value.value) ? floatRepr(value.value) : "null";
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value instanceof PyTuple) return `[${value.items.map(toJsonText).join(",")}]`;
  if (value instanceof PyDict) {
    const parts: string[] = [];
    for (const [k, v] of value.entriesView()) parts.push(`${JSON.stringify(String(k))}:${toJsonText(v)}`);
    return `{${parts.join(",")}}`;
  }
  throw new TypeError("value is not JSON");
}

/** Plain JavaScript (from a JSON library or a Parquet reader) -> PyValue; `floats` marks numbers known to be floats. */
export function fromPlain(value: unknown, isFloat = false): PyValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return isFloat || !Number.isInteger(value) ? new PyFloat(value) : value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => fromPlain(v, isFloat));
  if (typeof value === "object") {
    const d = new PyDict();
    for (const [k, v] of Object.entries(value)) d.set(k, fromPlain(v, isFloat));
    return d;
  }
  return String(value);
}

/** The same text laid out for reading (two-space indent), types kept: for the row drawer. */
export function toPrettyJsonText(value: PyValue, indent = ""): string {
  const inner = indent + "  ";
  if (Array.isArray(value) || value instanceof PyTuple) {
    const items = Array.isArray(value) ? value : value.items;
    if (items.length === 0) return "[]";
    return `[\n${items.map((v) => inner + toPrettyJsonText(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (value instanceof PyDict) {
    if (value.size === 0) return "{}";
    const parts: string[] = [];
    for (const [k, v] of value.entriesView()) parts.push(`${inner}${JSON.stringify(String(k))}: ${toPrettyJsonText(v, inner)}`);
    return `{\n${parts.join(",\n")}\n${indent}}`;
  }
  return toJsonText(value);
}
