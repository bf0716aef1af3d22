/**
 * JSON text as Python's json module writes it, for the record shapes exports contain (strings,
 * numbers, booleans, null, lists, plain objects in insertion order).
 *
 * - `pyJsonDumps(v)` = `json.dumps(v, ensure_ascii=False)`: ", " and ": " separators, non-ASCII
 *   kept. The P3 parity corpus and xP3's files are written this way.
 * - `pyJsonDumps(v, { ensureAscii: true })` = `json.dumps(v)`: every character outside
 *   space..`~` as a lowercase `\uXXXX` escape (astral characters as surrogate pairs).
 * For well-formed strings JSON.stringify escapes exactly what Python escapes with
 * ensure_ascii=False (`"`, `\`, \b \f \n \r \t, other controls as \u00xx), so it is used for strings.
 */
export interface PyJsonOptions {
  ensureAscii?: boolean;
}

const NON_ASCII = /[^\x20-\x7e]/g;
const hex4 = (c: string) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");

export function pyJsonString(s: string, ensureAscii = false): string {
  const text = JSON.stringify(s);
  return ensureAscii ? text.replace(NON_ASCII, hex4) : text;
}

export function pyJsonDumps(value: unknown, options: PyJsonOptions = {}): string {
  const ascii = options.ensureAscii ?? false;
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "string") return pyJsonString(v, ascii);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") {
      if (Number.isNaN(v)) return "NaN";
      if (v === Infinity) return "Infinity";
      if (v === -Infinity) return "-Infinity";
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) return "[" + v.map(dump).join(", ") + "]";
    if (typeof v === "object") {
      let out = "{";
      let first = true;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        out += (first ? "" : ", ") + pyJsonString(k, ascii) + ": " + dump(x);
        first = false;
      }
      return out + "}";
    }
    throw new TypeError(`cannot write ${typeof v} as JSON`);
  };
  return dump(value);
}

/**
 * `json.dumps(value, indent=indent)` (ensure_ascii as given) for one value nested `depth` levels
 * inside an indented array: what Alpaca's `jdump` writes for each element of its list.
 */
export function pyJsonIndented(value: unknown, indent: number, depth: number, options: PyJsonOptions = {}): string {
  const ascii = options.ensureAscii ?? false;
  const pad = (d: number) => "\n" + " ".repeat(indent * d);
  const dump = (v: unknown, d: number): string => {
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      return "[" + v.map((x) => pad(d + 1) + dump(x, d + 1)).join(",") + pad(d) + "]";
    }
    if (v !== null && typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) return "{}";
      return "{" + entries.map(([k, x]) => pad(d + 1) + pyJsonString(k, ascii) + ": " + dump(x, d + 1)).join(",") + pad(d) + "}";
    }
    return pyJsonDumps(v, options);
  };
  return dump(value, depth);
}
