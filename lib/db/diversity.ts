import "server-only";
/**
 * The diversity report of the approved pool (or of a release): lib/mixture/diversity.ts over the
 * pool versions and the first sample rows of each dataset. Every template of a dataset is applied
 * to the same rows (the dataset's first split: train, validation, test, then by name; its first
 * `sampleRows` rows by index) with the renderer's seeding contract and the pool's (0) or the
 * release's seed base; two templates are near-duplicates when they render the same text on most of
 * the rows both render. Rendering happens here, outside any transaction.
 */
import { z } from "zod";
import { notFound } from "../errors";
import { diversityReport, renderSamples, type DiversityReport } from "../mixture/diversity";
import { categoryName, categoryOf, configKey } from "../mixture/taxonomy";
import { parseJsonlLine } from "../render/py-json";
import { PyDict } from "../render/values";
import { getDb } from "./client";
import { listPoolDatasets, listReleaseDatasets, listRowSplits, type PoolDataset } from "./pool";
import { getRelease } from "./releases";
import { parseOrThrow } from "./validate";

export const diversityInputSchema = z.object({
  /** a release's name; null: the approved pool as it is now */
  release: z.string().trim().min(1).max(64).nullable().default(null),
  /** templates wanted per dataset (FLAN aimed at about 10) */
  target: z.coerce.number().int().min(1).max(100).default(10),
  /** sample rows rendered per dataset for the near-duplicate check */
  sampleRows: z.coerce.number().int().min(2).max(50).default(10),
});
export type DiversityInput = z.input<typeof diversityInputSchema>;

export interface DiversityDatasetInfo {
  datasetId: string;
  taskCategory: string | null;
  /** T0 cluster id and name (the dataset's task category when it names one, else the taxonomy file) */
  category: string;
  categoryName: string;
  /** the split the sample rows came from, null when the dataset has none */
  split: string | null;
  sampleRows: number;
}

export interface DiversityPage {
  release: string | null;
  seedBase: number;
  target: number;
  sampleRows: number;
  report: DiversityReport;
  /** by config key (dataset or dataset/subset) */
  datasets: Record<string, DiversityDatasetInfo>;
}

export async function getDiversityReport(input: DiversityInput = {}): Promise<DiversityPage> {
  const i = parseOrThrow(diversityInputSchema, input);
  let pool: PoolDataset[];
  let seedBase = 0;
  const db = getDb();
  let configs: { id: string; name: string; subset: string | null; taskCategory: string | null }[];
  if (i.release === null) {
    pool = await listPoolDatasets();
    // Every dataset counts, including those nobody has written an approved template for yet.
    configs = await db.dataset.findMany({ select: { id: true, name: true, subset: true, taskCategory: true } });
  } else {
    const release = await getRelease(i.release);
    if (!release) throw notFound(`Release ${i.release}`);
    seedBase = release.seedBase;
    pool = await listReleaseDatasets(release.id);
    configs = await db.dataset.findMany({ where: { id: { in: pool.map((d) => d.datasetId) } }, select: { id: true, name: true, subset: true, taskCategory: true } });
  }

  const datasets: Record<string, DiversityDatasetInfo> = {};
  const rows = new Map<string, PyDict[]>();
  for (const c of configs) {
    const key = configKey(c.name, c.subset);
    const hasTemplates = pool.some((d) => d.datasetId === c.id && d.templates.length > 1);
    // Rows are only needed to compare two or more templates.
    const split = hasTemplates ? ((await listRowSplits(c.id))[0] ?? null) : null;
    let sample: PyDict[] = [];
    if (split !== null) {
      const page = await db.sampleRow.findMany({ where: { datasetId: c.id, split }, orderBy: { index: "asc" }, take: i.sampleRows, select: { index: true, dataJson: true } });
      sample = page.map((r) => parseJsonlLine(r.dataJson, r.index + 1, `${key}:${split}`)).filter((v): v is PyDict => v instanceof PyDict);
    }
    rows.set(key, sample);
    const category = categoryOf("t0", c.name, c.subset, c.taskCategory);
    datasets[key] = { datasetId: c.id, taskCategory: c.taskCategory, category, categoryName: categoryName(category), split, sampleRows: sample.length };
  }

  const templates = pool.flatMap((d) =>
    d.templates.map((t) => ({
      dataset: d.dataset,
      subset: d.subset,
      id: t.templateId,
      name: t.template.name,
      originalTask: t.template.metadata.originalTask,
      jinja: t.template.jinja,
      answerChoices: t.template.answerChoices,
    })),
  );
  const renders = renderSamples(templates, (dataset, subset) => rows.get(configKey(dataset, subset)) ?? [], seedBase);
  const report = diversityReport(templates, renders, { target: i.target, datasets: configs.map((c) => ({ dataset: c.name, subset: c.subset })) });
  return { release: i.release, seedBase, target: i.target, sampleRows: i.sampleRows, report, datasets };
}
