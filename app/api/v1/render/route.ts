import { renderRows, rowsFromBody } from "@/lib/api/render";
import { renderBodySchema } from "@/lib/api/schemas";
import { getEnv } from "@/lib/env";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** Applies a template (jinja + answer_choices) to the given rows, as PromptSource's Template.apply does. */
export const POST = withApi({ action: "pool.read", auth: "public", input: renderBodySchema }, async ({ input, rawBody }) => {
  const env = getEnv();
  const budget = { maxRows: env.PROMPTPOOL_API_RENDER_MAX_ROWS, budgetMs: env.PROMPTPOOL_API_RENDER_BUDGET_MS, maxOutputChars: 4_000_000 };
  const records = renderRows(input.template, rowsFromBody(rawBody ?? ""), input.seedBase, budget);
  return { records, limits: { maxRows: budget.maxRows, budgetMs: budget.budgetMs } };
});
