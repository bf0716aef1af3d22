import "server-only";
/**
 * Mixtures from releases: lib/mixture's plan and build over a published release's frozen template
 * versions and the sample rows stored in the database. The release's seed base is the renderer's
 * (so every example is the one the release's P3 export has); categories come from each dataset's
 * task category when it names one of the taxonomy's, else from the taxonomy file (lib/mixture/taxonomy.ts).
 * Rows are read a page at a time, in index order; a row's position in its split is its index for
 * the renderer's seeding contract, as lib/export counts it.
 */
import { notFound, validationError } from "../errors";
import {
  prepareMixtureWith,
  writeMixture,
  type BuildOptions,
  type MixCounts,
  type MixtureManifest,
  type MixtureSourceInfo,
  type PreparedMixture,
} from "../mixture/build";
import { parseMixParams } from "../mixture/params";
import type { MixTemplate } from "../mixture/plan";
import { parseMixtureRequest, type MixtureRequest } from "../mixture/request";
import type { RowRef, RowStream } from "../mixture/rows";
import { categoryName, categoryOf, configKey, T0_CLUSTERS, type Taxonomy } from "../mixture/taxonomy";
import { parseJsonlLine } from "../render/py-json";
import type { MixtureOptionDataset, MixtureOptions, MixturePlanView } from "../mixture/views";
import { PyDict } from "../render/values";
import { getDb } from "./client";
import { listReleaseDatasets } from "./pool";
import { getRelease } from "./releases";

interface SourceDataset {
  datasetId: string;
  dataset: string;
  subset: string | null;
  key: string;
  taskCategory: string | null;
  category: string;
}

interface MixtureSource {
  release: { id: string; name: string; seedBase: number };
  taxonomy: Taxonomy;
  templates: MixTemplate[];
  datasets: Map<string, SourceDataset>;
  /** rows per config key and split */
  rows: Map<string, Record<string, number>>;
}

async function loadSource(releaseName: string, taxonomy: Taxonomy): Promise<MixtureSource> {
  const release = await getRelease(releaseName);
  if (!release) throw notFound(`Release ${releaseName}`);
  const pool = await listReleaseDatasets(release.id);
  const db = getDb();
  const ids = pool.map((d) => d.datasetId);
  const [meta, counts] = await Promise.all([
    db.dataset.findMany({ where: { id: { in: ids } }, select: { id: true, taskCategory: true } }),
    db.sampleRow.groupBy({ by: ["datasetId", "split"], where: { datasetId: { in: ids } }, _count: { _all: true } }),
  ]);
  const taskCategories = new Map(meta.map((d) => [d.id, d.taskCategory]));
  const datasets = new Map<string, SourceDataset>();
  const rows = new Map<string, Record<string, number>>();
  const templates: MixTemplate[] = [];
  for (const d of pool) {
    const key = configKey(d.dataset, d.subset);
    const taskCategory = taskCategories.get(d.datasetId) ?? null;
    const category = categoryOf(taxonomy, d.dataset, d.subset, taskCategory);
    datasets.set(key, { datasetId: d.datasetId, dataset: d.dataset, subset: d.subset, key, taskCategory, category });
    rows.set(key, {});
    for (const t of d.templates) {
      templates.push({
        dataset: d.dataset,
        subset: d.subset,
        id: t.templateId,
        version: t.versionNumber,
        name: t.template.name,
        jinja: t.template.jinja,
        answerChoices: t.template.answerChoices,
        originalTask: t.template.metadata.originalTask,
        choicesInPrompt: t.template.metadata.choicesInPrompt,
        category,
      });
    }
  }
  const keyOf = new Map([...datasets.values()].map((d) => [d.datasetId, d.key]));
  for (const c of counts) rows.get(keyOf.get(c.datasetId)!)![c.split] = c._count._all;
  return { release: { id: release.id, name: release.name, seedBase: release.seedBase }, taxonomy, templates, datasets, rows };
}

const PAGE = 1000;

/** One split's rows as lib/mixture reads them: pages by index, each row parsed with Python's JSON semantics when used. */
function splitStream(d: SourceDataset, split: string, count: number): RowStream {
  const name = `${d.key}:${split}`;
  return {
    kind: "stream",
    name,
    count,
    async *batches() {
      const db = getDb();
      let after = -1;
      let position = 0;
      for (;;) {
        const page = await db.sampleRow.findMany({
          where: { datasetId: d.datasetId, split, index: { gt: after } },
          orderBy: { index: "asc" },
          take: PAGE,
          select: { index: true, dataJson: true },
        });
        const batch: RowRef[] = page.map((r) => {
          const index = position++;
          return {
            index,
            row: () => {
              const value = parseJsonlLine(r.dataJson, r.index + 1, name);
              // Rows are checked to be objects on the way in; anything else is a broken database.
              if (!(value instanceof PyDict)) throw validationError(`${name}: row ${r.index} is not a JSON object`);
              return value;
            },
          };
        });
        if (batch.length > 0) yield batch;
        if (page.length < PAGE) return;
        after = page[page.length - 1].index;
      }
    },
  };
}

export interface PreparedReleaseMixture {
  prepared: PreparedMixture;
  source: MixtureSourceInfo;
  datasets: Map<string, SourceDataset>;
}

/**
 * Plans a mixture of a release (refusals: NOT_FOUND for an unknown release, VALIDATION for
 * impossible parameters, from lib/mixture's own checks) and gets its rows ready to stream.
 * `shard` is for the CLI only.
 */
export async function prepareReleaseMixture(input: unknown, extra: { shard?: { index: number; count: number } } = {}): Promise<PreparedReleaseMixture> {
  const request = parseMixtureRequest(input);
  const src = await loadSource(request.release, request.taxonomy);
  const params = parseMixParams({ ...request.params, seedBase: src.release.seedBase, ...(extra.shard ? { shard: extra.shard } : {}) });
  const prepared = await prepareMixtureWith(
    src.templates,
    async (dataset, subset, split) => {
      const key = configKey(dataset, subset);
      const d = src.datasets.get(key);
      const count = src.rows.get(key)?.[split] ?? 0;
      return d && count > 0 ? splitStream(d, split, count) : null;
    },
    params,
  );
  return { prepared, source: { release: src.release.name, seedBase: src.release.seedBase, taxonomy: request.taxonomy }, datasets: src.datasets };
}

export function planView(r: PreparedReleaseMixture): MixturePlanView {
  const { plan } = r.prepared;
  return {
    release: r.source.release,
    seedBase: r.source.seedBase,
    taxonomy: r.source.taxonomy as Taxonomy,
    split: plan.split,
    total: plan.total,
    fewShot: plan.fewShot,
    byCategory: Object.entries(plan.byCategory).map(([id, planned]) => ({ id, name: categoryName(id), planned })),
    datasets: plan.datasets.map((d) => ({
      key: d.key,
      datasetId: r.datasets.get(d.key)!.datasetId,
      dataset: d.dataset,
      subset: d.subset,
      category: d.category,
      categoryName: categoryName(d.category),
      rows: d.rows,
      planned: d.planned,
      fewShot: d.templates.reduce((a, t) => a + t.fewShot, 0),
      templates: d.templates.map((t) => ({ id: t.id, name: t.name, version: t.version, planned: t.planned, fewShot: t.fewShot })),
    })),
    excluded: plan.excluded,
    notes: plan.notes,
  };
}

/** The counts preview of a mixture request. */
export async function planReleaseMixture(input: unknown): Promise<MixturePlanView> {
  return planView(await prepareReleaseMixture(input));
}

/**
 * Builds a release's mixture into `out` (JSONL, written as `<out>.partial` and renamed when
 * complete) and its manifest (`manifestPath`, default `<out without .jsonl>.manifest.json`; false: returned only), which
 * records the release, its seed base and the taxonomy besides lib/mixture's manifest. The same
 * release and parameters give the same bytes, file and manifest.
 */
export async function writeReleaseMixture(
  input: unknown,
  out: string,
  options: Omit<BuildOptions, "write"> & { manifestPath?: string | false; fileName?: string } = {},
): Promise<{ counts: MixCounts; manifest: MixtureManifest; manifestPath: string | null; plan: MixturePlanView }> {
  const r = await prepareReleaseMixture(input);
  const written = await writeMixture(r.prepared, out, { ...options, source: r.source });
  return { ...written, plan: planView(r) };
}

export async function getMixtureOptions(releaseName: string, taxonomy: Taxonomy = "t0"): Promise<MixtureOptions> {
  const src = await loadSource(releaseName, taxonomy);
  const datasets: MixtureOptionDataset[] = [...src.datasets.values()].map((d) => ({
    key: d.key,
    datasetId: d.datasetId,
    dataset: d.dataset,
    subset: d.subset,
    taskCategory: d.taskCategory,
    category: d.category,
    rows: src.rows.get(d.key) ?? {},
    templates: src.templates
      .filter((t) => configKey(t.dataset, t.subset) === d.key)
      .map((t) => ({ id: t.id, name: t.name, version: t.version ?? 0, originalTask: t.originalTask })),
  }));
  const byCategory = new Map<string, { datasets: number; templates: number }>();
  for (const d of datasets) {
    const c = byCategory.get(d.category) ?? { datasets: 0, templates: 0 };
    c.datasets++;
    c.templates += d.templates.length;
    byCategory.set(d.category, c);
  }
  const heldOut = new Set(T0_CLUSTERS.filter((c) => c.t0HeldOut).map((c) => c.id));
  const rank = (s: string) => {
    const i = ["train", "validation", "test"].indexOf(s);
    return i === -1 ? 3 : i;
  };
  const splits = [...new Set(datasets.flatMap((d) => Object.keys(d.rows)))].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return {
    release: src.release.name,
    seedBase: src.release.seedBase,
    taxonomy,
    categories: [...byCategory.entries()]
      .map(([id, c]) => ({ id, name: categoryName(id), ...c, t0HeldOut: heldOut.has(id) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    datasets,
    splits,
  };
}

export type { MixtureRequest };
export type { MixtureOptionDataset, MixtureOptionTemplate, MixtureOptions, MixturePlanView, PlannedDatasetView, PlannedTemplateView } from "../mixture/views";
