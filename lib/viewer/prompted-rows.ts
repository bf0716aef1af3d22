/**
 * The prompted dataset viewer's rows: what the sandboxed worker rendered for each sample row, the
 * counts of rows that rendered empty or failed, and the JSONL of what the viewer shows. Pure (the
 * client component builds the download from these in the browser).
 */
import type { RenderResult } from "../render/worker";

export interface PromptedRow {
  /** the sample row's index in its split */
  index: number;
  input: string | null;
  target: string | null;
  answerChoices: string[] | null;
  error: string | null;
  /** rendered, but the input is blank or there is no (or a blank) target: P3 would have nothing to train on */
  empty: boolean;
}

export function toPromptedRows(indexes: readonly number[], results: readonly Pick<RenderResult, "rowIndex" | "parts" | "answerChoices" | "error">[]): PromptedRow[] {
  const byPosition = new Map(results.map((r) => [r.rowIndex, r]));
  return indexes.map((index, position) => {
    const r = byPosition.get(position);
    if (!r) return { index, input: null, target: null, answerChoices: null, error: "The renderer gave no result for this row.", empty: false };
    if (r.error !== null || r.parts === null) {
      return { index, input: null, target: null, answerChoices: null, error: r.error ?? "The template did not render.", empty: false };
    }
    const input = r.parts[0] ?? "";
    const target = r.parts.length > 1 ? r.parts.slice(1).join("\n") : null;
    return { index, input, target, answerChoices: r.answerChoices, error: null, empty: input.trim() === "" || target === null || target.trim() === "" };
  });
}

export interface PromptedSummary {
  rows: number;
  ok: number;
  empty: number;
  errors: number;
}

export function summarizeRows(rows: readonly PromptedRow[]): PromptedSummary {
  const errors = rows.filter((r) => r.error !== null).length;
  const empty = rows.filter((r) => r.empty).length;
  return { rows: rows.length, ok: rows.length - errors - empty, empty, errors };
}

/** One JSON object per line: the split, the row index, and what the viewer shows for it. */
export function toJsonl(split: string, rows: readonly PromptedRow[]): string {
  return rows
    .map((r) =>
      JSON.stringify({
        split,
        index: r.index,
        input: r.input,
        target: r.target,
        answer_choices: r.answerChoices,
        ...(r.error !== null ? { error: r.error } : {}),
      }),
    )
    .map((line) => line + "\n")
    .join("");
}

/** A file name from the parts of what is shown, safe on every file system. */
export function jsonlFileName(parts: readonly (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[^A-Za-z0-9_.-]+/g, "_")).join("-") + ".jsonl";
}
