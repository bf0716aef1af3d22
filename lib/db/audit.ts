import "server-only";
// Append-only audit trail: this module only inserts and reads; nothing updates or deletes events.
import { z } from "zod";
import { getDb, type Tx } from "./client";
import { parseJsonObject } from "./json";

export interface AuditInput {
  actorId: string | null;
  /** dotted verb, e.g. "template.create", "version.create", "user.role" */
  action: string;
  subjectType: "user" | "dataset" | "template" | "version" | "review" | "comment" | "job" | "system";
  subjectId: string;
  details?: Record<string, unknown>;
}

export interface AuditEventDTO {
  id: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  at: string;
  details: Record<string, unknown>;
}

const auditInputSchema = z.object({
  actorId: z.string().min(1).nullable(),
  action: z.string().min(1).max(100),
  subjectType: z.enum(["user", "dataset", "template", "version", "review", "comment", "job", "system"]),
  subjectId: z.string().min(1),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Records one event; pass the transaction of the write it describes so both commit or neither. */
export async function recordAudit(event: AuditInput, tx?: Tx): Promise<void> {
  const e = auditInputSchema.parse(event);
  await (tx ?? getDb()).auditEvent.create({
    data: {
      actorId: e.actorId,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      detailsJson: JSON.stringify(e.details ?? {}),
    },
  });
}

export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  /** exact action, or a prefix ending in "." (e.g. "review.") */
  action?: string;
  /** ISO date or time: events at or after */
  from?: string;
  /** ISO date or time: events before (a bare date means the end of that day) */
  to?: string;
  limit?: number;
}

function parseBound(text: string | undefined, endOfDay: boolean): Date | undefined {
  if (!text) return undefined;
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const d = new Date(bare ? `${text}T00:00:00.000Z` : text);
  if (Number.isNaN(d.getTime())) return undefined;
  return bare && endOfDay ? new Date(d.getTime() + 86_400_000) : d;
}

export async function listAuditEvents(filter: AuditFilter = {}): Promise<AuditEventDTO[]> {
  const from = parseBound(filter.from, false);
  const to = parseBound(filter.to, true);
  const action = filter.action?.endsWith(".") ? { startsWith: filter.action } : filter.action;
  const rows = await getDb().auditEvent.findMany({
    where: {
      subjectType: filter.subjectType,
      subjectId: filter.subjectId,
      actorId: filter.actorId,
      action,
      ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(filter.limit ?? 100, 1), 1000),
  });
  return rows.map((r) => ({
    id: r.id,
    actorId: r.actorId,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    at: r.at.toISOString(),
    details: parseJsonObject(r.detailsJson),
  }));
}

/** The distinct actions recorded so far (for the audit page's filter). */
export async function listAuditActions(): Promise<string[]> {
  const rows = await getDb().auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
