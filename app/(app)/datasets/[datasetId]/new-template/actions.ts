"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createTemplate, templateNameSchema } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";
import { studioMetadataSchema, versionMetadataOf } from "./studio-metadata";

const createInput = z.object({
  datasetId: z.string().min(1).max(100),
  name: templateNameSchema,
  jinja: z.string().min(1, "The template is empty").max(100_000),
  answerChoices: z.string().max(20_000),
  message: z.string().max(500),
  metadata: studioMetadataSchema,
});

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
