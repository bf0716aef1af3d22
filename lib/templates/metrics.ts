/** The metrics a PromptSource template may declare (promptsource/templates.py, METRICS). */
export const PROMPTSOURCE_METRICS = [
  "BLEU",
  "ROUGE",
  "Squad",
  "Trivia QA",
  "Accuracy",
  "Pearson Correlation",
  "Spearman Correlation",
  "MultiRC",
  "AUC",
  "COQA F1",
  "Edit Distance",
  "Mean Reciprocal Rank",
  "Other",
] as const;

export type PromptSourceMetric = (typeof PROMPTSOURCE_METRICS)[number];

/**
 * choices_in_prompt as the preview suggests it: true when every answer choice appears in the
 * rendered input of every row that has choices, false when some does not, null without evidence.
 */
export function suggestChoicesInPrompt(results: { parts: string[] | null; answerChoices: string[] | null; error: string | null }[]): boolean | null {
  let seen = false;
  for (const r of results) {
    if (r.error || !r.parts || !r.answerChoices || r.answerChoices.length === 0) continue;
    seen = true;
    const input = r.parts[0] ?? "";
    if (!r.answerChoices.every((c) => input.includes(c.trim()))) return false;
  }
  return seen ? true : null;
}
