import "server-only";
/**
 * The database as an ExportSource for lib/export: the approved pool or a release's frozen
 * versions, with the sample rows of each dataset config read split by split in pages.
 */
import type { ExportSource, ExportTemplate } from "../export/types";
import { parseJsonlLine } from "../render/py-json";
import { PyDict } from "../render/values";
import { notFound } from "../errors";
import { iterateSplitRows, listPoolDatasets, listReleaseDatasets, listRowSplits, type PoolDataset } from "./pool";
import { getRelease } from "./releases";

export interface DbExport {
  source: ExportSource;
  /** the release's name, or null for the current approved pool */
  release: string | null;
  seedBase: number;
  templates: number;
}

export function datasetsExportSource(datasets: PoolDataset[]): ExportSource {
  const key = (dataset: string, subset: string | null) => `${dataset}\u0000${subset ?? ""}`;
  const ids = new Map(datasets.map((d) => [key(d.dataset, d.subset), d.datasetId]));
  const templates: ExportTemplate[] = datasets.flatMap((d) => d.templates.map((t) => ({ ...t.template, dataset: d.dataset, subset: d.subset, versionId: t.versionId })));
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

/** The current approved pool (release null) or a release by name (NOT_FOUND when there is none). */
export async function openDbExport(releaseName: string | null): Promise<DbExport> {
  if (releaseName === null) {
    const datasets = await listPoolDatasets();
    return { source: datasetsExportSource(datasets), release: null, seedBase: 0, templates: datasets.reduce((n, d) => n + d.templates.length, 0) };
  }
  const release = await getRelease(releaseName);
  if (!release) throw notFound(`Release ${releaseName}`);
  const datasets = await listReleaseDatasets(release.id);
  return { source: datasetsExportSource(datasets), release: release.name, seedBase: release.seedBase, templates: release.templateCount };
}
