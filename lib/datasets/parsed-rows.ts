import type { PyDict } from "@/lib/render/values";
import type { Features } from "./features";

export type FileFormat = "jsonl" | "json" | "csv" | "tsv" | "parquet";

/** One imported row: its JSON text as it will be stored, its value, and where it came from. */
export interface ParsedRow {
  dataJson: string;
  value: PyDict;
  /** "rows.jsonl:7", "rows.csv row 4", ... for messages */
  where: string;
}

export interface ParsedFile {
  fileName: string;
  format: FileFormat;
  rows: ParsedRow[];
  /** inferred from the rows, or given by the file (HF-style JSON with `features`) */
  features: Features;
  /** how the values were typed, for the preview */
  notes: string[];
}
