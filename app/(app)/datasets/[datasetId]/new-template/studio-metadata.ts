import type { StudioMetadata, StudioVersion } from "@/components/editor/studio-types";
import type { VersionDTO, VersionInput } from "@/lib/db";
import { templateMetadataInputSchema } from "@/lib/api/template-input";

/** The metadata the studio sends, checked (the same schema as the public API's). */
export const studioMetadataSchema = templateMetadataInputSchema;

export function toStudioMetadata(v: Pick<VersionDTO, "reference" | "metadata">): StudioMetadata {
  return {
    reference: v.reference,
    originalTask: v.metadata.originalTask,
    choicesInPrompt: v.metadata.choicesInPrompt,
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

/** A stored version as the studio shows it (history, restore, conflicts). */
export function toStudioVersion(v: VersionDTO): StudioVersion {
  return {
    metadata: toStudioMetadata(v),
    number: v.number,
    jinja: v.jinja,
    answerChoices: v.answerChoices,
    author: { name: v.author.name },
    createdAt: v.createdAt,
    message: v.message,
    instruction: v.instruction,
  };
}
