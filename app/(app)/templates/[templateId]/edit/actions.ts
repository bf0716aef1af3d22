"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { SaveOutcome } from "@/components/editor/studio-types";
import { authorize } from "@/lib/auth/authorize";
import { saveVersionInputSchema } from "@/lib/api/template-input";
import { createTemplate, createVersion, getTemplate, getVersion, renameTemplate, setTemplateStatus, templateNameSchema, type TemplateDetail, type VersionDTO } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { stateAfterUnarchive } from "@/lib/review/workflow";
import { defineAction } from "@/lib/http/action-client";
import { toStudioVersion, versionMetadataOf } from "@/app/(app)/datasets/[datasetId]/new-template/studio-metadata";
import type { StudioInstruction, StudioMetadata } from "@/components/editor/studio-types";
import { instructionSchema } from "@/lib/templates/instruction";

/** Loads the template and checks that this user may edit it (unknown and unreadable look the same). */
async function loadEditable(user: Parameters<typeof authorize>[0], templateId: string): Promise<TemplateDetail> {
  const template = await getTemplate(templateId);
  if (!template) throw new AppError("NOT_FOUND", "Template not found");
  authorize(user, "template.edit", { kind: "template", createdById: template.createdBy.id, status: template.status, poolVersion: template.poolVersion });
  return template;
}

/**
 * createVersion on top of the version the author started from. A VERSION_CONFLICT is not an error
 * for the studio: it gets the server's latest version to show beside the author's text.
 */
async function saveOnBase(
  template: TemplateDetail,
  userId: string,
  baseVersion: number,
  content: { jinja: string; answerChoices: string | null; message: string },
  name: string,
  edited: { from: "studio"; metadata: StudioMetadata; instruction: StudioInstruction | undefined } | { from: "version"; version: VersionDTO },
): Promise<SaveOutcome> {
  // Fields the studio does not edit (extra) carry over from the base version; a restore takes
  // the restored version's metadata, a save the studio's.
  const base = edited.from === "version" ? edited.version : ((await getVersion(template.id, baseVersion)) ?? template.current);
  const meta = edited.from === "version" ? { reference: base.reference, metadata: base.metadata } : versionMetadataOf(edited.metadata);
  // An instruction template's definition and examples: the restored version's, or the studio's
  // (lib/db refuses them on a prompt template, and keeps the base's when the studio sends none).
  const instruction = edited.from === "version" ? (edited.version.instruction ?? undefined) : edited.instruction;
  try {
    const version = await createVersion({
      templateId: template.id,
      baseVersion,
      authorId: userId,
      message: content.message,
      version: { jinja: content.jinja, answerChoices: content.answerChoices, ...meta, extra: base.extra, ...(instruction ? { instruction } : {}) },
    });
    revalidatePath(`/templates/${template.id}`);
    return { status: "saved", version: toStudioVersion(version), name };
  } catch (error) {
    if (!isAppError(error) || error.code !== "VERSION_CONFLICT") throw error;
    const latest = await getTemplate(template.id);
    if (!latest) throw error;
    return { status: "conflict", latest: toStudioVersion(latest.current), name: latest.name };
  }
}

// The same schema as POST /api/v1/templates/{id}/versions (plus the template id, and an
// instruction template's definition and examples).
const saveInput = saveVersionInputSchema.extend({ instruction: instructionSchema.optional() });

export const saveTemplateVersion = defineAction({ action: "template.edit", input: saveInput }, async ({ user, input }) => {
  const template = await loadEditable(user, input.templateId);
  if (template.latestVersion !== input.baseVersion) {
    // Refuse before renaming: nothing of a stale save is applied.
    return { status: "conflict", latest: toStudioVersion(template.current), name: template.name } satisfies SaveOutcome;
  }
  if (input.name !== template.name) await renameTemplate(template.id, input.name, user.id);
  const answerChoices = input.answerChoices.trim() === "" ? null : input.answerChoices;
  return saveOnBase(template, user.id, input.baseVersion, { jinja: input.jinja, answerChoices, message: input.message }, input.name, {
    from: "studio",
    metadata: input.metadata,
    instruction: input.instruction,
  });
});

const restoreInput = z.object({
  templateId: z.string().min(1).max(100),
  baseVersion: z.number().int().min(1),
  number: z.number().int().min(1),
});

/** Restoring never rewrites history: the old version's content becomes a new version. */
export const restoreTemplateVersion = defineAction({ action: "template.edit", input: restoreInput }, async ({ user, input }) => {
  const template = await loadEditable(user, input.templateId);
  const old = await getVersion(template.id, input.number);
  if (!old) throw new AppError("NOT_FOUND", `Version ${input.number} not found`);
  return saveOnBase(
    template,
    user.id,
    input.baseVersion,
    { jinja: old.jinja, answerChoices: old.answerChoices, message: `Restored version ${old.number}` },
    template.name,
    { from: "version", version: old },
  );
});

function asResource(t: TemplateDetail) {
  return { kind: "template", createdById: t.createdBy.id, status: t.status, poolVersion: t.poolVersion } as const;
}

async function loadTemplate(templateId: string): Promise<TemplateDetail> {
  const template = await getTemplate(templateId);
  if (!template) throw new AppError("NOT_FOUND", "Template not found");
  return template;
}

const duplicateInput = z.object({ templateId: z.string().min(1).max(100), name: templateNameSchema });

/** A new template (new uuid, version 1) with the latest version's content, owned by the caller. */
export const duplicateTemplate = defineAction({ action: "template.create", input: duplicateInput }, async ({ user, input }) => {
  const source = await loadTemplate(input.templateId);
  authorize(user, "template.read", asResource(source));
  const v = source.current;
  const copy = await createTemplate({
    datasetId: source.datasetId,
    name: input.name,
    createdById: user.id,
    message: `Duplicated from "${source.name}" version ${v.number}`,
    kind: source.kind,
    version: { jinja: v.jinja, answerChoices: v.answerChoices, reference: v.reference, metadata: v.metadata, extra: v.extra, ...(v.instruction ? { instruction: v.instruction } : {}) },
  });
  revalidatePath(`/datasets/${source.datasetId}`);
  return { templateId: copy.id };
});

const renameInput = z.object({ templateId: z.string().min(1).max(100), name: templateNameSchema });

/** Renames without a new version (the name is the template's, not a version's). Taken -> CONFLICT. */
export const renameTemplateAction = defineAction({ action: "template.edit", input: renameInput }, async ({ user, input }) => {
  const template = await loadEditable(user, input.templateId);
  const renamed = await renameTemplate(template.id, input.name, user.id);
  revalidatePath(`/templates/${template.id}`);
  revalidatePath(`/datasets/${template.datasetId}`);
  return { name: renamed.name };
});

const statusInput = z.object({ templateId: z.string().min(1).max(100) });

/** Archived templates leave the dataset's lists and free their name; nothing is deleted. */
export const archiveTemplate = defineAction({ action: "template.archive", input: statusInput }, async ({ user, input }) => {
  const template = await loadTemplate(input.templateId);
  authorize(user, "template.archive", asResource(template));
  await setTemplateStatus({ templateId: template.id, status: "archived", expectedStatus: template.status, actorId: user.id });
  revalidatePath(`/templates/${template.id}`);
  revalidatePath(`/datasets/${template.datasetId}`);
  return { status: "archived" as const };
});

/** Back in the pool or a draft (stateAfterUnarchive); refused with CONFLICT when the name is taken meanwhile. */
export const unarchiveTemplate = defineAction({ action: "template.unarchive", input: statusInput }, async ({ user, input }) => {
  const template = await loadTemplate(input.templateId);
  authorize(user, "template.unarchive", asResource(template));
  const status = stateAfterUnarchive(template);
  await setTemplateStatus({ templateId: template.id, status, expectedStatus: "archived", reviewVersion: null, actorId: user.id });
  revalidatePath(`/templates/${template.id}`);
  revalidatePath(`/datasets/${template.datasetId}`);
  return { status, poolVersion: template.poolVersion };
});
