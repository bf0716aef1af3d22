"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { LoadedRows } from "@/components/editor/studio-types";
import { createTemplateInputSchema } from "@/lib/api/template-input";
import { createTemplate, getDataset, listSampleRows, listSampleRowsByIndex } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { instructionSchema, templateKindSchema } from "@/lib/templates/instruction";
import { defineAction } from "@/lib/http/action-client";
import { PREVIEW_ROW_COUNT, toPreviewRow } from "./preview-rows";
import { versionMetadataOf } from "./studio-metadata";

/** Most rows one preview request may load (a page of the whole-split view or a pick of rows). */
const MAX_STUDIO_ROWS = 50;

// The same schema as POST /api/v1/templates, plus the template's kind and, for an instruction
// template (Super-NaturalInstructions), its definition and examples.
const createInput = createTemplateInputSchema.extend({
  kind: templateKindSchema.default("prompt"),
  instruction: instructionSchema.optional(),
});

export const createTemplateFromStudio = defineAction({ action: "template.create", input: createInput }, async ({ user, input }) => {
  const template = await createTemplate({
    datasetId: input.datasetId,
    name: input.name,
    createdById: user.id,
    message: input.message,
    kind: input.kind,
    version: {
      jinja: input.jinja,
      answerChoices: input.answerChoices.trim() === "" ? null : input.answerChoices,
      ...versionMetadataOf(input.metadata),
      // lib/db refuses an instruction template without one, and a prompt template with one
      ...(input.kind === "instruction" ? { instruction: input.instruction ?? null } : input.instruction ? { instruction: input.instruction } : {}),
    },
  });
  revalidatePath(`/datasets/${input.datasetId}`);
  return { templateId: template.id };
});

const loadRowsInput = z
  .object({
    datasetId: z.string().min(1).max(100),
    split: z.string().min(1).max(100),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(MAX_STUDIO_ROWS).optional(),
    indexes: z.array(z.number().int().min(0)).max(MAX_STUDIO_ROWS).optional(),
  })
  .refine((i) => i.indexes === undefined || (i.offset === undefined && i.limit === undefined), "Give indexes or a page, not both");

/** Sample rows for the studio's preview: a page of a split, or chosen rows (sample rows are public). */
export const loadStudioRows = defineAction({ action: "dataset.read", input: loadRowsInput }, async ({ input }) => {
  const dataset = await getDataset(input.datasetId);
  if (!dataset) throw new AppError("NOT_FOUND", "Dataset not found");
  const split = dataset.splits.find((s) => s.name === input.split);
  if (!split) return { rows: [], total: 0 } satisfies LoadedRows; // a split without rows
  const rows = input.indexes
    ? await listSampleRowsByIndex(dataset.id, split.name, input.indexes)
    : (await listSampleRows(dataset.id, { split: split.name, offset: input.offset ?? 0, limit: input.limit ?? PREVIEW_ROW_COUNT })).rows;
  return { rows: rows.map(toPreviewRow), total: split.rowCount } satisfies LoadedRows;
});
