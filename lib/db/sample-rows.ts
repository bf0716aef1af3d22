import "server-only";
import { z } from "zod";
import { conflict, notFound, validationError } from "../errors";
import { getDb, inTransaction, isUniqueViolation } from "./client";
import { recordAudit } from "./audit";
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
