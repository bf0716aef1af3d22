import "server-only";
/**
 * Releases: a named, immutable freeze of the approved pool. Publishing copies every approved
 * template's pool version into ReleaseEntry rows; nothing ever updates or deletes them, so a
 * release's exports (fixed order, its seed base, fixed zip timestamps) are the same bytes forever.
 */
import { z } from "zod";
import { conflict, validationError } from "../errors";
import { getDb, inTransaction, isUniqueViolation } from "./client";
import { recordAudit } from "./audit";
import { parseOrThrow } from "./validate";

export interface ReleaseSummary {
  id: string;
  name: string;
  notes: string;
  seedBase: number;
  createdAt: string;
  createdBy: { id: string; name: string | null };
  templateCount: number;
  datasetCount: number;
}

export interface ReleaseTemplateEntry {
  templateId: string;
  versionId: string;
  versionNumber: number;
  name: string;
  dataset: string;
  subset: string | null;
}

export interface ReleaseDetail extends ReleaseSummary {
  /** ordered by dataset, subset, template id */
  templates: ReleaseTemplateEntry[];
}

export const releaseNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name such as 2026.11.26")
  .max(64)
  .regex(/^[0-9A-Za-z][0-9A-Za-z._-]*$/, "Use letters, digits, dots, dashes and underscores, e.g. 2026.11.26");

export const publishReleaseSchema = z.object({
  name: releaseNameSchema,
  notes: z.string().trim().max(10_000).default(""),
  seedBase: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(0),
});
export type PublishReleaseInput = z.input<typeof publishReleaseSchema>;

const summaryInclude = {
  createdBy: { select: { id: true, name: true } },
  _count: { select: { entries: true } },
} as const;

type SummaryRow = {
  id: string;
  name: string;
  notes: string;
  seedBase: number;
  createdAt: Date;
  createdBy: { id: string; name: string | null };
  _count: { entries: number };
};

async function datasetCounts(releaseIds: string[]): Promise<Map<string, number>> {
  if (releaseIds.length === 0) return new Map();
  const rows = await getDb().releaseEntry.findMany({
    where: { releaseId: { in: releaseIds } },
    select: { releaseId: true, version: { select: { template: { select: { datasetId: true } } } } },
  });
  const sets = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = sets.get(r.releaseId) ?? new Set<string>();
    s.add(r.version.template.datasetId);
    sets.set(r.releaseId, s);
  }
  return new Map([...sets].map(([id, s]) => [id, s.size]));
}

function toSummary(r: SummaryRow, datasets: number): ReleaseSummary {
  return {
    id: r.id,
    name: r.name,
    notes: r.notes,
    seedBase: r.seedBase,
    createdAt: r.createdAt.toISOString(),
    createdBy: { id: r.createdBy.id, name: r.createdBy.name },
    templateCount: r._count.entries,
    datasetCount: datasets,
  };
}

/** Newest first. */
export async function listReleases(): Promise<ReleaseSummary[]> {
  const rows = await getDb().release.findMany({ orderBy: [{ createdAt: "desc" }, { name: "desc" }], include: summaryInclude });
  const counts = await datasetCounts(rows.map((r) => r.id));
  return rows.map((r) => toSummary(r, counts.get(r.id) ?? 0));
}

async function detail(where: { id: string } | { name: string }): Promise<ReleaseDetail | null> {
  const db = getDb();
  const r = await db.release.findUnique({ where: where as { id: string }, include: summaryInclude });
  if (!r) return null;
  const entries = await db.releaseEntry.findMany({
    where: { releaseId: r.id },
    select: { version: { select: { id: true, number: true, template: { select: { id: true, name: true, datasetId: true, dataset: { select: { name: true, subset: true } } } } } } },
  });
  const templates = entries
    .map((e) => ({
      templateId: e.version.template.id,
      versionId: e.version.id,
      versionNumber: e.version.number,
      name: e.version.template.name,
      dataset: e.version.template.dataset.name,
      subset: e.version.template.dataset.subset,
    }))
    .sort((a, b) => cmp(a.dataset, b.dataset) || cmp(a.subset ?? "", b.subset ?? "") || cmp(a.templateId, b.templateId));
  return { ...toSummary(r, new Set(entries.map((e) => e.version.template.datasetId)).size), templates };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function getRelease(name: string): Promise<ReleaseDetail | null> {
  return detail({ name });
}

export function getReleaseById(id: string): Promise<ReleaseDetail | null> {
  return detail({ id });
}

/**
 * Freezes every approved template's pool version into a new release. Name taken -> CONFLICT;
 * nothing approved -> VALIDATION.
 */
export async function publishRelease(input: PublishReleaseInput, actorId: string): Promise<ReleaseDetail> {
  const i = parseOrThrow(publishReleaseSchema, input);
  let id: string;
  try {
    id = await inTransaction(
      async (tx) => {
        if (await tx.release.findUnique({ where: { name: i.name }, select: { id: true } })) throw conflict(`A release named ${i.name} already exists`);
        const approved = await tx.template.findMany({ where: { status: "approved", poolVersion: { not: null } }, select: { id: true, poolVersion: true } });
        if (approved.length === 0) throw validationError("Nothing is approved yet: a release needs at least one approved template");
        const versions: { id: string; templateId: string }[] = [];
        for (let k = 0; k < approved.length; k += 400) {
          const chunk = approved.slice(k, k + 400);
          const pool = new Map(chunk.map((t) => [t.id, t.poolVersion]));
          const rows = await tx.templateVersion.findMany({ where: { templateId: { in: chunk.map((t) => t.id) } }, select: { id: true, templateId: true, number: true } });
          versions.push(...rows.filter((v) => pool.get(v.templateId) === v.number));
        }
        const release = await tx.release.create({ data: { name: i.name, notes: i.notes, seedBase: i.seedBase, createdById: actorId }, select: { id: true } });
        await tx.releaseEntry.createMany({ data: versions.map((v) => ({ releaseId: release.id, versionId: v.id, templateId: v.templateId })) });
        await recordAudit(
          { actorId, action: "release.publish", subjectType: "system", subjectId: release.id, details: { name: i.name, templates: versions.length, seedBase: i.seedBase } },
          tx,
        );
        return release.id;
      },
      { timeoutMs: 60_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`A release named ${i.name} already exists`);
    throw error;
  }
  return (await getReleaseById(id))!;
}
