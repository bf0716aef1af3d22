"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setColumnClassLabel, setDatasetTaskCategory, summarizeColumn } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";

const classLabelSchema = z.object({
  datasetId: z.string().min(1).max(100),
  column: z.string().min(1).max(200),
  change: z.union([
    /** class names in index order */
    z.object({ names: z.array(z.string().max(200)).max(1000) }),
    /** undo a ClassLabel: back to integers, or to texts (each index becomes its name) */
    z.object({ clear: z.enum(["integers", "texts"]) }),
  ]),
});

/**
 * Admins: mark a column as a ClassLabel (an integer column is checked against every stored row; a
 * text column's rows are converted to indexes), or undo it; one transaction, audit logged.
 */
export const saveClassLabel = defineAction({ action: "dataset.manage", input: classLabelSchema }, async ({ user, input }) => {
  const result = await setColumnClassLabel(input.datasetId, input.column, input.change, user.id);
  revalidatePath(`/datasets/${input.datasetId}`);
  return result;
});

/** Admins: a column's distinct texts or integers, to propose and check ClassLabel names. */
export const loadColumnSummary = defineAction(
  { action: "dataset.manage", input: z.object({ datasetId: z.string().min(1).max(100), column: z.string().min(1).max(200) }) },
  async ({ input }) => summarizeColumn(input.datasetId, input.column),
);

const taskCategorySchema = z.object({ datasetId: z.string().min(1).max(100), taskCategory: z.string().max(100) });

export const saveTaskCategory = defineAction({ action: "dataset.manage", input: taskCategorySchema }, async ({ user, input }) => {
  await setDatasetTaskCategory(input.datasetId, input.taskCategory, user.id);
  revalidatePath(`/datasets/${input.datasetId}`);
  return null;
});
