import "server-only";
import type { RenderedExample } from "@/components/templates/rendered-examples";
import type { TemplateDetail, VersionDTO } from "@/lib/db";

// TODO(renderer): lib/render/index.ts (applyTemplate) is not in the tree yet; until it is, the page
// says so instead of rendering.
export async function renderExamples(_template: TemplateDetail, _version: VersionDTO): Promise<RenderedExample[] | null> {
  return null;
}
