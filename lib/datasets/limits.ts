import { validationError } from "@/lib/errors";

/** Per-file limits of an import (lib/env.ts: PROMPTPOOL_SAMPLE_ROWS_MAX_BYTES, PROMPTPOOL_SAMPLE_ROWS_MAX_ROWS). */
export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
}

export function formatBytes(n: number): string {
  if (n < 1_000_000) return `${n.toLocaleString("en")} bytes`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

export function checkSize(fileName: string, size: number, limits: ImportLimits): void {
  if (size > limits.maxBytes) {
    throw validationError(`${fileName} is ${formatBytes(size)}; files up to ${formatBytes(limits.maxBytes)} can be imported`);
  }
}

export function tooManyRows(fileName: string, limits: ImportLimits) {
  return validationError(`${fileName} has more than ${limits.maxRows.toLocaleString("en")} rows, the most one import takes; split the file or keep a sample`);
}
