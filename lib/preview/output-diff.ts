/**
 * The diff of two versions' rendered outputs on the same rows (the studio's version diff): for
 * each row, the example as PromptSource would write it (input, then target, or the error) of the
 * older and newer version, split into unchanged, removed and added runs by the `diff` package.
 */
import { diffWordsWithSpace } from "diff";
import type { RenderResult } from "@/lib/render/worker";

export interface DiffRun {
  text: string;
  change: "same" | "added" | "removed";
}

export interface RowOutputDiff {
  rowLabel: string;
  changed: boolean;
  runs: DiffRun[];
}

/** One row's output as text: the input, then "|||" and each target; an error in words. */
export function outputText(result: Pick<RenderResult, "parts" | "answerChoices" | "error">): string {
  if (result.error !== null || result.parts === null) return `[error] ${result.error ?? "the template did not render"}`;
  const [input, ...targets] = result.parts;
  const choices = result.answerChoices ? `\n[answer choices] ${result.answerChoices.join(" | ")}` : "";
  return [input ?? "", ...targets].join("\n|||\n") + choices;
}

export function diffOutputs(
  older: readonly Pick<RenderResult, "parts" | "answerChoices" | "error">[],
  newer: readonly Pick<RenderResult, "parts" | "answerChoices" | "error">[],
  rowLabels: readonly string[],
): RowOutputDiff[] {
  return rowLabels.map((rowLabel, i) => {
    const a = older[i] ? outputText(older[i]) : "";
    const b = newer[i] ? outputText(newer[i]) : "";
    if (a === b) return { rowLabel, changed: false, runs: [{ text: a, change: "same" }] };
    const runs = diffWordsWithSpace(a, b).map((c): DiffRun => ({ text: c.value, change: c.added ? "added" : c.removed ? "removed" : "same" }));
    return { rowLabel, changed: true, runs };
  });
}
