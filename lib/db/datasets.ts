import "server-only";
import { z } from "zod";
import { conflict } from "../errors";
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
  /** Hugging Face `features` JSON, e.g. {"label": {"_type": "ClassLabel", "names": ["neg", "pos"]}} */
  features: unknown;
  splits: { name: string; rowCount: number }[];
}

// Hugging Face dataset ids: "name" or "owner/name"; subsets are config names.
const datasetNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.\-]*(\/[A-Za-z0-9][A-Za-z0-9_.\-]*)?$/;

export const datasetInputSchema = z.object({
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

async function summaries(where: { id?: string; name?: string; subset?: string | null }): Promise<(DatasetSummary & { citation: string; license: string; featuresJson: string })[]> {
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
  }));
}

export async function listDatasets(): Promise<DatasetSummary[]> {
  return (await summaries({})).map(({ citation: _c, license: _l, featuresJson: _f, ...summary }) => summary);
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
