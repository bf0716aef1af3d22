import { createTemplateBodySchema, templateListQuerySchema } from "@/lib/api/schemas";
import { templateView } from "@/lib/api/template-views";
import { versionInputOf } from "@/lib/api/template-input";
import { createTemplate, listPoolTemplates } from "@/lib/db";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** The approved pool, a page at a time, each template with its approved version. */
export const GET = withApi({ action: "pool.read", auth: "public", input: templateListQuerySchema }, async ({ input }) => {
  const { items, total } = await listPoolTemplates({
    datasetId: input.datasetId,
    datasetName: input.dataset,
    subset: input.subset,
    q: input.q,
    limit: input.limit,
    offset: input.offset,
  });
  return { items, total, limit: input.limit, offset: input.offset };
});

/** Creates a template with its version 1 (a draft of the token's owner). */
export const POST = withApi(
  { action: "template.create", auth: "token", scope: "write", input: createTemplateBodySchema },
  async ({ user, input }) => {
    const template = await createTemplate({
      datasetId: input.datasetId,
      name: input.name,
      createdById: user!.id,
      message: input.message,
      version: versionInputOf(input),
    });
    return Response.json({ template: await templateView(template) }, { status: 201, headers: { location: `/api/v1/templates/${template.id}` } });
  },
);
