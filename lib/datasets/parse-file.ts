/**
 * One uploaded file -> rows and features, in the browser (the preview) and on the server (the
 * import, which parses again: the server never trusts a preview). Framework-free.
 */
import { validationError } from "@/lib/errors";
import { decodeUtf8 } from "./decode";
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

export async function parseFile(input: { fileName: string; bytes: Uint8Array; limits: ImportLimits; format?: FileFormat }): Promise<ParsedFile> {
  const { fileName, bytes, limits } = input;
  const format = input.format ?? formatOf(fileName);
  checkSize(fileName, bytes.byteLength, limits);
  if (format === "parquet") return parseParquet(bytes, fileName, limits);
  const text = decodeUtf8(bytes, fileName);
  if (!text.trim()) throw validationError(`${fileName} is empty`);
  switch (format) {
    case "jsonl":
      return parseJsonl(text, fileName, limits);
    case "json":
      return parseJson(text, fileName, limits);
    case "csv":
      return parseCsv(text, fileName, limits, ",");
    case "tsv":
      return parseCsv(text, fileName, limits, "\t");
  }
}
