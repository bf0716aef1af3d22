/**
 * CSV and TSV (papaparse), the first row naming the columns. CSV has no types, so each column is
 * typed from all its cells, as pandas would read it, but stricter:
 * - int64 when every non-empty cell is an integer without leading zeros ("007" stays a string);
 * - float64 when every non-empty cell is a decimal number (then "3" is stored as 3.0);
 * - bool when every non-empty cell is true/false (any case);
 * - string otherwise. An empty cell is null in a typed column and "" in a string column.
 * A row with more or fewer fields than the header is refused, naming the row.
 */
import Papa from "papaparse";
import { validationError } from "@/lib/errors";
import { PyDict, PyFloat, type PyValue } from "@/lib/render/values";
import { inferFeatures } from "./features";
import { toJsonText } from "./json-text";
import { tooManyRows, type ImportLimits } from "./limits";
import type { ParsedFile, ParsedRow } from "./parsed-rows";

type ColumnType = "int64" | "float64" | "bool" | "string";

const INT_RE = /^[-+]?(0|[1-9][0-9]*)$/;
const FLOAT_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const BOOL_RE = /^(true|false)$/i;

export function columnTypeOf(cells: Iterable<string>): ColumnType {
  let int = true;
  let float = true;
  let bool = true;
  let any = false;
  for (const raw of cells) {
    const c = raw.trim();
    if (c === "") continue;
    any = true;
    if (int && !(INT_RE.test(c) && Number.isSafeInteger(Number(c)))) int = false;
    // "007" is an identifier, not the number 7, in a float column too.
    if (float && !(FLOAT_RE.test(c) && !/^[-+]?0\d/.test(c))) float = false;
    if (bool && !BOOL_RE.test(c)) bool = false;
    if (!int && !float && !bool) return "string";
  }
  if (!any) return "string";
  return int ? "int64" : float ? "float64" : bool ? "bool" : "string";
}

function cellValue(cell: string, type: ColumnType): PyValue {
  if (type === "string") return cell;
  const c = cell.trim();
  if (c === "") return null;
  if (type === "int64") return Number(c);
  if (type === "float64") return new PyFloat(Number(c));
  return c.toLowerCase() === "true";
}

export function parseCsv(text: string, fileName: string, limits: ImportLimits, delimiter: "," | "\t" = ","): ParsedFile {
  const result = Papa.parse<string[]>(text, { header: false, delimiter, skipEmptyLines: true });
  const quoteError = result.errors.find((e) => e.type === "Quotes");
  if (quoteError) throw validationError(`${fileName} row ${(quoteError.row ?? 0) + 1}: ${quoteError.message}`);
  const [header, ...records] = result.data;
  if (!header) throw validationError(`${fileName} is empty: the first row must name the columns`);
  const names = header.map((h) => h.trim());
  names.forEach((n, i) => {
    if (!n) throw validationError(`${fileName} row 1: column ${i + 1} has no name`);
    if (names.indexOf(n) !== i) throw validationError(`${fileName} row 1: column name "${n}" appears twice`);
  });
  if (records.length > limits.maxRows) throw tooManyRows(fileName, limits);
  records.forEach((r, i) => {
    if (r.length !== names.length) {
      throw validationError(`${fileName} row ${i + 2}: ${r.length} field${r.length === 1 ? "" : "s"}, but the header has ${names.length} columns`);
    }
  });
  const types = names.map((_, col) => columnTypeOf(records.map((r) => r[col])));
  const rows: ParsedRow[] = records.map((r, i) => {
    const value = new PyDict();
    names.forEach((name, col) => value.set(name, cellValue(r[col], types[col])));
    return { value, dataJson: toJsonText(value), where: `${fileName} row ${i + 2}` };
  });
  const features = inferFeatures(rows);
  // An all-empty column is still a string column in a CSV.
  names.forEach((n, col) => {
    if (types[col] === "string") features[n] = { _type: "Value", dtype: "string" };
  });
  return {
    fileName,
    format: delimiter === "," ? "csv" : "tsv",
    rows,
    features,
    notes: [
      "Column types come from all cells: integers → int64, decimals → float64 (3 becomes 3.0), true/false → bool, anything else → string.",
      "Empty cells are null in typed columns and empty text in string columns.",
    ],
  };
}
