/**
 * POST /api/v1/render's work: PromptSource's Template.apply (lib/render) over the rows of one
 * request, under the engine's per-render limits plus a budget for the whole request, so a runaway
 * template ends in a RENDER_LIMIT error instead of holding the server. Framework-free.
 *
 * Rows are read with Python's json semantics (parsePyJson), so `3.0` stays a float, as in a
 * dataset file.
 */
import { AppError } from "@/lib/errors";
import { applyTemplate, prepareTemplate, PyDict, type PyValue } from "@/lib/render";
import { parsePyJson } from "@/lib/render/py-json";

export interface RenderRecord {
  index: number;
  seed: number;
  prompt: string | null;
  target: string | null;
  answerChoices: string[] | null;
  error: string | null;
}

export interface RenderBudget {
  maxRows: number;
  /** wall time for all rows together */
  budgetMs: number;
  /** characters of prompts, targets and choices in the whole response */
  maxOutputChars: number;
}

/** The request's rows as Python values, from the body text that zod already checked. */
export function rowsFromBody(rawBody: string): PyDict[] {
  const body = parsePyJson(rawBody);
  const rows = body instanceof PyDict ? body.get("rows") : undefined;
  if (!Array.isArray(rows) || !rows.every((r: PyValue) => r instanceof PyDict)) {
    throw new AppError("VALIDATION", "rows: a list of JSON objects");
  }
  return rows as PyDict[];
}

export function renderRows(
  template: { jinja: string; answerChoices: string | null },
  rows: PyDict[],
  seedBase: number,
  budget: RenderBudget,
  now: () => number = Date.now,
): RenderRecord[] {
  if (rows.length > budget.maxRows) {
    throw new AppError("VALIDATION", `rows: at most ${budget.maxRows} rows per request`, { fields: { rows: `At most ${budget.maxRows} rows` } });
  }
  const prepared = prepareTemplate({ id: "api", name: "api", jinja: template.jinja, answerChoices: template.answerChoices });
  const deadline = now() + budget.budgetMs;
  let written = 0;
  const records: RenderRecord[] = [];
  for (let index = 0; index < rows.length; index++) {
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw new AppError("RENDER_LIMIT", `Rendering ${rows.length} rows took longer than ${budget.budgetMs} ms (stopped at row ${index}); send fewer rows`);
    }
    const seed = seedBase + index;
    const result = applyTemplate(prepared, rows[index], { seed, limits: { timeoutMs: Math.max(1, remaining), maxOutputChars: budget.maxOutputChars } });
    if (result.error?.startsWith("TemplateSyntaxError")) throw new AppError("TEMPLATE_SYNTAX", result.error);
    if (result.error?.startsWith("RenderLimitError")) throw new AppError("RENDER_LIMIT", `Row ${index}: ${result.error}`);
    const parts = result.parts;
    const record: RenderRecord = {
      index,
      seed,
      prompt: parts ? parts[0] : null,
      target: parts && parts.length > 1 ? parts.slice(1).join("\n") : null,
      answerChoices: result.answerChoices,
      error: result.error,
    };
    written += (record.prompt?.length ?? 0) + (record.target?.length ?? 0) + (record.answerChoices?.join("").length ?? 0);
    if (written > budget.maxOutputChars) {
      throw new AppError("RENDER_LIMIT", `The rendered records exceed ${budget.maxOutputChars} characters (at row ${index}); send fewer rows`);
    }
    records.push(record);
  }
  return records;
}
