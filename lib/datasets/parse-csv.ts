/**
 * CSV and TSV (papaparse), the first row naming the columns. CSV has no types, so each column is
 * typed from all its cells, as pandas would read it, but stricter:
 * - int64 when every non-empty cell is an integer without leading zeros ("007" stays a string);
 * - float64 when every non-empty cell is a decimal number (then "3" is stored as 3.0);
 * - bool when every non-empty cell is true/false (any case);
 * - string otherwise. An empty cell is null in a typed column and "" in a string column.
 * A row with more or fewer fields than the header is refused, naming the row. Rows are numbered
 * as records, the header being row 1 (blank lines are skipped and not counted).
 *
 * Streaming: papaparse's Parser is fed the text block by block (the way its own ChunkStreamer
 * does, the unfinished last row carried over) with a `step` callback, so no array of all records
 * is built. The types need every cell before the first row can be written, so the file is read
 * twice: once to check it and type the columns, once to write the rows.
 */
import Papa from "papaparse";
import { validationError } from "@/lib/errors";
import { PyDict, PyFloat, type PyValue } from "@/lib/render/values";
import { textBlocks } from "./decode";
import { toJsonText } from "./json-text";
import type { ImportLimits } from "./limits";
import { tooManyRows } from "./limits";
import { RowCollector, type ParsedFile } from "./parsed-rows";

type ColumnType = "int64" | "float64" | "bool" | "string";

const INT_RE = /^[-+]?(0|[1-9][0-9]*)$/;
const FLOAT_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const BOOL_RE = /^(true|false)$/i;

/** A column's type, narrowed cell by cell. */
export class ColumnTyper {
  private int = true;
  private float = true;
  private bool = true;
  private any = false;

  add(raw: string): void {
    if (!this.int && !this.float && !this.bool) return;
    const c = raw.trim();
    if (c === "") return;
    this.any = true;
    if (this.int && !(INT_RE.test(c) && Number.isSafeInteger(Number(c)))) this.int = false;
    // "007" is an identifier, not the number 7, in a float column too.
    if (this.float && !(FLOAT_RE.test(c) && !/^[-+]?0\d/.test(c))) this.float = false;
    if (this.bool && !BOOL_RE.test(c)) this.bool = false;
  }

  get type(): ColumnType {
    if (!this.any) return "string";
    return this.int ? "int64" : this.float ? "float64" : this.bool ? "bool" : "string";
  }
}

export function columnTypeOf(cells: Iterable<string>): ColumnType {
  const t = new ColumnTyper();
  for (const c of cells) t.add(c);
  return t.type;
}

function cellValue(cell: string, type: ColumnType): PyValue {
  if (type === "string") return cell;
  const c = cell.trim();
  if (c === "") return null;
  if (type === "int64") return Number(c);
  if (type === "float64") return new PyFloat(Number(c));
  return c.toLowerCase() === "true";
}

/** papaparse's own guess (ParserHandle.guessLineEndings) on the first block: \r\n, \r or \n. */
function guessNewline(text: string): "\n" | "\r\n" | "\r" {
  const head = text.slice(0, 1024 * 1024).replace(/"([^]*?)"/gm, "");
  const r = head.split("\r");
  const n = head.split("\n");
  const nAppearsFirst = n.length > 1 && n[0].length < r[0].length;
  if (r.length === 1 || nAppearsFirst) return "\n";
  let withN = 0;
  for (let i = 0; i < r.length; i++) if (r[i][0] === "\n") withN++;
  return withN >= r.length / 2 ? "\r\n" : "\r";
}

/**
 * Calls `onRecord(fields, rowNumber)` for each record of the file, in order, blank lines
 * skipped; a quoting error is refused with its row number.
 */
function forEachRecord(bytes: Uint8Array, fileName: string, delimiter: string, blockBytes: number | undefined, onRecord: (fields: string[], row: number) => void): void {
  let parser: Papa.Parser | null = null;
  let row = 0;
  let carried = "";
  let base = 0;
  const step = (results: Papa.ParseStepResult<string[]>) => {
    const quote = results.errors.find((e) => e.type === "Quotes");
    // the row the error is in is the one being stepped (data holds it)
    if (quote) throw validationError(`${fileName} row ${row + 1}: ${quote.message}`);
    for (const fields of results.data as unknown as string[][]) {
      if (fields.length === 1 && fields[0] === "") continue; // a blank line
      row++;
      onRecord(fields, row);
    }
  };
  for (const block of textBlocks(bytes, fileName, blockBytes)) {
    parser ??= new Papa.Parser({ delimiter, newline: guessNewline(block.text), step } as Papa.ParseConfig);
    const input = carried + block.text;
    const results = parser.parse(input, base, !block.last) as Papa.ParseResult<string[]>;
    if (!block.last) {
      const cursor = results.meta.cursor;
      carried = input.substring(cursor - base);
      base = cursor;
    }
  }
}

export function parseCsv(bytes: Uint8Array, fileName: string, limits: ImportLimits, delimiter: "," | "\t" = ",", blockBytes?: number): ParsedFile {
  // Pass 1: the header, the shape of every row, the row limit and the columns' types.
  const seen: { header: string[] | null; typers: ColumnTyper[]; records: number } = { header: null, typers: [], records: 0 };
  forEachRecord(bytes, fileName, delimiter, blockBytes, (fields, row) => {
    if (seen.header === null) {
      const names = fields.map((h) => h.trim());
      names.forEach((n, i) => {
        if (!n) throw validationError(`${fileName} row 1: column ${i + 1} has no name`);
        if (names.indexOf(n) !== i) throw validationError(`${fileName} row 1: column name "${n}" appears twice`);
      });
      seen.header = names;
      seen.typers = names.map(() => new ColumnTyper());
      return;
    }
    if (++seen.records > limits.maxRows) throw tooManyRows(fileName, limits);
    if (fields.length !== seen.header.length) {
      throw validationError(`${fileName} row ${row}: ${fields.length} field${fields.length === 1 ? "" : "s"}, but the header has ${seen.header.length} columns`);
    }
    for (let i = 0; i < fields.length; i++) seen.typers[i].add(fields[i]);
  });
  const header = seen.header;
  if (header === null) throw validationError(`${fileName} is empty: the first row must name the columns`);
  const types = seen.typers.map((t) => t.type);

  // Pass 2: the rows, typed.
  const rows = new RowCollector(fileName, limits, (i) => `${fileName} row ${i + 2}`);
  forEachRecord(bytes, fileName, delimiter, blockBytes, (fields, row) => {
    if (row === 1) return;
    const value = new PyDict();
    for (let col = 0; col < header.length; col++) value.set(header[col], cellValue(fields[col], types[col]));
    rows.add(value, toJsonText(value));
  });
  const features = { ...rows.features };
  // An all-empty column is still a string column in a CSV.
  header.forEach((n, col) => {
    if (types[col] === "string") features[n] = { _type: "Value", dtype: "string" };
  });
  return rows.finish(delimiter === "," ? "csv" : "tsv", [
    "Column types come from all cells: integers → int64, decimals → float64 (3 becomes 3.0), true/false → bool, anything else → string.",
    "Empty cells are null in typed columns and empty text in string columns.",
  ], features);
}
