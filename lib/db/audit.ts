import "server-only";
// Append-only audit trail: this module only inserts and reads; nothing updates or deletes events.
import { z } from "zod";
import { getDb, type Tx } from "./client";
import { parseJsonObject } from "./json";

export interface AuditInput {
  actorId: string | null;
  /** dotted verb, e.g. "template.create", "version.create", "user.role" */
  action: string;
  subjectType: "user" | "dataset" | "template" | "version" | "review" | "comment" | "system";
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
  subjectType: z.enum(["user", "dataset", "template", "version", "review", "comment", "system"]),
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

export async function listAuditEvents(
  filter: { subjectType?: string; subjectId?: string; actorId?: string; limit?: number } = {},
): Promise<AuditEventDTO[]> {
  const rows = await getDb().auditEvent.findMany({
    where: { subjectType: filter.subjectType, subjectId: filter.subjectId, actorId: filter.actorId },
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
