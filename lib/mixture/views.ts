/**
 * What the mixture builder page and the API show of a release's mixture (plain data, no Prisma):
 * the options a release offers and the counts preview. Built by lib/db/mixtures.ts.
 */
import type { MixPlan } from "./plan";
import type { Taxonomy } from "./taxonomy";

export interface PlannedTemplateView {
  id: string;
  name: string;
  version: number | null;
  planned: number;
  fewShot: number;
}

export interface PlannedDatasetView {
  key: string;
  datasetId: string;
  dataset: string;
  subset: string | null;
  category: string;
  categoryName: string;
  rows: number;
  planned: number;
  fewShot: number;
  templates: PlannedTemplateView[];
}

/** The counts preview: what a mixture of these parameters would hold, before anything is rendered or written. */
export interface MixturePlanView {
  release: string;
  seedBase: number;
  taxonomy: Taxonomy;
  split: string;
  total: number;
  fewShot: number;
  byCategory: { id: string; name: string; planned: number }[];
  datasets: PlannedDatasetView[];
  excluded: MixPlan["excluded"];
  notes: string[];
}

export interface MixtureOptionTemplate {
  id: string;
  name: string;
  version: number;
  originalTask: boolean | null;
}

export interface MixtureOptionDataset {
  key: string;
  datasetId: string;
  dataset: string;
  subset: string | null;
  taskCategory: string | null;
  category: string;
  /** rows per split */
  rows: Record<string, number>;
  templates: MixtureOptionTemplate[];
}

/** What the builder page offers for a release: its categories (in the taxonomy), datasets, templates and splits. */
export interface MixtureOptions {
  release: string;
  seedBase: number;
  taxonomy: Taxonomy;
  categories: { id: string; name: string; datasets: number; templates: number; t0HeldOut: boolean }[];
  datasets: MixtureOptionDataset[];
  /** every split that has rows in some dataset, train/validation/test first */
  splits: string[];
}

/** A mixture build (a background job) as the page and the API show it. */
export interface MixtureJobView {
  id: string;
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  /** the mixture request it builds */
  request: unknown;
  /** examples rendered so far of those planned, and what it is doing */
  progress: { records: number | null; totalRecords: number | null; message: string | null };
  /** why it failed or was cancelled; "" otherwise */
  error: string;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** the JSONL once done (expired: removed by the clean-up after PROMPTPOOL_JOB_FILES_MAX_AGE_HOURS) */
  file: { name: string; bytes: number; sha256: string; expired: boolean } | null;
  /** where the JSONL downloads from (GET, same authentication), null until it exists */
  download: string | null;
  /** the manifest (lib/mixture/build.ts mixtureManifest) once done */
  manifest: unknown;
}
