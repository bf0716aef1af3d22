import { z } from "zod";
import type { StudioMetadata } from "@/components/editor/studio-types";
import type { VersionDTO, VersionInput } from "@/lib/db";
import { languageName } from "@/lib/templates/languages";
import { PROMPTSOURCE_METRICS } from "@/lib/templates/metrics";

/** The metadata the studio sends, checked: only PromptSource's metrics and ISO 639-1 codes. */
export const studioMetadataSchema = z.object({
  reference: z.string().max(5_000),
  originalTask: z.boolean(),
  choicesInPrompt: z.boolean(),
  metrics: z
    .array(z.string().refine((m) => (PROMPTSOURCE_METRICS as readonly string[]).includes(m), { message: "Not one of PromptSource's metrics" }))
    .max(13),
  languages: z
    .array(z.string().refine((c) => languageName(c) !== null, { message: "Not an ISO 639-1 language code" }))
    .max(50),
});

export function toStudioMetadata(v: Pick<VersionDTO, "reference" | "metadata">): StudioMetadata {
  return {
    reference: v.reference,
    originalTask: v.metadata.originalTask ?? false,
    choicesInPrompt: v.metadata.choicesInPrompt ?? false,
    metrics: v.metadata.metrics,
    languages: v.metadata.languages,
  };
}

export function versionMetadataOf(m: StudioMetadata): Pick<VersionInput, "reference" | "metadata"> {
  return {
    reference: m.reference,
    metadata: { originalTask: m.originalTask, choicesInPrompt: m.choicesInPrompt, metrics: [...new Set(m.metrics)], languages: [...new Set(m.languages)] },
  };
}
