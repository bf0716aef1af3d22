"use server";
import { revalidatePath } from "next/cache";
import { createTemplateInputSchema } from "@/lib/api/template-input";
import { createTemplate } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";
import { versionMetadataOf } from "./studio-metadata";

// The same schema as POST /api/v1/templates.
const createInput = createTemplateInputSchema;

export const createTemplateFromStudio = defineAction({ action: "template.create", input: createInput }, async ({ user, input }) => {
  const template = await createTemplate({
    datasetId: input.datasetId,
    name: input.name,
    createdById: user.id,
    message: input.message,
    version: { jinja: input.jinja, answerChoices: input.answerChoices.trim() === "" ? null : input.answerChoices, ...versionMetadataOf(input.metadata) },
  });
  revalidatePath(`/datasets/${input.datasetId}`);
  return { templateId: template.id };
});
