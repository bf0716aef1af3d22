"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor, TemplateResource } from "@/lib/auth/policy";
import { addComment, decideReview, getReviewFacts, getTemplate, reviewDecisionSchema, setCommentResolved, submitForReview } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/http/action-client";

/** The template as the policy sees it; unknown templates are NOT_FOUND. */
async function loadResource(templateId: string): Promise<TemplateResource> {
  const [t, facts] = await Promise.all([getTemplate(templateId), getReviewFacts(templateId)]);
  if (!t || !facts) throw new AppError("NOT_FOUND", "Template not found");
  return { kind: "template", createdById: t.createdBy.id, status: t.status, poolVersion: t.poolVersion, reviewAuthorId: facts.reviewAuthorId };
}

/** Unreadable templates look missing, as on the pages. */
async function authorizeOn(user: Actor, action: "template.submit" | "template.review" | "review.comment", templateId: string) {
  const resource = await loadResource(templateId);
  authorize(user, action, resource);
  return resource;
}

function refresh(templateId: string) {
  revalidatePath(`/review/${templateId}`);
  revalidatePath(`/templates/${templateId}`);
  revalidatePath("/review");
  revalidatePath("/");
}

const id = z.string().min(1).max(100);

export const submitTemplateForReview = defineAction(
  { action: "template.submit", input: z.object({ templateId: id, message: z.string().max(2_000).optional() }) },
  async ({ user, input }) => {
    await authorizeOn(user, "template.submit", input.templateId);
    const s = await submitForReview({ templateId: input.templateId, actorId: user.id, message: input.message });
    refresh(input.templateId);
    return s;
  },
);

export const decideTemplateReview = defineAction(
  {
    action: "template.review",
    input: z.object({ templateId: id, versionNumber: z.number().int().min(1), decision: reviewDecisionSchema, comment: z.string().max(10_000).default("") }),
  },
  async ({ user, input }) => {
    const resource = await loadResource(input.templateId);
    // A version that left review while this reviewer looked at it is a race, not a permission
    // problem: who may decide is checked as if it were still in review, and decideReview's
    // compare-and-set then answers CONFLICT naming the decision that stands.
    authorize(user, "template.review", resource.status === "archived" ? resource : { ...resource, status: "in_review" });
    const d = await decideReview({ templateId: input.templateId, versionNumber: input.versionNumber, reviewerId: user.id, decision: input.decision, comment: input.comment });
    refresh(input.templateId);
    return { status: d.status, poolVersion: d.poolVersion, approvals: d.approvals, approvalsRequired: d.approvalsRequired };
  },
);

export const commentOnVersion = defineAction(
  {
    action: "review.comment",
    input: z.object({
      templateId: id,
      versionNumber: z.number().int().min(1),
      line: z.number().int().min(1).nullable().default(null),
      parentId: id.nullable().default(null),
      body: z.string().max(10_000),
    }),
  },
  async ({ user, input }) => {
    await authorizeOn(user, "review.comment", input.templateId);
    const c = await addComment({ templateId: input.templateId, versionNumber: input.versionNumber, authorId: user.id, line: input.line, parentId: input.parentId, body: input.body });
    refresh(input.templateId);
    return { id: c.id };
  },
);

export const resolveCommentThread = defineAction(
  { action: "review.comment", input: z.object({ templateId: id, commentId: id, resolved: z.boolean() }) },
  async ({ user, input }) => {
    await authorizeOn(user, "review.comment", input.templateId);
    await setCommentResolved(input.commentId, input.resolved, user.id, input.templateId);
    refresh(input.templateId);
    return null;
  },
);
