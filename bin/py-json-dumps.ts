/**
 * Python's `json.dumps(value, ensure_ascii=False)` for plain JSON values: ", " and ": "
 * separators, non-ASCII kept. Records then compare byte for byte with the parity corpus,
 * which Python wrote this way.
 */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (value === Infinity) return "Infinity";
    if (value === -Infinity) return "-Infinity";
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return "[" + value.map(pyJsonDumps).join(", ") + "]";
  if (typeof value === "object") {
    return (
      "{" +
      Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => JSON.stringify(k) + ": " + pyJsonDumps(v))
        .join(", ") +
      "}"
    );
  }
  throw new TypeError(`cannot write ${typeof value} as JSON`);
}
