import "server-only";
// Shared pieces of the hand-written SQL of search.ts and stats.ts (full-text matching, JSON arrays and
// GROUP BYs over the latest version have no Prisma query API). Every value goes in as a bound
// parameter through `SqlParams`; only constant SQL text is concatenated.
import type { DatabaseProvider } from "../env";
import type { TemplateVisibility } from "../search/visibility";

export class SqlParams {
  readonly values: unknown[] = [];
  constructor(readonly provider: DatabaseProvider) {}

  /** A placeholder bound to `value`. */
  add(value: unknown): string {
    this.values.push(value);
    return this.provider === "sqlite" ? "?" : `$${this.values.length}`;
  }

  list(values: readonly unknown[]): string {
    return values.map((v) => this.add(v)).join(", ");
  }

  bool(value: boolean): string {
    return this.provider === "sqlite" ? (value ? "1" : "0") : value ? "TRUE" : "FALSE";
  }
}

function statusIn(p: SqlParams, statuses: readonly string[]): string {
  return statuses.length === 0 ? "1 = 0" : `t."status" IN (${p.list(statuses)})`;
}

function byPool(p: SqlParams, s: { unpooled: readonly string[]; pooled: readonly string[] }): string {
  return `((t."poolVersion" IS NULL AND ${statusIn(p, s.unpooled)}) OR (t."poolVersion" IS NOT NULL AND ${statusIn(p, s.pooled)}))`;
}

/** The templates (alias t) the viewer may read; see lib/search/visibility.ts. */
export function visibleTemplates(p: SqlParams, v: TemplateVisibility): string {
  if (v.viewerId === null) return byPool(p, v.others);
  const me = p.add(v.viewerId);
  const other = p.add(v.viewerId);
  return `((t."createdById" = ${me} AND ${byPool(p, v.own)}) OR (t."createdById" <> ${other} AND ${byPool(p, v.others)}))`;
}

/** The elements of a JSON array of strings stored as text (column expression `column`), as rows with a `value`. */
export function jsonArrayElements(provider: DatabaseProvider, column: string): string {
  return provider === "sqlite" ? `json_each(${column})` : `jsonb_array_elements_text(${column}::jsonb)`;
}

/** `column` (a JSON array of strings as text) contains `value`, or is empty when value is null. */
export function jsonArrayHas(p: SqlParams, column: string, value: string | null): string {
  if (value === null) {
    return p.provider === "sqlite" ? `json_array_length(${column}) = 0` : `jsonb_array_length(${column}::jsonb) = 0`;
  }
  return p.provider === "sqlite"
    ? `EXISTS (SELECT 1 FROM json_each(${column}) e WHERE e.value = ${p.add(value)})`
    : `(${column}::jsonb @> jsonb_build_array(${p.add(value)}::text))`;
}

export function nullableBoolIs(p: SqlParams, column: string, value: boolean | null): string {
  return value === null ? `${column} IS NULL` : `${column} = ${p.bool(value)}`;
}

/** Counts come back as bigint from PostgreSQL and as number from SQLite. */
export function toCount(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : Number(value ?? 0);
}
