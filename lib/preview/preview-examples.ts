/**
 * What the live preview shows for one rendered row: the input and the target apart, the answer
 * choices with the correct one marked, or the row's error in words. Pure (used by the client).
 */
import type { RenderResult } from "@/lib/render/worker";

export interface PreviewChoice {
  text: string;
  correct: boolean;
}

export interface PreviewExample {
  rowLabel: string;
  input: string | null;
  target: string | null;
  choices: PreviewChoice[] | null;
  /** The template did not render on this row (syntax error, Python error, limit). */
  error: string | null;
  /** Rendered fine but the result is not a usable example (empty input, target missing). */
  warning: string | null;
}

/** PromptSource compares the target with the choices after stripping surrounding whitespace. */
function same(a: string, b: string): boolean {
  return a.trim() === b.trim();
}

export function toPreviewExample(result: Pick<RenderResult, "parts" | "answerChoices" | "error">, rowLabel: string): PreviewExample {
  if (result.error !== null || result.parts === null) {
    return { rowLabel, input: null, target: null, choices: null, error: result.error ?? "The template did not render.", warning: null };
  }
  const input = result.parts[0] ?? "";
  const target = result.parts.length > 1 ? result.parts.slice(1).join("\n") : null;
  const choices = result.answerChoices?.map((text) => ({ text, correct: target !== null && same(text, target) })) ?? null;
  let warning: string | null = null;
  if (input.trim() === "") warning = "The input is empty on this row.";
  else if (target === null) warning = "No target: separate input and target with |||.";
  else if (choices && !choices.some((c) => c.correct)) warning = "The target is not one of the answer choices on this row.";
  return { rowLabel, input, target, choices, error: null, warning };
}

/** The JSON text of the rows array the worker expects, built from stored row texts (3.0 stays 3.0). */
export function rowsJsonOf(rows: readonly { dataJson: string }[]): string {
  return `[${rows.map((r) => r.dataJson).join(",")}]`;
}
