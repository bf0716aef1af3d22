/**
 * The helicopter view's numbers, shaped for charts and tables: one chart per dimension (state,
 * original task, choices in prompt, language, metric, dataset task category), each bar with the
 * link to the list behind it (a search with the matching filters). Pure: lib/db/stats.ts counts,
 * this labels, orders and links.
 */
import type { TemplateStatus } from "../auth/policy";
import { languageName } from "../templates/languages";
import { NONE, searchHref, triStateOf, UNCATEGORISED, type SearchParams } from "./params";
import { ALL_TEMPLATE_STATUSES } from "./visibility";

export interface CountOf<T> {
  value: T;
  count: number;
}

/** What lib/db/stats.ts counts over the templates a viewer may read (latest versions' metadata). */
export interface TemplateBreakdown {
  byStatus: CountOf<TemplateStatus>[];
  /** the other dimensions leave archived templates out, as search does by default */
  byOriginalTask: CountOf<boolean | null>[];
  byChoicesInPrompt: CountOf<boolean | null>[];
  byLanguage: CountOf<string | null>[];
  byMetric: CountOf<string | null>[];
  byTaskCategory: CountOf<string | null>[];
  byDataset: { datasetId: string; name: string; subset: string | null; taskCategory: string | null; byStatus: CountOf<TemplateStatus>[] }[];
}

export interface OverviewBar {
  label: string;
  count: number;
  href: string;
}

export interface OverviewChart {
  id: "status" | "original-task" | "choices-in-prompt" | "language" | "metric" | "task-category";
  title: string;
  /** what a bar counts, for the chart's accessible description */
  unit: string;
  bars: OverviewBar[];
}

export interface DatasetOverviewRow {
  datasetId: string;
  label: string;
  /** the dataset's task category (null: uncategorised) */
  category: string | null;
  overviewHref: string;
  total: number;
  totalHref: string;
  byStatus: { status: TemplateStatus; count: number; href: string }[];
}

export const STATUS_LABELS: Record<TemplateStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  approved: "Approved",
  changes_requested: "Changes requested",
  rejected: "Rejected",
  archived: "Archived",
};

const boolLabel = (v: boolean | null) => (v === true ? "Yes" : v === false ? "No" : "Not set");
const boolRank = (v: boolean | null) => (v === true ? 0 : v === false ? 1 : 2);

function byCountThenLabel(a: OverviewBar, b: OverviewBar): number {
  return b.count - a.count || a.label.localeCompare(b.label);
}

export function datasetLabel(d: { name: string; subset: string | null }): string {
  return d.subset ? `${d.name} / ${d.subset}` : d.name;
}

export function overviewCharts(b: TemplateBreakdown, datasetId: string | null): OverviewChart[] {
  const base: Partial<SearchParams> = datasetId ? { datasetId } : {};
  const href = (p: Partial<SearchParams>) => searchHref({ ...base, ...p });
  const statusCount = new Map(b.byStatus.map((c) => [c.value, c.count]));
  const bools = (counts: CountOf<boolean | null>[], key: "originalTask" | "choicesInPrompt") =>
    [...counts]
      .sort((x, y) => boolRank(x.value) - boolRank(y.value))
      .map((c) => ({ label: boolLabel(c.value), count: c.count, href: href({ [key]: triStateOf(c.value) }) }));
  return [
    {
      id: "status",
      title: "State",
      unit: "templates",
      bars: ALL_TEMPLATE_STATUSES.filter((s) => statusCount.has(s)).map((s) => ({
        label: STATUS_LABELS[s],
        count: statusCount.get(s)!,
        href: href({ state: s }),
      })),
    },
    { id: "original-task", title: "Original task", unit: "templates", bars: bools(b.byOriginalTask, "originalTask") },
    { id: "choices-in-prompt", title: "Choices in prompt", unit: "templates", bars: bools(b.byChoicesInPrompt, "choicesInPrompt") },
    {
      id: "language",
      title: "Language",
      unit: "templates",
      bars: b.byLanguage
        .map((c) => ({
          label: c.value === null ? "None declared" : `${languageName(c.value) ?? c.value} (${c.value})`,
          count: c.count,
          href: href({ language: c.value ?? NONE }),
        }))
        .sort(byCountThenLabel),
    },
    {
      id: "metric",
      title: "Metric",
      unit: "templates",
      bars: b.byMetric
        .map((c) => ({ label: c.value ?? "None declared", count: c.count, href: href({ metric: c.value ?? NONE }) }))
        .sort(byCountThenLabel),
    },
    {
      id: "task-category",
      title: "Dataset task category",
      unit: "templates",
      bars: b.byTaskCategory
        .map((c) => ({ label: c.value ?? "Uncategorised", count: c.count, href: href({ category: c.value ?? UNCATEGORISED }) }))
        .sort(byCountThenLabel),
    },
  ];
}

/** Templates per dataset and state; totals leave archived templates out (as the search they link to does). */
export function datasetOverviewRows(b: TemplateBreakdown): DatasetOverviewRow[] {
  return b.byDataset
    .map((d) => ({
      datasetId: d.datasetId,
      label: datasetLabel(d),
      category: d.taskCategory,
      overviewHref: `/overview?dataset=${encodeURIComponent(d.datasetId)}`,
      total: d.byStatus.filter((c) => c.value !== "archived").reduce((n, c) => n + c.count, 0),
      totalHref: searchHref({ datasetId: d.datasetId }),
      byStatus: ALL_TEMPLATE_STATUSES.map((s) => ({
        status: s,
        count: d.byStatus.find((c) => c.value === s)?.count ?? 0,
        href: searchHref({ datasetId: d.datasetId, state: s }),
      })),
    }))
    .sort((x, y) => y.total - x.total || x.label.localeCompare(y.label));
}

export interface CategoryOverviewGroup {
  /** the dataset task category, null for datasets without one */
  category: string | null;
  label: string;
  /** the templates of the group's datasets (search filtered by the category) */
  href: string;
  total: number;
  rows: DatasetOverviewRow[];
}

/** The per-dataset rows grouped by dataset task category: largest group first, uncategorised last. */
export function groupRowsByCategory(rows: readonly DatasetOverviewRow[]): CategoryOverviewGroup[] {
  const groups = new Map<string | null, DatasetOverviewRow[]>();
  for (const r of rows) {
    const list = groups.get(r.category);
    if (list) list.push(r);
    else groups.set(r.category, [r]);
  }
  return [...groups.entries()]
    .map(([category, list]) => ({
      category,
      label: category ?? "Uncategorised",
      href: searchHref({ category: category ?? UNCATEGORISED }),
      total: list.reduce((n, r) => n + r.total, 0),
      rows: list,
    }))
    .sort((a, b) => (a.category === null ? 1 : 0) - (b.category === null ? 1 : 0) || b.total - a.total || a.label.localeCompare(b.label));
}

/** Templates that are not archived. */
export function activeTotal(b: TemplateBreakdown): number {
  return b.byStatus.filter((c) => c.value !== "archived").reduce((n, c) => n + c.count, 0);
}
