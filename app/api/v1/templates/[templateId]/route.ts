import { loadReadableTemplate, templateView } from "@/lib/api/template-views";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** One template: its latest version and, when it is in the pool, its approved version. */
export const GET = withApi({ action: "template.read", auth: "public" }, async ({ user, params }) => {
  return templateView(await loadReadableTemplate(user, String(params.templateId)));
});
