import "server-only";
import { featureColumns } from "@/components/datasets/features";
import type { ClassLabelColumn, PreviewRow, SiblingTemplate } from "@/components/editor/studio-types";
import { can, type Actor } from "@/lib/auth/policy";
import { listSampleRows, listTemplateSources, type DatasetDetail, type SampleRowDTO } from "@/lib/db";

/** How many sample rows the studio renders on every keystroke (the author can pick 1 to 50). */
export const PREVIEW_ROW_COUNT = 10;

export function toPreviewRow(r: SampleRowDTO): PreviewRow {
  return { label: `${r.split} row ${r.index}`, index: r.index, dataJson: r.dataJson };
}

/**
 * The dataset's other templates, for the studio's duplicate checks: every name (names are unique
 * per dataset, and the server would refuse a taken one anyway), the jinja only of those this user
 * may read (someone else's private draft stays private).
 */
export async function loadSiblings(user: Actor, datasetId: string, exceptTemplateId: string | null): Promise<SiblingTemplate[]> {
  const sources = await listTemplateSources(datasetId);
  return sources
    .filter((t) => t.id !== exceptTemplateId)
    .map((t) => ({
      name: t.name,
      jinja: can(user, "template.read", { kind: "template", createdById: t.createdById, status: t.status, poolVersion: t.poolVersion }) ? t.jinja : null,
    }));
}

/** The first rows of the dataset's first split, as the studio's preview needs them (JSON text kept verbatim). */
export async function loadPreviewRows(dataset: DatasetDetail): Promise<{ rows: PreviewRow[]; seedBase: number }> {
  const split = dataset.splits[0]?.name;
  if (!split) return { rows: [], seedBase: 0 };
  const { rows } = await listSampleRows(dataset.id, { split, offset: 0, limit: PREVIEW_ROW_COUNT });
  // The worker seeds row i with seedBase + i; rows come in index order from offset 0, as on the template page.
  return { rows: rows.map(toPreviewRow), seedBase: rows[0]?.index ?? 0 };
}

/** The dataset's top-level ClassLabel columns (for one-click answer choices). */
export function classLabelColumns(dataset: DatasetDetail): ClassLabelColumn[] {
  return featureColumns(dataset.features, []).flatMap((c) => (c.classNames && c.classNames.length > 0 ? [{ name: c.name, classNames: c.classNames }] : []));
}

/** The dataset's features as a name -> feature record (for the studio's field checks), null when not a record. */
export function featuresRecord(dataset: DatasetDetail): Record<string, unknown> | null {
  const f = dataset.features;
  return typeof f === "object" && f !== null && !Array.isArray(f) ? (f as Record<string, unknown>) : null;
}
