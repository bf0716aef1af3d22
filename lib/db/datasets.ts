import "server-only";
import { z } from "zod";
import { ColumnValues } from "../datasets/column-values";
import { applyClassLabel, checkClassLabelValues, checkClassNames, isClassLabel, isValue, kindOf, normalizeFeatures, type Features } from "../datasets/features";
import { toJsonText } from "../datasets/json-text";
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
const classNamesSchema = z.array(z.string().max(200)).max(1000);

const INT_DTYPE = /^u?int\d+$/;
/** Rows rewritten per statement when a column is converted. */
const REWRITE_CHUNK = 500;

export type ClassLabelChange =
  /** mark the column as a ClassLabel with these names (index order) */
  | { names: string[] }
  /** undo: back to plain integers (the indexes stay) or to texts (each index becomes its name) */
  | { clear: "integers" | "texts" };

/**
 * Marks a top-level column as a ClassLabel, or undoes it, in ONE transaction with its audit event:
 * - an integer column (or a ClassLabel, to rename its classes) keeps its values, each of which must
 *   be -1, null or an index of the names (checked on every stored row);
 * - a text column is converted: every stored row's text becomes the index of its name (a text that
 *   is not among the names refuses the whole change, naming its split and row);
 * - `clear: "integers"` makes a ClassLabel plain int64 again; `clear: "texts"` turns each index
 *   back into its name (a string column; -1 becomes null).
 * Converted rows are rewritten in place (same ids and indexes); their JSON text is re-serialized
 * (key order and number types kept, spacing not). Nothing changes if anything fails.
 */
export async function setColumnClassLabel(datasetId: string, column: string, change: ClassLabelChange, actorId: string | null): Promise<{ rewritten: number }> {
  const c = parseOrThrow(columnSchema, column);
  const names = "names" in change ? parseOrThrow(classNamesSchema, change.names) : null;
  return inTransaction(
    async (tx) => {
      const dataset = await tx.dataset.findUnique({ where: { id: datasetId }, select: { featuresJson: true } });
      if (!dataset) throw notFound("Dataset");
      const features = normalizeFeatures(parseJsonValue(dataset.featuresJson));
      const current = features[c];
      if (!current) throw validationError(`The dataset has no column "${c}"`);
      const stored = await tx.sampleRow.findMany({
        where: { datasetId },
        orderBy: [{ split: "asc" }, { index: "asc" }],
        select: { id: true, split: true, index: true, dataJson: true },
      });
      const rows = stored.map((r) => ({ ...r, value: parseRowValue(r.dataJson), where: `${r.split} row ${r.index}` }));
      let next: Features;
      let converted = new Map<(typeof rows)[number], PyDict>();

      if (names === null) {
        if (!isClassLabel(current)) throw validationError(`Column "${c}" is not a ClassLabel`);
        if ("clear" in change && change.clear === "texts") {
          next = { ...features, [c]: { _type: "Value", dtype: "string" } };
          for (const r of rows) {
            const v = r.value.get(c);
            if (typeof v !== "number") continue;
            const copy = PyDict.fromEntries(r.value.entries());
            copy.set(c, v >= 0 && v < current.names.length ? current.names[v] : null);
            converted.set(r, copy);
          }
        } else {
          next = { ...features, [c]: { _type: "Value", dtype: "int64" } };
        }
      } else if (isClassLabel(current) || (isValue(current) && INT_DTYPE.test(current.dtype))) {
        next = { ...features, [c]: { _type: "ClassLabel", names: checkClassNames(c, names) } };
        checkClassLabelValues(next, rows);
      } else if (isValue(current) && current.dtype === "string") {
        const applied = applyClassLabel(features, rows, c, names);
        next = applied.features;
        converted = applied.converted;
      } else {
        throw validationError(`Column "${c}" is ${kindOf(current)}; only an integer or text column can become a ClassLabel`);
      }

      const changed = [...converted].map(([r, value]) => ({ id: r.id, datasetId, split: r.split, index: r.index, dataJson: toJsonText(value) }));
      for (let at = 0; at < changed.length; at += REWRITE_CHUNK) {
        // Delete and re-create with the same ids: two statements per chunk instead of one per row.
        const chunk = changed.slice(at, at + REWRITE_CHUNK);
        await tx.sampleRow.deleteMany({ where: { id: { in: chunk.map((r) => r.id) } } });
        await tx.sampleRow.createMany({ data: chunk });
      }
      await tx.dataset.update({ where: { id: datasetId }, data: { featuresJson: JSON.stringify(next) } });
      await recordAudit(
        {
          actorId,
          action: "dataset.features",
          subjectType: "dataset",
          subjectId: datasetId,
          details: { column: c, from: kindOf(current), to: kindOf(next[c]!), classNames: isClassLabel(next[c]) ? next[c].names : null, rowsRewritten: changed.length },
        },
        tx,
      );
      return { rewritten: changed.length };
    },
    { timeoutMs: 120_000 },
  );
}

export interface ColumnSummary {
  column: string;
  /** "string", "int64", "ClassLabel", ... */
  kind: string;
  /** rows holding a value (not null, not missing) */
  filled: number;
  /** distinct texts, sorted (a text column); null when there are more than 1,000 or it is not text */
  texts: string[] | null;
  /** distinct integers in [-1, 1000), sorted, and whether larger or more negative ones occur */
  integers: { values: number[]; outside: boolean } | null;
}

/** What the ClassLabel editor shows of a column: its distinct texts (default names) or integers. */
export async function summarizeColumn(datasetId: string, column: string): Promise<ColumnSummary> {
  const c = parseOrThrow(columnSchema, column);
  const dataset = await getDb().dataset.findUnique({ where: { id: datasetId }, select: { featuresJson: true } });
  if (!dataset) throw notFound("Dataset");
  const feature = normalizeFeatures(parseJsonValue(dataset.featuresJson))[c];
  if (!feature) throw validationError(`The dataset has no column "${c}"`);
  const rows = await getDb().sampleRow.findMany({ where: { datasetId }, orderBy: [{ split: "asc" }, { index: "asc" }], select: { dataJson: true } });
  const values = new ColumnValues();
  let filled = 0;
  let minusOne = false;
  rows.forEach((r, i) => {
    const v = parseRowValue(r.dataJson).get(c);
    if (v === null || v === undefined) return;
    filled++;
    if (v === -1) minusOne = true;
    values.add(v, i);
  });
  const isText = isValue(feature) && feature.dtype === "string";
  const isInt = isClassLabel(feature) || (isValue(feature) && INT_DTYPE.test(feature.dtype));
  return {
    column: c,
    kind: kindOf(feature),
    filled,
    texts: isText ? values.distinctTexts() : null,
    integers: isInt ? { values: [...(minusOne ? [-1] : []), ...[...values.small.keys()].sort((a, b) => a - b)], outside: values.outside !== null } : null,
  };
}

function parseRowValue(dataJson: string): PyDict {
  try {
    const v = parsePyJson(dataJson);
    return v instanceof PyDict ? v : new PyDict();
  } catch {
    return new PyDict();
  }
}
