import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor, TemplateResource } from "@/lib/auth/policy";
import { getTemplate, getVersion, type TemplateDetail, type VersionDTO } from "@/lib/db";
import { notFound } from "@/lib/errors";

export interface TemplateView extends Omit<TemplateDetail, "current"> {
  latest: VersionDTO;
  approved: VersionDTO | null;
}

export function templateResource(t: TemplateDetail): TemplateResource {
  return { kind: "template", createdById: t.createdBy.id, status: t.status, poolVersion: t.poolVersion };
}

/** The template if this caller may read it; otherwise NOT_FOUND (unreadable templates look missing, as on the pages). */
export async function loadReadableTemplate(user: Actor | null, templateId: string): Promise<TemplateDetail> {
  const template = await getTemplate(templateId);
  if (!template) throw notFound("Template");
  try {
    authorize(user, "template.read", templateResource(template));
  } catch {
    throw notFound("Template");
  }
  return template;
}

export async function templateView(t: TemplateDetail): Promise<TemplateView> {
  const { current, ...rest } = t;
  const approved = t.poolVersion === null ? null : t.poolVersion === current.number ? current : await getVersion(t.id, t.poolVersion);
  return { ...rest, latest: current, approved };
}
