import "server-only";
import { z } from "zod";
import { conflict, notFound, validationError } from "../errors";
import { getDb, inTransaction, isUniqueViolation } from "./client";
import { recordAudit } from "./audit";
import { mergeFeatures, normalizeFeatures, type Features } from "../datasets/features";
import { datasetInputSchema, type DatasetInput } from "./datasets";
import { parseJsonValue } from "./json";
import { parseOrThrow } from "./validate";

export interface SampleRowDTO {
  split: string;
  index: number;
  /** the row's JSON text exactly as imported (keeps 3.0 vs 3 for the renderer) */
  dataJson: string;
}

export const splitSchema = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.\-]+$/, "Use a split name such as train");

const rowsSchema = z
  .array(z.object({ index: z.number().int().min(0), dataJson: z.string().min(2).max(1_000_000) }))
  .max(10_000);

export const MAX_PAGE_SIZE = 500;

/**
 * Adds rows to one split in one transaction. Each dataJson must be a JSON object; its text is
 * stored verbatim. An index already present in the split -> CONFLICT (nothing is written).
 */
export async function addSampleRows(
  datasetId: string,
  split: string,
  rows: { index: number; dataJson: string }[],
  actorId: string | null,
): Promise<{ added: number }> {
  const s = parseOrThrow(splitSchema, split);
  const r = parseOrThrow(rowsSchema, rows);
  r.forEach((row, i) => {
    let value: unknown;
    try {
      value = JSON.parse(row.dataJson);
    } catch {
      throw validationError(`Row ${i} (index ${row.index}) is not valid JSON`);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw validationError(`Row ${i} (index ${row.index}) is not a JSON object`);
    }
  });
  if (new Set(r.map((row) => row.index)).size !== r.length) throw validationError("Row indexes repeat");
  try {
    return await inTransaction(
      async (tx) => {
        if (!(await tx.dataset.findUnique({ where: { id: datasetId }, select: { id: true } }))) throw notFound("Dataset");
        const { count } = await tx.sampleRow.createMany({
          data: r.map((row) => ({ datasetId, split: s, index: row.index, dataJson: row.dataJson })),
        });
        await recordAudit(
          { actorId, action: "dataset.rows.add", subjectType: "dataset", subjectId: datasetId, details: { split: s, count } },
          tx,
        );
        return { added: count };
      },
      { timeoutMs: 60_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Some of these row indexes already exist in split ${s}`);
    throw error;
  }
}

export async function listSampleRows(
  datasetId: string,
  options: { split?: string; offset?: number; limit?: number } = {},
): Promise<{ total: number; rows: SampleRowDTO[] }> {
  const offset = Math.max(0, Math.trunc(options.offset ?? 0));
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(options.limit ?? 50)));
  const where = { datasetId, ...(options.split ? { split: options.split } : {}) };
  const db = getDb();
  const [total, rows] = await Promise.all([
    db.sampleRow.count({ where }),
    db.sampleRow.findMany({
      where,
      orderBy: [{ split: "asc" }, { index: "asc" }],
      skip: offset,
      take: limit,
      select: { split: true, index: true, dataJson: true },
    }),
  ]);
  return { total, rows };
}

export interface ImportRowsInput {
  /** an existing dataset, or `create` for a new one (created in the same transaction) */
  datasetId?: string | null;
  create?: DatasetInput | null;
  splits: { split: string; rows: string[]; replace: boolean }[];
  /** features of the imported rows; merged into the dataset's (a ClassLabel stays a ClassLabel) */
  features: Record<string, unknown>;
  source: string;
  actorId: string | null;
}

export interface ImportRowsResult {
  datasetId: string;
  created: boolean;
  splits: { split: string; added: number; replaced: number }[];
}

const importSchema = z.object({
  datasetId: z.string().min(1).nullable().optional(),
  splits: z
    .array(
      z.object({
        split: splitSchema,
        rows: z.array(z.string().min(2).max(5_000_000)).max(100_000),
        replace: z.boolean(),
      }),
    )
    .min(1)
    .max(50),
  features: z.record(z.string(), z.unknown()),
  source: z.string().max(300),
});

const CHUNK = 500;

/**
 * Stores imported rows in ONE transaction: creates the dataset when asked, per split replaces its
 * rows or appends after the highest index, merges the features, records one audit event. Any
 * failure (a duplicate dataset, a column whose type does not fit) leaves everything as it was.
 * Rows are JSON object texts, stored verbatim.
 */
export async function importSampleRows(input: ImportRowsInput): Promise<ImportRowsResult> {
  const i = parseOrThrow(importSchema, input);
  const create = input.create ? parseOrThrow(datasetInputSchema, input.create) : null;
  if (!create && !i.datasetId) throw validationError("Choose a dataset or give a name for a new one");
  if (new Set(i.splits.map((s) => s.split)).size !== i.splits.length) throw validationError("A split appears twice");
  i.splits.forEach((s) =>
    s.rows.forEach((r, n) => {
      if (r[0] !== "{" || r[r.length - 1] !== "}") throw validationError(`Split ${s.split} row ${n} is not a JSON object`);
    }),
  );
  const incoming = normalizeFeatures(i.features);
  const label = create ? (create.subset ? `${create.name}/${create.subset}` : create.name) : "";
  try {
    return await inTransaction(
      async (tx) => {
        let datasetId: string;
        let existingFeatures: Features = {};
        if (create) {
          if (await tx.dataset.findFirst({ where: { name: create.name, subset: create.subset }, select: { id: true } })) {
            throw conflict(`Dataset ${label} already exists; add the rows to it instead`);
          }
          const created = await tx.dataset.create({
            data: {
              name: create.name,
              subset: create.subset,
              description: create.description,
              citation: create.citation,
              license: create.license,
              taskCategory: create.taskCategory,
              featuresJson: "{}",
              source: i.source,
              createdById: input.actorId,
            },
          });
          datasetId = created.id;
          await recordAudit(
            { actorId: input.actorId, action: "dataset.create", subjectType: "dataset", subjectId: datasetId, details: { name: label } },
            tx,
          );
        } else {
          const existing = await tx.dataset.findUnique({ where: { id: i.datasetId! }, select: { id: true, featuresJson: true, source: true } });
          if (!existing) throw notFound("Dataset");
          datasetId = existing.id;
          existingFeatures = normalizeFeatures(parseJsonValue(existing.featuresJson));
        }
        const result: ImportRowsResult["splits"] = [];
        for (const s of i.splits) {
          let replaced = 0;
          let base = 0;
          if (s.replace) {
            replaced = (await tx.sampleRow.deleteMany({ where: { datasetId, split: s.split } })).count;
          } else {
            const max = await tx.sampleRow.aggregate({ where: { datasetId, split: s.split }, _max: { index: true } });
            base = max._max.index === null ? 0 : max._max.index + 1;
          }
          for (let at = 0; at < s.rows.length; at += CHUNK) {
            await tx.sampleRow.createMany({
              data: s.rows.slice(at, at + CHUNK).map((dataJson, k) => ({ datasetId, split: s.split, index: base + at + k, dataJson })),
            });
          }
          result.push({ split: s.split, added: s.rows.length, replaced });
        }
        // After the row writes on purpose: a clash here must (and does) undo them.
        const features = mergeFeatures(existingFeatures, incoming);
        await tx.dataset.update({ where: { id: datasetId }, data: { featuresJson: JSON.stringify(features), ...(create ? {} : { source: i.source }) } });
        await recordAudit(
          { actorId: input.actorId, action: "dataset.rows.import", subjectType: "dataset", subjectId: datasetId, details: { source: i.source, splits: result } },
          tx,
        );
        return { datasetId, created: Boolean(create), splits: result };
      },
      { timeoutMs: 120_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(create ? `Dataset ${label} already exists` : "Another import into this split ran at the same time; try again");
    throw error;
  }
}

/**
 * The rows of one split with the given indexes (the studio's "pick rows" and random samples), in
 * the order asked; indexes the split does not have are left out.
 */
export async function listSampleRowsByIndex(datasetId: string, split: string, indexes: number[]): Promise<SampleRowDTO[]> {
  const wanted = parseOrThrow(z.array(z.number().int().min(0)).max(MAX_PAGE_SIZE), indexes);
  if (wanted.length === 0) return [];
  const rows = await getDb().sampleRow.findMany({
    where: { datasetId, split: parseOrThrow(splitSchema, split), index: { in: [...new Set(wanted)] } },
    select: { split: true, index: true, dataJson: true },
  });
  const byIndex = new Map(rows.map((r) => [r.index, r]));
  return wanted.flatMap((i) => (byIndex.has(i) ? [byIndex.get(i)!] : []));
}
