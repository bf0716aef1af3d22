"use server";
import { z } from "zod";
import { getDataset, listSampleRows, MAX_PAGE_SIZE } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/http/action-client";

const input = z.object({
  datasetId: z.string().min(1).max(100),
  split: z.string().min(1).max(100),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE),
});

/**
 * The prompted dataset viewer's rows, a chunk at a time, for its pass over the whole split (sample
 * rows are public, as the viewer is). Rendering happens in the browser's sandboxed worker.
 */
export const loadViewerRows = defineAction({ auth: "public", action: "dataset.read", input }, async ({ input }) => {
  const dataset = await getDataset(input.datasetId);
  if (!dataset) throw new AppError("NOT_FOUND", "Dataset not found");
  const { rows, total } = await listSampleRows(dataset.id, { split: input.split, offset: input.offset, limit: input.limit });
  return { rows: rows.map((r) => ({ index: r.index, dataJson: r.dataJson })), total };
});
