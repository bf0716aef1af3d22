/**
 * The input of "create a template" and "save a version", shared by the studio's server actions
 * and the public API (POST /api/v1/templates, POST /api/v1/templates/{id}/versions), so both
 * accept exactly the same names, sizes, metrics and language codes.
 */
import { z } from "zod";
import { templateNameSchema } from "@/lib/db/templates";
import { languageName } from "@/lib/templates/languages";
import { PROMPTSOURCE_METRICS } from "@/lib/templates/metrics";

/** PromptSource metadata as the studio edits it: only PromptSource's metrics and ISO 639-1 codes. */
export const templateMetadataInputSchema = z.object({
  reference: z.string().max(5_000),
  // null is "not set" (PromptSource's YAML then has no value), distinct from false.
  originalTask: z.boolean().nullable(),
  choicesInPrompt: z.boolean().nullable(),
  metrics: z
    .array(
      z
        .string()
        .refine((m) => (PROMPTSOURCE_METRICS as readonly string[]).includes(m), { message: "Not one of PromptSource's metrics" })
        .meta({ description: `One of PromptSource's metrics: ${PROMPTSOURCE_METRICS.join(", ")}` }),
    )
    .max(13),
  languages: z
    .array(
      z
        .string()
        .refine((c) => languageName(c) !== null, { message: "Not an ISO 639-1 language code" })
        .meta({ description: "ISO 639-1 code, e.g. en" }),
    )
    .max(50),
});

export const templateFieldsSchema = z.object({
  name: templateNameSchema,
  jinja: z.string().min(1, "The template is empty").max(100_000),
  /** PromptSource's answer_choices ("a ||| b" or a Jinja expression); "" for none */
  answerChoices: z.string().max(20_000),
  /** a note saved with the version */
  message: z.string().max(500),
  metadata: templateMetadataInputSchema,
});

export const createTemplateInputSchema = templateFieldsSchema.extend({
  datasetId: z.string().min(1).max(100),
});
export type CreateTemplateInput = z.output<typeof createTemplateInputSchema>;

export const saveVersionFieldsSchema = templateFieldsSchema.extend({
  /** the version the edit started from; a newer latest version makes the save a VERSION_CONFLICT */
  baseVersion: z.number().int().min(1),
});

export const saveVersionInputSchema = saveVersionFieldsSchema.extend({
  templateId: z.string().min(1).max(100),
});

/** The studio's fields as lib/db's version input ("" answer choices means none; metrics and languages once each). */
export function versionInputOf(fields: { jinja: string; answerChoices: string; metadata: z.output<typeof templateMetadataInputSchema> }) {
  const m = fields.metadata;
  return {
    jinja: fields.jinja,
    answerChoices: fields.answerChoices.trim() === "" ? null : fields.answerChoices,
    reference: m.reference,
    metadata: { originalTask: m.originalTask, choicesInPrompt: m.choicesInPrompt, metrics: [...new Set(m.metrics)], languages: [...new Set(m.languages)] },
  };
}
