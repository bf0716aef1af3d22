import "server-only";
import { z } from "zod";
import { checkClassLabelValues, checkClassNames, isClassLabel, isValue, kindOf, normalizeFeatures, type Features } from "../datasets/features";
import { conflict, notFound, validationError } from "../errors";
import { parsePyJson } from "../render/py-json";
import { PyDict } from "../render/values";
import { getDb, inTransaction, isUniqueViolation } from "./client";
import { recordAudit } from "./audit";
import { parseJsonValue } from "./json";
import { parseOrThrow } from "./validate";

export interface DatasetSummary {
  id: string;
  name: string;
  subset: string | null;
  description: string;
  rowCount: number;
  /** templates that are not archived */
  templateCount: number;
  approvedTemplateCount: number;
}

export interface DatasetDetail extends DatasetSummary {
  citation: string;
  license: string;
  /** free text; T0's task clusters are suggested (lib/datasets/task-categories.ts) */
  taskCategory: string | null;
  /** where the rows came from: "" (seed), "upload", "hub:<name>" */
  source: string;
  createdById: string | null;
  /** Hugging Face `features` JSON, e.g. {"label": {"_type": "ClassLabel", "names": ["neg", "pos"]}} */
  features: unknown;
  splits: { name: string; rowCount: number }[];
}

// Hugging Face dataset ids: "name" or "owner/name"; subsets are config names.
const datasetNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.\-]*(\/[A-Za-z0-9][A-Za-z0-9_.\-]*)?$/;

export const datasetInputSchema = z.object({
  taskCategory: z
    .string()
    .trim()
    .max(100)
    .nullable()
    .optional()
    .transform((s) => (s ? s : null)),
  source: z.string().max(300).default(""),
  name: z.string().trim().min(1).max(200).regex(datasetNamePattern, "Use a Hugging Face dataset name such as ag_news or owner/name"),
  subset: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .optional()
    .transform((s) => (s ? s : null)),
  description: z.string().max(20_000).default(""),
  citation: z.string().max(20_000).default(""),
  license: z.string().max(200).default(""),
  features: z.record(z.string(), z.unknown()).default({}),
});
export type DatasetInput = z.input<typeof datasetInputSchema>;

const SPLIT_ORDER = ["train", "validation", "test"];

export function sortSplits<T extends { name: string }>(splits: T[]): T[] {
  const rank = (n: string) => {
    const i = SPLIT_ORDER.indexOf(n);
    return i === -1 ? SPLIT_ORDER.length : i;
  };
  return [...splits].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

type SummaryRow = DatasetSummary & { citation: string; license: string; featuresJson: string; taskCategory: string | null; source: string; createdById: string | null };

async function summaries(where: { id?: string; name?: string; subset?: string | null }): Promise<SummaryRow[]> {
  const db = getDb();
  const datasets = await db.dataset.findMany({
    where,
    orderBy: [{ name: "asc" }, { subset: "asc" }],
    include: {
      _count: { select: { sampleRows: true, templates: { where: { status: { not: "archived" } } } } },
    },
  });
  if (datasets.length === 0) return [];
  const approved = await db.template.groupBy({
    by: ["datasetId"],
    where: { status: "approved", datasetId: { in: datasets.map((d) => d.id) } },
    _count: { _all: true },
  });
  const approvedBy = new Map(approved.map((a) => [a.datasetId, a._count._all]));
  return datasets.map((d) => ({
    id: d.id,
    name: d.name,
    subset: d.subset,
    description: d.description,
    rowCount: d._count.sampleRows,
    templateCount: d._count.templates,
    approvedTemplateCount: approvedBy.get(d.id) ?? 0,
    citation: d.citation,
    license: d.license,
    featuresJson: d.featuresJson,
    taskCategory: d.taskCategory,
    source: d.source,
    createdById: d.createdById,
  }));
}

export async function listDatasets(): Promise<DatasetSummary[]> {
  return (await summaries({})).map(
    ({ citation: _c, license: _l, featuresJson: _f, taskCategory: _t, source: _s, createdById: _b, ...summary }) => summary,
  );
}

async function detail(where: { id?: string; name?: string; subset?: string | null }): Promise<DatasetDetail | null> {
  const [d] = await summaries(where);
  if (!d) return null;
  const splits = await getDb().sampleRow.groupBy({ by: ["split"], where: { datasetId: d.id }, _count: { _all: true } });
  const { featuresJson, ...rest } = d;
  return {
    ...rest,
    features: parseJsonValue(featuresJson) ?? {},
    splits: sortSplits(splits.map((s) => ({ name: s.split, rowCount: s._count._all }))),
  };
}

export function getDataset(id: string): Promise<DatasetDetail | null> {
  return detail({ id });
}

export function findDatasetByName(name: string, subset: string | null): Promise<DatasetDetail | null> {
  return detail({ name, subset: subset || null });
}

/** Duplicate (name, subset) -> CONFLICT. The unique index cannot catch a null subset, so we check first. */
export async function createDataset(input: DatasetInput, actorId: string | null): Promise<DatasetDetail> {
  const i = parseOrThrow(datasetInputSchema, input);
  const label = i.subset ? `${i.name}/${i.subset}` : i.name;
  let id: string;
  try {
    id = await inTransaction(async (tx) => {
      if (await tx.dataset.findFirst({ where: { name: i.name, subset: i.subset }, select: { id: true } })) {
        throw conflict(`Dataset ${label} already exists`);
      }
      const created = await tx.dataset.create({
        data: {
          name: i.name,
          subset: i.subset,
          description: i.description,
          citation: i.citation,
          license: i.license,
          featuresJson: JSON.stringify(i.features),
          taskCategory: i.taskCategory,
          source: i.source,
          createdById: actorId,
        },
      });
      await recordAudit(
        { actorId, action: "dataset.create", subjectType: "dataset", subjectId: created.id, details: { name: label } },
        tx,
      );
      return created.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Dataset ${label} already exists`);
    throw error;
  }
  return (await getDataset(id))!;
}

const taskCategorySchema = z
  .string()
  .trim()
  .max(100)
  .nullable()
  .transform((s) => (s ? s : null));

/** Sets or clears the task category (free text; T0's clusters are only suggestions). */
export async function setDatasetTaskCategory(datasetId: string, taskCategory: string | null, actorId: string | null): Promise<void> {
  const category = parseOrThrow(taskCategorySchema, taskCategory);
  await inTransaction(async (tx) => {
    const before = await tx.dataset.findUnique({ where: { id: datasetId }, select: { taskCategory: true } });
    if (!before) throw notFound("Dataset");
    await tx.dataset.update({ where: { id: datasetId }, data: { taskCategory: category } });
    await recordAudit(
      { actorId, action: "dataset.task_category", subjectType: "dataset", subjectId: datasetId, details: { from: before.taskCategory, to: category } },
      tx,
    );
  });
}

const columnSchema = z.string().min(1).max(200);
const classNamesSchema = z.array(z.string().max(200)).max(1000).nullable();

/**
 * Marks a top-level integer column as a ClassLabel with `names`, or (names null) turns a ClassLabel
 * back into an int64 column. Every stored row's value must be -1, null or an index of the names;
 * rows are never rewritten here (string columns are converted at import time).
 */
export async function setColumnClassLabel(datasetId: string, column: string, names: string[] | null, actorId: string | null): Promise<void> {
  const c = parseOrThrow(columnSchema, column);
  const n = parseOrThrow(classNamesSchema, names);
  await inTransaction(
    async (tx) => {
      const dataset = await tx.dataset.findUnique({ where: { id: datasetId }, select: { featuresJson: true } });
      if (!dataset) throw notFound("Dataset");
      const features = normalizeFeatures(parseJsonValue(dataset.featuresJson));
      const current = features[c];
      if (!current) throw validationError(`The dataset has no column "${c}"`);
      let next: Features;
      if (n === null) {
        if (!isClassLabel(current)) throw validationError(`Column "${c}" is not a ClassLabel`);
        next = { ...features, [c]: { _type: "Value", dtype: "int64" } };
      } else {
        if (!isClassLabel(current) && !(isValue(current) && /^u?int\d+$/.test(current.dtype))) {
          throw validationError(`Column "${c}" is ${kindOf(current)}; only an integer column can become a ClassLabel here (string columns are converted when rows are imported)`);
        }
        next = { ...features, [c]: { _type: "ClassLabel", names: checkClassNames(c, n) } };
        const rows = await tx.sampleRow.findMany({ where: { datasetId }, select: { split: true, index: true, dataJson: true } });
        checkClassLabelValues(
          next,
          rows.map((r) => ({ value: parseRowValue(r.dataJson), where: `${r.split} row ${r.index}` })),
        );
      }
      await tx.dataset.update({ where: { id: datasetId }, data: { featuresJson: JSON.stringify(next) } });
      await recordAudit(
        { actorId, action: "dataset.features", subjectType: "dataset", subjectId: datasetId, details: { column: c, classNames: n } },
        tx,
      );
    },
    { timeoutMs: 60_000 },
  );
}

function parseRowValue(dataJson: string): PyDict {
  try {
    const v = parsePyJson(dataJson);
    return v instanceof PyDict ? v : new PyDict();
  } catch {
    return new PyDict();
  }
}
