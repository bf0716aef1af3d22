/**
 * What a parsed file is: the rows' JSON texts (what is stored), where each came from, and what was
 * learnt while they streamed past (features, the first rows' values, per-column values for
 * ClassLabel checks). The rows' values are not kept: at 235,000 rows they cost several hundred
 * MB (see scripts/bench-import-rows.ts); whoever needs one parses its text again.
 */
import type { PyDict } from "@/lib/render/values";
import { addColumnValues, type ColumnValues } from "./column-values";
import { FeatureInference, type Features } from "./features";
import { tooManyRows, type ImportLimits } from "./limits";

export type FileFormat = "jsonl" | "json" | "csv" | "tsv" | "parquet";

/** One imported row with its value (the Hub import, tests). */
export interface ParsedRow {
  dataJson: string;
  value: PyDict;
  /** "rows.jsonl:7", "rows.csv row 4", ... for messages */
  where: string;
}

/** How many of the first rows' values a parsed file keeps, for the preview. */
export const SAMPLE_ROWS = 10;

export interface ParsedFile {
  fileName: string;
  format: FileFormat;
  /** each row's JSON text as it will be stored (JSONL lines verbatim) */
  rows: string[];
  /** where row i came from, for messages: "rows.jsonl:7", "rows.csv row 4" */
  where(i: number): string;
  /** inferred from the rows, or given by the file (HF-style JSON with `features`) */
  features: Features;
  /** the first SAMPLE_ROWS rows' values */
  sample: PyDict[];
  /** top-level column -> the values a ClassLabel check needs */
  columns: Map<string, ColumnValues>;
  /** how the values were typed, for the preview */
  notes: string[];
}

/** Takes the rows as a parser reads them: enforces the row limit, infers features, keeps only texts. */
export class RowCollector {
  readonly rows: string[] = [];
  readonly sample: PyDict[] = [];
  readonly columns = new Map<string, ColumnValues>();
  private readonly inference = new FeatureInference();

  constructor(
    private readonly fileName: string,
    private readonly limits: ImportLimits,
    readonly where: (i: number) => string,
  ) {}

  get count(): number {
    return this.rows.length;
  }

  /** Refuses the file once it has more rows than the limit (before the row is kept). */
  checkRoom(): void {
    if (this.rows.length >= this.limits.maxRows) throw tooManyRows(this.fileName, this.limits);
  }

  add(value: PyDict, dataJson: string): void {
    this.checkRoom();
    const i = this.rows.length;
    this.inference.add(value, () => this.where(i));
    addColumnValues(this.columns, value, i);
    if (this.sample.length < SAMPLE_ROWS) this.sample.push(value);
    this.rows.push(dataJson);
  }

  get features(): Features {
    return this.inference.features;
  }

  finish(format: FileFormat, notes: string[], features: Features = this.features): ParsedFile {
    return { fileName: this.fileName, format, rows: this.rows, where: this.where, features, sample: this.sample, columns: this.columns, notes };
  }
}
