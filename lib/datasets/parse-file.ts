/**
 * One uploaded file -> rows and features, in the browser (the preview) and on the server (the
 * import, which parses again: the server never trusts a preview). Framework-free. Every parser
 * streams over the bytes (see parsed-rows.ts): what stays is each row's text, not its value.
 */
import { validationError } from "@/lib/errors";
import { isBlank } from "./decode";
import { checkSize, type ImportLimits } from "./limits";
import { parseCsv } from "./parse-csv";
import { parseJson, parseJsonl } from "./parse-json";
import { parseParquet } from "./parse-parquet";
import type { FileFormat, ParsedFile } from "./parsed-rows";

export const FILE_FORMATS: readonly FileFormat[] = ["jsonl", "json", "csv", "tsv", "parquet"];

export function formatOf(fileName: string): FileFormat {
  const ext = fileName.toLowerCase().match(/\.([a-z]+)$/)?.[1] ?? "";
  if (ext === "jsonl" || ext === "ndjson") return "jsonl";
  if (ext === "json" || ext === "csv" || ext === "tsv" || ext === "parquet") return ext;
  throw validationError(`${fileName}: unknown file type; use .jsonl, .json, .csv, .tsv or .parquet`);
}

/** How much is read at a time (defaults: 1 MB of text, 10,000 Parquet rows); tests make them tiny. */
export interface ChunkSizes {
  blockBytes?: number;
  parquetRows?: number;
}

export async function parseFile(input: { fileName: string; bytes: Uint8Array; limits: ImportLimits; format?: FileFormat; chunks?: ChunkSizes }): Promise<ParsedFile> {
  const { fileName, bytes, limits, chunks = {} } = input;
  const format = input.format ?? formatOf(fileName);
  checkSize(fileName, bytes.byteLength, limits);
  if (format === "parquet") return parseParquet(bytes, fileName, limits, chunks.parquetRows);
  if (isBlank(bytes)) throw validationError(`${fileName} is empty`);
  switch (format) {
    case "jsonl":
      return parseJsonl(bytes, fileName, limits, chunks.blockBytes);
    case "json":
      return parseJson(bytes, fileName, limits);
    case "csv":
      return parseCsv(bytes, fileName, limits, ",", chunks.blockBytes);
    case "tsv":
      return parseCsv(bytes, fileName, limits, "\t", chunks.blockBytes);
  }
}
