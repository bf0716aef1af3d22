import "server-only";
/**
 * The database as an ExportSource for lib/export: the approved pool or a release's frozen
 * versions, with the sample rows of each dataset config read split by split in pages.
 */
import { getEnv } from "../env";
import { exportRunsInBackground, plannedRenders } from "../export/planned-renders";
import type { ExportFormat, ExportSource, ExportTemplate } from "../export/types";
import { sniCategoriesOf } from "../mixture/taxonomy";
import { parseJsonlLine } from "../render/py-json";
import { PyDict } from "../render/values";
import { notFound } from "../errors";
import { countRowsByDataset, iterateSplitRows, listPoolDatasets, listReleaseDatasets, listRowSplits, listVersionAuthors, type PoolDataset } from "./pool";
import { getRelease } from "./releases";

export interface DbExport {
  source: ExportSource;
  /** the release's name, or null for the current approved pool */
  release: string | null;
  seedBase: number;
  templates: number;
  /** the renders a data-format export of it makes (lib/export plannedRenders); null for YAML and SNI */
  plannedRenders(format: ExportFormat): number | null;
}

/**
 * `contributors`: template id -> its authors (SNI's Contributors), for instruction templates;
 * categories come from the dataset's task category in SNI's taxonomy, the license from the dataset.
 */
export function datasetsExportSource(datasets: PoolDataset[], contributors: Map<string, string[]> = new Map()): ExportSource {
  const key = (dataset: string, subset: string | null) => `${dataset}\u0000${subset ?? ""}`;
  const ids = new Map(datasets.map((d) => [key(d.dataset, d.subset), d.datasetId]));
  const templates: ExportTemplate[] = datasets.flatMap((d) =>
    d.templates.map((t) => ({
      ...t.template,
      dataset: d.dataset,
      subset: d.subset,
      versionId: t.versionId,
      ...(t.instruction
        ? {
            instruction: t.instruction,
            task: { contributors: contributors.get(t.templateId) ?? [], categories: sniCategoriesOf(d.dataset, d.subset, d.taskCategory), license: d.license },
          }
        : {}),
    })),
  );
  return {
    templates,
    async splits(dataset, subset) {
      const id = ids.get(key(dataset, subset));
      return id ? listRowSplits(id) : [];
    },
    async *rows(dataset, subset, split) {
      const id = ids.get(key(dataset, subset));
      if (!id) return;
      for await (const row of iterateSplitRows(id, split)) {
        const value = parseJsonlLine(row.dataJson, row.index + 1, `${dataset}${subset ? "/" + subset : ""}:${split}`);
        // Stored rows are checked to be objects on the way in; anything else is skipped, not rendered.
        if (value instanceof PyDict) yield value;
      }
    },
  };
}

/** The datasets (with their templates) of the current approved pool (release null) or a release. */
async function exportDatasets(releaseName: string | null): Promise<{ datasets: PoolDataset[]; opened: Pick<DbExport, "release" | "seedBase" | "templates"> }> {
  if (releaseName === null) {
    const datasets = await listPoolDatasets();
    return { datasets, opened: { release: null, seedBase: 0, templates: datasets.reduce((n, d) => n + d.templates.length, 0) } };
  }
  const release = await getRelease(releaseName);
  if (!release) throw notFound(`Release ${releaseName}`);
  return { datasets: await listReleaseDatasets(release.id), opened: { release: release.name, seedBase: release.seedBase, templates: release.templateCount } };
}

/** The renders an export of these datasets makes, by format (lib/export plannedRenders over their sample rows). */
async function rendersByFormat(datasets: PoolDataset[]): Promise<(format: ExportFormat) => number | null> {
  const rows = await countRowsByDataset(datasets.map((d) => d.datasetId));
  const configs = datasets.flatMap((d) => d.templates.map(() => ({ dataset: d.dataset, subset: d.subset })));
  const rowsOf = new Map(datasets.map((d) => [`${d.dataset}\u0000${d.subset ?? ""}`, rows.get(d.datasetId) ?? 0]));
  return (format) => plannedRenders(format, configs, (dataset, subset) => rowsOf.get(`${dataset}\u0000${subset ?? ""}`) ?? 0);
}

/** The current approved pool (release null) or a release by name (NOT_FOUND when there is none). */
export async function openDbExport(releaseName: string | null): Promise<DbExport> {
  const { datasets, opened } = await exportDatasets(releaseName);
  return { ...opened, source: datasetsExportSource(datasets, await authorsOf(datasets)), plannedRenders: await rendersByFormat(datasets) };
}

/** The renders a data-format export of the pool (release null) or a release makes, without opening the export. */
export async function plannedExportRenders(releaseName: string | null): Promise<number> {
  const { datasets } = await exportDatasets(releaseName);
  return (await rendersByFormat(datasets))("p3") ?? 0;
}

/**
 * For a signed-in user's download buttons (/export, a release's page): the formats whose export
 * starts as a background job instead of a download (exportRunsInBackground), with its renders.
 */
export async function backgroundExportsOf(releaseName: string | null): Promise<(format: ExportFormat) => { renders: number } | null> {
  const planned = await plannedExportRenders(releaseName);
  const threshold = getEnv().PROMPTPOOL_BACKGROUND_EXPORT_RENDERS;
  return (format) => (exportRunsInBackground(format, planned, threshold) ? { renders: planned } : null);
}

/** The authors of the instruction templates' exported versions and the versions before them. */
function authorsOf(datasets: PoolDataset[]): Promise<Map<string, string[]>> {
  return listVersionAuthors(datasets.flatMap((d) => d.templates.filter((t) => t.instruction).map((t) => ({ templateId: t.templateId, upTo: t.versionNumber }))));
}
