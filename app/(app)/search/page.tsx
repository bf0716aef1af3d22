import type { Metadata } from "next";
import { SearchForm, type SearchFilterOptions } from "@/components/search/search-form";
import { SearchResults } from "@/components/search/search-results";
import "@/components/search/search.css";
import { Pagination } from "@/components/ui/pagination";
import { getSessionUser } from "@/lib/auth/session";
import { getTemplateBreakdown, listDatasets, listTemplateAuthors, searchTemplates, type TemplateSearchFilters } from "@/lib/db";
import { datasetLabel, overviewCharts, STATUS_LABELS } from "@/lib/search/overview";
import { NONE, parseSearchParams, searchHref, triStateValue, UNCATEGORISED, type SearchParams } from "@/lib/search/params";
import { ALL_TEMPLATE_STATUSES, templateVisibility } from "@/lib/search/visibility";
import { PROMPTSOURCE_METRICS } from "@/lib/templates/metrics";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search templates" };

const PAGE_SIZE = 20;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function filtersOf(p: SearchParams): TemplateSearchFilters {
  return {
    datasetId: p.datasetId ?? undefined,
    language: p.language === null ? undefined : p.language === NONE ? null : p.language,
    metric: p.metric === null ? undefined : p.metric === NONE ? null : p.metric,
    status: p.state ? [p.state] : undefined,
    authorId: p.authorId ?? undefined,
    originalTask: p.originalTask === null ? undefined : triStateValue(p.originalTask),
    choicesInPrompt: p.choicesInPrompt === null ? undefined : triStateValue(p.choicesInPrompt),
    taskCategory: p.category === null ? undefined : p.category === UNCATEGORISED ? null : p.category,
  };
}

export default async function SearchPage({ searchParams }: Props) {
  const params = parseSearchParams(await searchParams);
  const user = await getSessionUser();
  const visibility = templateVisibility(user);
  const [result, datasets, breakdown, authors] = await Promise.all([
    searchTemplates({ visibility, text: params.q, ...filtersOf(params), offset: (params.page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    listDatasets(),
    getTemplateBreakdown({ visibility }),
    listTemplateAuthors(visibility),
  ]);
  // The filters offer what the pool has (the helicopter view's own labels), plus PromptSource's metrics.
  const charts = Object.fromEntries(overviewCharts(breakdown, null).map((c) => [c.id, c]));
  const optionsFrom = (id: string, param: string) =>
    (charts[id]?.bars ?? []).map((b) => ({ value: new URL(b.href, "http://x").searchParams.get(param) ?? "", label: b.label }));
  const metrics = optionsFrom("metric", "metric");
  for (const m of PROMPTSOURCE_METRICS) if (!metrics.some((o) => o.value === m)) metrics.push({ value: m, label: m });
  const options: SearchFilterOptions = {
    datasets: datasets.map((d) => ({ value: d.id, label: datasetLabel(d) })),
    languages: optionsFrom("language", "language"),
    metrics,
    states: ALL_TEMPLATE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
    authors: authors.map((a) => ({ value: a.id, label: a.name ?? a.id })),
    categories: optionsFrom("task-category", "category"),
  };
  const pageCount = Math.ceil(result.total / PAGE_SIZE);

  return (
    <>
      <div className="page-header">
        <h1>Search templates</h1>
        <p className="lead">Full-text search over template names, their latest jinja and reference, and dataset names.</p>
      </div>
      <SearchForm params={params} options={options} />
      <p className="search-summary muted" role="status">
        {result.total === 0
          ? params.q && !result.textQuery
            ? "Nothing to search for: add a word that is not excluded."
            : "No templates match."
          : result.total === 1
            ? "1 template matches."
            : `${result.total.toLocaleString("en")} templates match.`}
      </p>
      {result.hits.length > 0 ? (
        <SearchResults
          items={result.hits.map((h) => ({
            templateId: h.templateId,
            name: h.name,
            nameHighlight: h.nameHighlight,
            datasetLabel: datasetLabel({ name: h.datasetName, subset: h.datasetSubset }),
            status: h.status,
            latestVersion: h.latestVersion,
            authorName: h.author.name,
            languages: h.languages,
            metrics: h.metrics,
            snippet: h.snippet,
            snippetField: h.snippetField,
          }))}
        />
      ) : null}
      {pageCount > 1 ? (
        <Pagination page={params.page} pageCount={pageCount} total={result.total} noun="templates" hrefFor={(page) => searchHref({ ...params, page })} />
      ) : null}
    </>
  );
}
