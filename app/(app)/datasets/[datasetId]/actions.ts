"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setColumnClassLabel, setDatasetTaskCategory } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";

const classLabelSchema = z.object({
  datasetId: z.string().min(1).max(100),
  column: z.string().min(1).max(200),
  /** comma-separated names; empty turns the ClassLabel back into integers */
  names: z.string().max(100_000),
});

/** Admins: mark an integer column as a ClassLabel (names checked against every stored row), or undo it. */
export const saveClassLabel = defineAction({ action: "dataset.manage", input: classLabelSchema }, async ({ user, input }) => {
  const names = input.names.trim() ? input.names.split(",").map((n) => n.trim()) : null;
  await setColumnClassLabel(input.datasetId, input.column, names, user.id);
  revalidatePath(`/datasets/${input.datasetId}`);
  return null;
});

const taskCategorySchema = z.object({ datasetId: z.string().min(1).max(100), taskCategory: z.string().max(100) });

export const saveTaskCategory = defineAction({ action: "dataset.manage", input: taskCategorySchema }, async ({ user, input }) => {
  await setDatasetTaskCategory(input.datasetId, input.taskCategory, user.id);
  revalidatePath(`/datasets/${input.datasetId}`);
  return null;
});
