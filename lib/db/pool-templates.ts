import "server-only";
// The approved pool as the public API pages through it: templates with an approved version
// (poolVersion set) that are not archived, each with the content of that approved version.
import { z } from "zod";
import { getDb, getDbProvider } from "./client";
import { templateStatusSchema, type TemplateStatus } from "./templates";
import { toVersionDTO, versionSelect, type VersionDTO } from "./versions";
import { parseOrThrow } from "./validate";

export interface PoolTemplate {
  id: string;
  datasetId: string;
  datasetName: string;
  datasetSubset: string | null;
  name: string;
  status: TemplateStatus;
  latestVersion: number;
  poolVersion: number;
  updatedAt: string;
  createdBy: { id: string; name: string | null };
  /** the approved version's content */
  approved: VersionDTO;
}

export const poolFilterSchema = z.object({
  datasetId: z.string().min(1).max(100).optional(),
  datasetName: z.string().min(1).max(200).optional(),
  subset: z.string().min(1).max(200).optional(),
  /** part of the template name (case-insensitive) */
  q: z.string().min(1).max(200).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100).default(20),
});
export type PoolFilter = z.input<typeof poolFilterSchema>;

export async function listPoolTemplates(filter: PoolFilter = {}): Promise<{ items: PoolTemplate[]; total: number }> {
  const f = parseOrThrow(poolFilterSchema, filter);
  const db = getDb();
  // SQLite's LIKE ignores ASCII case already; PostgreSQL needs mode "insensitive" (unknown to SQLite's client).
  const nameFilter = f.q ? { name: getDbProvider() === "postgresql" ? ({ contains: f.q, mode: "insensitive" } as { contains: string }) : { contains: f.q } } : {};
  const where = {
    poolVersion: { not: null },
    status: { not: "archived" },
    ...(f.datasetId ? { datasetId: f.datasetId } : {}),
    ...(f.datasetName || f.subset ? { dataset: { ...(f.datasetName ? { name: f.datasetName } : {}), ...(f.subset ? { subset: f.subset } : {}) } } : {}),
    ...nameFilter,
  };
  const [total, rows] = await Promise.all([
    db.template.count({ where }),
    db.template.findMany({
      where,
      // A stable order for paging: by dataset, then name, then id.
      orderBy: [{ dataset: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
      skip: f.offset,
      take: f.limit,
      select: {
        id: true,
        datasetId: true,
        name: true,
        status: true,
        latestVersion: true,
        poolVersion: true,
        updatedAt: true,
        dataset: { select: { name: true, subset: true } },
        createdBy: { select: { id: true, name: true } },
      },
    }),
  ]);
  const versions = rows.length
    ? await db.templateVersion.findMany({
        where: { OR: rows.map((r) => ({ templateId: r.id, number: r.poolVersion! })) },
        select: versionSelect,
      })
    : [];
  const byTemplate = new Map(versions.map((v) => [v.templateId, toVersionDTO(v)]));
  const items = rows.flatMap((t): PoolTemplate[] => {
    const approved = byTemplate.get(t.id);
    if (!approved || t.poolVersion === null) return [];
    const status = templateStatusSchema.safeParse(t.status);
    return [
      {
        id: t.id,
        datasetId: t.datasetId,
        datasetName: t.dataset.name,
        datasetSubset: t.dataset.subset,
        name: t.name,
        status: status.success ? status.data : "draft",
        latestVersion: t.latestVersion,
        poolVersion: t.poolVersion,
        updatedAt: t.updatedAt.toISOString(),
        createdBy: t.createdBy,
        approved,
      },
    ];
  });
  return { items, total };
}
