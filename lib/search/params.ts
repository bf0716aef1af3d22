/**
 * The search page's URL: /search?q=...&dataset=...&language=...&metric=...&state=...&author=...
 * &original=yes|no|unset&choices=yes|no|unset&category=...&page=N. Parsed leniently (a bad value
 * is dropped, never an error page) and built back by `searchHref`, which the helicopter view uses
 * for the lists behind its numbers. Pure.
 */
import type { TemplateStatus } from "../auth/policy";
import { ALL_TEMPLATE_STATUSES } from "./visibility";

/** `language=none` / `metric=none`: templates that declare no language / metric. */
export const NONE = "none";
/** `category=uncategorised`: datasets without a task category. */
export const UNCATEGORISED = "uncategorised";

export type TriState = "yes" | "no" | "unset";

export interface SearchParams {
  q: string;
  datasetId: string | null;
  language: string | null;
  metric: string | null;
  state: TemplateStatus | null;
  authorId: string | null;
  originalTask: TriState | null;
  choicesInPrompt: TriState | null;
  category: string | null;
  page: number;
}

export const EMPTY_SEARCH: SearchParams = {
  q: "",
  datasetId: null,
  language: null,
  metric: null,
  state: null,
  authorId: null,
  originalTask: null,
  choicesInPrompt: null,
  category: null,
  page: 1,
};

type Query = Record<string, string | string[] | undefined>;

function one(query: Query, key: string, max = 200): string | null {
  const raw = query[key];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value && value.length <= max ? value : null;
}

function triState(value: string | null): TriState | null {
  return value === "yes" || value === "no" || value === "unset" ? value : null;
}

export function parseSearchParams(query: Query): SearchParams {
  const state = one(query, "state");
  const page = Number.parseInt(one(query, "page") ?? "1", 10);
  return {
    q: one(query, "q", 500) ?? "",
    datasetId: one(query, "dataset"),
    language: one(query, "language", 100),
    metric: one(query, "metric", 100),
    state: (ALL_TEMPLATE_STATUSES as readonly string[]).includes(state ?? "") ? (state as TemplateStatus) : null,
    authorId: one(query, "author"),
    originalTask: triState(one(query, "original")),
    choicesInPrompt: triState(one(query, "choices")),
    category: one(query, "category", 100),
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/** The URL of a search; empty filters and page 1 are left out. */
export function searchHref(params: Partial<SearchParams>): string {
  const p = { ...EMPTY_SEARCH, ...params };
  const entries: [string, string | null][] = [
    ["q", p.q || null],
    ["dataset", p.datasetId],
    ["language", p.language],
    ["metric", p.metric],
    ["state", p.state],
    ["author", p.authorId],
    ["original", p.originalTask],
    ["choices", p.choicesInPrompt],
    ["category", p.category],
    ["page", p.page > 1 ? String(p.page) : null],
  ];
  const search = new URLSearchParams();
  for (const [k, v] of entries) if (v !== null) search.set(k, v);
  const s = search.toString();
  return s ? `/search?${s}` : "/search";
}

export function triStateValue(t: TriState): boolean | null {
  return t === "yes" ? true : t === "no" ? false : null;
}

export function triStateOf(value: boolean | null): TriState {
  return value === true ? "yes" : value === false ? "no" : "unset";
}
