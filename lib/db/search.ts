import "server-only";
// Full-text search over templates with each database's own index (migration search_fts):
//  - SQLite: the FTS5 table "TemplateSearchFts" (external content: "TemplateSearchDoc"), ranked by
//    bm25 with the name weighted 10, the dataset 5, the reference 2 and the jinja 1;
//  - PostgreSQL: the stored, weighted tsvector "TemplateSearchDoc"."searchVector" (GIN), ranked by
//    ts_rank (weights A name, B dataset, C reference, D jinja).
// What is indexed is each template's name, its dataset's name and subset, and its LATEST version's
// jinja and reference (what people are working on; the pool version of an approved template is
// usually the latest one). Triggers keep it current; nothing here writes it.
// Filters apply to the template (dataset, state, author, dataset task category) and to its latest
// version's metadata (language, metric, original task, choices in prompt). Visibility comes from
// the policy (lib/search/visibility.ts), so a viewer never finds a template they could not open.
import { z } from "zod";
import { HIGHLIGHT_END, HIGHLIGHT_START, hasHighlight, parseSearchText, toFts5Match, toTsQuery } from "../search/query";
import type { TemplateVisibility } from "../search/visibility";
import { getDb, getDbProvider } from "./client";
import { parseJsonArrayOfStrings } from "./json";
import { jsonArrayHas, nullableBoolIs, SqlParams, toCount, visibleTemplates } from "./sql-fragments";
import { templateStatusSchema, type TemplateStatus } from "./templates";
import { parseOrThrow } from "./validate";

export interface TemplateSearchFilters {
  datasetId?: string;
  /** a language code, or null for templates that declare none */
  language?: string | null;
  /** a metric name, or null for templates that declare none */
  metric?: string | null;
  /** default: every state but archived */
  status?: TemplateStatus[];
  /** the template's creator */
  authorId?: string;
  originalTask?: boolean | null;
  choicesInPrompt?: boolean | null;
  /** the dataset's task category, or null for uncategorised datasets */
  taskCategory?: string | null;
}

export interface TemplateSearchInput extends TemplateSearchFilters {
  text?: string;
  visibility: TemplateVisibility;
  offset?: number;
  limit?: number;
}

export interface TemplateSearchHit {
  templateId: string;
  name: string;
  datasetId: string;
  datasetName: string;
  datasetSubset: string | null;
  status: TemplateStatus;
  latestVersion: number;
  poolVersion: number | null;
  updatedAt: string;
  author: { id: string; name: string | null };
  languages: string[];
  metrics: string[];
  /** the name with matches between HIGHLIGHT_START and HIGHLIGHT_END, or null without a text query */
  nameHighlight: string | null;
  /** an excerpt of the jinja or the reference with the matches marked (the jinja's start without a text query) */
  snippet: string;
  snippetField: "jinja" | "reference";
}

export interface TemplateSearchResult {
  total: number;
  hits: TemplateSearchHit[];
  /** the text had words to look for (a text of only punctuation or only exclusions finds nothing) */
  textQuery: boolean;
}

const searchInputSchema = z.object({
  text: z.string().max(500).default(""),
  datasetId: z.string().min(1).max(200).optional(),
  language: z.string().min(1).max(100).nullable().optional(),
  metric: z.string().min(1).max(100).nullable().optional(),
  status: z.array(templateStatusSchema).min(1).optional(),
  authorId: z.string().min(1).max(200).optional(),
  originalTask: z.boolean().nullable().optional(),
  choicesInPrompt: z.boolean().nullable().optional(),
  taskCategory: z.string().min(1).max(100).nullable().optional(),
  offset: z.number().int().min(0).max(100_000).default(0),
  limit: z.number().int().min(1).max(100).default(20),
});

type PageRow = { docId: unknown; templateId: string };
type CountRow = { total: unknown };
type DetailRow = {
  docId: unknown;
  id: string;
  name: string;
  datasetId: string;
  datasetName: string;
  datasetSubset: string | null;
  status: string;
  latestVersion: unknown;
  poolVersion: unknown;
  updatedAt: unknown;
  authorId: string;
  authorName: string | null;
  languagesJson: string;
  metricsJson: string;
  jinjaStart: string;
  snippetName: string | null;
  snippetJinja: string | null;
  snippetReference: string | null;
};

const SNIPPET_START_CHARS = 240;

// Filters read TemplateSearchDoc (alias t), which carries the template's state, pool version,
// creator, dataset and task category and its latest version's metadata: no join per match.
function filterClauses(p: SqlParams, f: z.output<typeof searchInputSchema>, visibility: TemplateVisibility): string[] {
  const where = [visibleTemplates(p, visibility)];
  where.push(f.status ? `t."status" IN (${p.list(f.status)})` : `t."status" <> 'archived'`);
  if (f.datasetId) where.push(`t."datasetId" = ${p.add(f.datasetId)}`);
  if (f.authorId) where.push(`t."createdById" = ${p.add(f.authorId)}`);
  if (f.language !== undefined) where.push(jsonArrayHas(p, `t."languagesJson"`, f.language));
  if (f.metric !== undefined) where.push(jsonArrayHas(p, `t."metricsJson"`, f.metric));
  if (f.originalTask !== undefined) where.push(nullableBoolIs(p, `t."originalTask"`, f.originalTask));
  if (f.choicesInPrompt !== undefined) where.push(nullableBoolIs(p, `t."choicesInPrompt"`, f.choicesInPrompt));
  if (f.taskCategory !== undefined) {
    where.push(f.taskCategory === null ? `t."taskCategory" IS NULL` : `t."taskCategory" = ${p.add(f.taskCategory)}`);
  }
  return where;
}

/** The FROM and WHERE of a search (same for its count and its page), and its ORDER BY. */
function searchSource(p: SqlParams, f: z.output<typeof searchInputSchema>, visibility: TemplateVisibility, match: string | null) {
  if (match === null) {
    return {
      from: `FROM "TemplateSearchDoc" t WHERE ${filterClauses(p, f, visibility).join(" AND ")}`,
      order: `ORDER BY t."updatedAt" DESC, t."docId" DESC`,
    };
  }
  if (p.provider === "sqlite") {
    const m = p.add(match);
    return {
      from: `FROM "TemplateSearchFts" f JOIN "TemplateSearchDoc" t ON t."docId" = f.rowid
        WHERE "TemplateSearchFts" MATCH ${m} AND ${filterClauses(p, f, visibility).join(" AND ")}`,
      order: `ORDER BY bm25("TemplateSearchFts", 10.0, 5.0, 1.0, 2.0) ASC, t."updatedAt" DESC, t."docId" DESC`,
    };
  }
  const q = p.add(match);
  return {
    from: `FROM "TemplateSearchDoc" t CROSS JOIN to_tsquery('simple', ${q}) query
      WHERE t."searchVector" @@ query AND ${filterClauses(p, f, visibility).join(" AND ")}`,
    order: `ORDER BY ts_rank(t."searchVector", query) DESC, t."updatedAt" DESC, t."docId" DESC`,
  };
}

export async function searchTemplates(input: TemplateSearchInput): Promise<TemplateSearchResult> {
  const { visibility, ...rest } = input;
  const f = parseOrThrow(searchInputSchema, rest);
  const provider = getDbProvider();
  const db = getDb();
  const terms = parseSearchText(f.text);
  let match: string | null = null;
  if (terms.length > 0) {
    match = provider === "sqlite" ? toFts5Match(terms) : toTsQuery(terms);
    if (match === null) return { total: 0, hits: [], textQuery: false };
  }

  const countParams = new SqlParams(provider);
  const counted = searchSource(countParams, f, visibility, match);
  const pageParams = new SqlParams(provider);
  const paged = searchSource(pageParams, f, visibility, match);
  const [countRows, pageRows] = await Promise.all([
    db.$queryRawUnsafe<CountRow[]>(`SELECT count(*) AS "total" ${counted.from}`, ...countParams.values),
    db.$queryRawUnsafe<PageRow[]>(
      `SELECT t."docId" AS "docId", t."templateId" AS "templateId" ${paged.from} ${paged.order}
       LIMIT ${pageParams.add(f.limit)} OFFSET ${pageParams.add(f.offset)}`,
      ...pageParams.values,
    ),
  ]);
  const total = toCount(countRows[0]?.total);
  if (pageRows.length === 0) return { total, hits: [], textQuery: match !== null };

  const details = await loadPage(pageRows.map((r) => toCount(r.docId)), match);
  const hits: TemplateSearchHit[] = [];
  for (const page of pageRows) {
    const r = details.get(toCount(page.docId));
    if (!r) continue; // deleted between the two queries
    const s = r.snippetName !== null ? { name: r.snippetName, jinja: r.snippetJinja ?? "", reference: r.snippetReference ?? "" } : undefined;
    const useReference = s !== undefined && !hasHighlight(s.jinja) && hasHighlight(s.reference);
    const status = templateStatusSchema.safeParse(r.status);
    hits.push({
      templateId: r.id,
      name: r.name,
      datasetId: r.datasetId,
      datasetName: r.datasetName,
      datasetSubset: r.datasetSubset,
      status: status.success ? status.data : "draft",
      latestVersion: toCount(r.latestVersion),
      poolVersion: r.poolVersion === null ? null : toCount(r.poolVersion),
      updatedAt: toIso(r.updatedAt),
      author: { id: r.authorId, name: r.authorName },
      languages: parseJsonArrayOfStrings(r.languagesJson),
      metrics: parseJsonArrayOfStrings(r.metricsJson),
      nameHighlight: s ? s.name : null,
      snippet: s ? (useReference ? s.reference : s.jinja) : r.jinjaStart + (r.jinjaStart.length === SNIPPET_START_CHARS ? "…" : ""),
      snippetField: useReference ? "reference" : "jinja",
    });
  }
  return { total, hits, textQuery: match !== null };
}

/**
 * What the results show, for one page of templates only, with the matches marked in the name and
 * in excerpts of the jinja and the reference (the databases' snippet functions are not cheap, so
 * they never run over the whole match set).
 */
async function loadPage(docIds: number[], match: string | null): Promise<Map<number, DetailRow>> {
  const provider = getDbProvider();
  const p = new SqlParams(provider);
  const columns = `d."docId" AS "docId", t."id" AS "id", t."name" AS "name", t."datasetId" AS "datasetId", ds."name" AS "datasetName",
       ds."subset" AS "datasetSubset", t."status" AS "status", t."latestVersion" AS "latestVersion", t."poolVersion" AS "poolVersion",
       t."updatedAt" AS "updatedAt", t."createdById" AS "authorId", u."name" AS "authorName", v."languagesJson" AS "languagesJson",
       v."metricsJson" AS "metricsJson", substr(v."jinja", 1, ${SNIPPET_START_CHARS}) AS "jinjaStart"`;
  const joins = `JOIN "Template" t ON t."id" = d."templateId"
     JOIN "Dataset" ds ON ds."id" = t."datasetId"
     JOIN "TemplateVersion" v ON v."templateId" = t."id" AND v."number" = t."latestVersion"
     JOIN "User" u ON u."id" = t."createdById"`;
  let sql: string;
  if (match === null) {
    sql = `SELECT ${columns}, NULL AS "snippetName", NULL AS "snippetJinja", NULL AS "snippetReference"
      FROM "TemplateSearchDoc" d ${joins} WHERE d."docId" IN (${p.list(docIds)})`;
  } else if (provider === "sqlite") {
    const marks = () => `${p.add(HIGHLIGHT_START)}, ${p.add(HIGHLIGHT_END)}`;
    sql = `SELECT ${columns}, highlight("TemplateSearchFts", 0, ${marks()}) AS "snippetName",
        snippet("TemplateSearchFts", 2, ${marks()}, '…', 24) AS "snippetJinja",
        snippet("TemplateSearchFts", 3, ${marks()}, '…', 24) AS "snippetReference"
      FROM "TemplateSearchFts" f JOIN "TemplateSearchDoc" d ON d."docId" = f.rowid ${joins}
      WHERE "TemplateSearchFts" MATCH ${p.add(match)} AND f.rowid IN (${p.list(docIds)})`;
  } else {
    const q = p.add(match);
    const all = p.add(`StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, HighlightAll=true`);
    const some = p.add(`StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`);
    sql = `SELECT ${columns}, ts_headline('simple', d."name", query, ${all}) AS "snippetName",
        ts_headline('simple', d."jinja", query, ${some}) AS "snippetJinja",
        ts_headline('simple', d."reference", query, ${some}) AS "snippetReference"
      FROM "TemplateSearchDoc" d CROSS JOIN to_tsquery('simple', ${q}) query ${joins}
      WHERE d."docId" IN (${p.list(docIds)})`;
  }
  const rows = await getDb().$queryRawUnsafe<DetailRow[]>(sql, ...p.values);
  return new Map(rows.map((r) => [toCount(r.docId), r]));
}

function toIso(value: unknown): string {
  const d = value instanceof Date ? value : new Date(typeof value === "number" ? value : String(value));
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
}

/** The people who created templates the viewer may read (the search page's author filter). */
export async function listTemplateAuthors(visibility: TemplateVisibility): Promise<{ id: string; name: string | null }[]> {
  const p = new SqlParams(getDbProvider());
  const rows = await getDb().$queryRawUnsafe<{ id: string; name: string | null }[]>(
    `SELECT u."id" AS "id", u."name" AS "name" FROM "User" u
     WHERE EXISTS (SELECT 1 FROM "TemplateSearchDoc" t WHERE t."createdById" = u."id" AND ${visibleTemplates(p, visibility)})
     ORDER BY u."name", u."id"`,
    ...p.values,
  );
  return rows.map((r) => ({ id: r.id, name: r.name }));
}
