import "server-only";
import { z } from "zod";
import type { TemplateBreakdown } from "../search/overview";
import type { TemplateVisibility } from "../search/visibility";
import { getDb, getDbProvider } from "./client";
import { SqlParams, toCount, visibleTemplates } from "./sql-fragments";
import { templateStatusSchema, type TemplateStatus } from "./templates";
import { parseOrThrow } from "./validate";

export type { TemplateBreakdown };

export interface PoolStats {
  datasets: number;
  /** templates that are not archived */
  templates: number;
  approvedTemplates: number;
  sampleRows: number;
  /** people who have written at least one template version */
  contributors: number;
}

export async function getPoolStats(): Promise<PoolStats> {
  const db = getDb();
  const [datasets, templates, approvedTemplates, sampleRows, authors] = await Promise.all([
    db.dataset.count(),
    db.template.count({ where: { status: { not: "archived" } } }),
    // A pooled template stays in the pool while a newer version of it is in review.
    db.template.count({ where: { poolVersion: { not: null }, status: { not: "archived" } } }),
    db.sampleRow.count(),
    db.templateVersion.groupBy({ by: ["authorId"] }),
  ]);
  return { datasets, templates, approvedTemplates, sampleRows, contributors: authors.length };
}

/**
 * The helicopter view's counts over the templates the viewer may read (the whole pool, or one
 * dataset): by state, and, leaving archived templates out, by the latest version's original task,
 * choices in prompt, languages and metrics, and by the dataset's task category; plus templates per
 * dataset and state. One GROUP BY per dimension over TemplateSearchDoc (one row per template,
 * kept by triggers, see migration search_fts), never a query per dataset or template.
 */
export async function getTemplateBreakdown(i: { visibility: TemplateVisibility; datasetId?: string }): Promise<TemplateBreakdown> {
  const datasetId = i.datasetId === undefined ? undefined : parseOrThrow(z.string().min(1).max(200), i.datasetId);
  const provider = getDbProvider();
  const db = getDb();
  const query = async <T>(build: (p: SqlParams, where: string) => string): Promise<T[]> => {
    const p = new SqlParams(provider);
    const where = [visibleTemplates(p, i.visibility), ...(datasetId ? [`t."datasetId" = ${p.add(datasetId)}`] : [])].join(" AND ");
    return db.$queryRawUnsafe<T[]>(build(p, where), ...p.values);
  };
  type Group = { value: unknown; count: unknown };
  const active = `t."status" <> 'archived'`;
  const groupBy = (column: string) => (p: SqlParams, where: string) =>
    `SELECT ${column} AS "value", count(*) AS "count" FROM "TemplateSearchDoc" t WHERE ${where} AND ${active} GROUP BY ${column}`;
  // A template counts once per distinct value; one that declares none counts under null.
  const elements = (column: string) => (p: SqlParams, where: string) =>
    provider === "sqlite"
      ? `SELECT e.value AS "value", count(DISTINCT t."docId") AS "count" FROM "TemplateSearchDoc" t LEFT JOIN json_each(t."${column}") e
         WHERE ${where} AND ${active} GROUP BY e.value`
      : `SELECT e.value AS "value", count(DISTINCT t."docId") AS "count" FROM "TemplateSearchDoc" t
         LEFT JOIN LATERAL jsonb_array_elements_text(t."${column}"::jsonb) AS e(value) ON TRUE
         WHERE ${where} AND ${active} GROUP BY e.value`;

  const [status, originalTask, choices, languages, metrics, categories, datasets] = await Promise.all([
    query<Group>((p, where) => `SELECT t."status" AS "value", count(*) AS "count" FROM "TemplateSearchDoc" t WHERE ${where} GROUP BY t."status"`),
    query<Group>(groupBy(`t."originalTask"`)),
    query<Group>(groupBy(`t."choicesInPrompt"`)),
    query<Group>(elements("languagesJson")),
    query<Group>(elements("metricsJson")),
    query<Group>(groupBy(`t."taskCategory"`)),
    query<{ datasetId: string; name: string; subset: string | null; taskCategory: string | null; status: string; count: unknown }>(
      (p, where) => `SELECT t."datasetId" AS "datasetId", d."name" AS "name", d."subset" AS "subset", d."taskCategory" AS "taskCategory", t."status" AS "status", count(*) AS "count"
        FROM "TemplateSearchDoc" t JOIN "Dataset" d ON d."id" = t."datasetId" WHERE ${where}
        GROUP BY t."datasetId", d."name", d."subset", d."taskCategory", t."status"`,
    ),
  ]);

  const asStatus = (v: unknown): TemplateStatus | null => {
    const s = templateStatusSchema.safeParse(v);
    return s.success ? s.data : null;
  };
  const asBool = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || Number(v) === 1);
  const asText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const counts = <T>(rows: Group[], value: (v: unknown) => T) => rows.map((r) => ({ value: value(r.value), count: toCount(r.count) }));

  const byDataset = new Map<string, TemplateBreakdown["byDataset"][number]>();
  for (const r of datasets) {
    const s = asStatus(r.status);
    if (!s) continue;
    const entry = byDataset.get(r.datasetId) ?? { datasetId: r.datasetId, name: r.name, subset: r.subset, taskCategory: r.taskCategory ?? null, byStatus: [] };
    entry.byStatus.push({ value: s, count: toCount(r.count) });
    byDataset.set(r.datasetId, entry);
  }
  return {
    byStatus: counts(status, asStatus).filter((c): c is { value: TemplateStatus; count: number } => c.value !== null),
    byOriginalTask: counts(originalTask, asBool),
    byChoicesInPrompt: counts(choices, asBool),
    byLanguage: counts(languages, asText),
    byMetric: counts(metrics, asText),
    byTaskCategory: counts(categories, asText),
    byDataset: [...byDataset.values()],
  };
}
