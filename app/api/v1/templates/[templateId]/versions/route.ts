import { createVersionBodySchema } from "@/lib/api/schemas";
import { versionInputOf } from "@/lib/api/template-input";
import { loadReadableTemplate, templateResource } from "@/lib/api/template-views";
import { authorize } from "@/lib/auth/authorize";
import { createVersion, getVersion, listVersions, renameTemplate } from "@/lib/db";
import { versionConflict } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** Every version of a template, oldest first. */
export const GET = withApi({ action: "template.read", auth: "public" }, async ({ user, params }) => {
  const template = await loadReadableTemplate(user, String(params.templateId));
  return { items: await listVersions(template.id) };
});

/**
 * Saves a new version on top of `baseVersion`. A stale base is 409 VERSION_CONFLICT and changes
 * nothing (not even the name). Metadata left out is carried over from the base version, as are
 * the fields PromptPool does not model (`extra`).
 */
export const POST = withApi(
  { action: "template.edit", auth: "token", scope: "write", input: createVersionBodySchema },
  async ({ user, params, input }) => {
    const template = await loadReadableTemplate(user, String(params.templateId));
    authorize(user, "template.edit", templateResource(template));
    if (template.latestVersion !== input.baseVersion) {
      throw versionConflict(`Version ${input.baseVersion} is no longer the latest (the latest is ${template.latestVersion}); fetch it and apply your change again`);
    }
    const base = (await getVersion(template.id, input.baseVersion)) ?? template.current;
    if (input.name !== undefined && input.name !== template.name) await renameTemplate(template.id, input.name, user!.id);
    const version = await createVersion({
      templateId: template.id,
      baseVersion: input.baseVersion,
      authorId: user!.id,
      message: input.message,
      version: input.metadata
        ? { ...versionInputOf({ ...input, metadata: input.metadata }), extra: base.extra }
        : { jinja: input.jinja, answerChoices: input.answerChoices.trim() === "" ? null : input.answerChoices, reference: base.reference, metadata: base.metadata, extra: base.extra },
    });
    return Response.json({ version }, { status: 201 });
  },
);
