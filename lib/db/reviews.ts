import "server-only";
// Reviews and comments on template versions. The review workflow (who may decide, which status
// follows) lives in lib/review; this module only stores decisions and comments, each with an
// audit event in the same transaction.
import { z } from "zod";
import { notFound } from "../errors";
import { getDb, inTransaction } from "./client";
import { recordAudit } from "./audit";
import { parseOrThrow } from "./validate";

export const REVIEW_DECISIONS = ["approve", "request_changes", "reject"] as const;
export const reviewDecisionSchema = z.enum(REVIEW_DECISIONS);
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export interface ReviewDTO {
  id: string;
  templateId: string;
  versionNumber: number;
  reviewer: { id: string; name: string | null };
  decision: ReviewDecision;
  comment: string;
  createdAt: string;
}

export interface CommentDTO {
  id: string;
  templateId: string;
  versionNumber: number;
  author: { id: string; name: string | null };
  line: number | null;
  body: string;
  resolved: boolean;
  createdAt: string;
}

async function versionId(templateId: string, number: number): Promise<string> {
  const v = await getDb().templateVersion.findUnique({
    where: { templateId_number: { templateId, number } },
    select: { id: true },
  });
  if (!v) throw notFound(`Version ${number}`);
  return v.id;
}

export async function addReview(i: {
  templateId: string;
  versionNumber: number;
  reviewerId: string;
  decision: ReviewDecision;
  comment?: string;
}): Promise<ReviewDTO> {
  const decision = parseOrThrow(reviewDecisionSchema, i.decision);
  const comment = parseOrThrow(z.string().max(10_000), i.comment ?? "");
  const vId = await versionId(i.templateId, i.versionNumber);
  return inTransaction(async (tx) => {
    const r = await tx.review.create({
      data: { versionId: vId, reviewerId: i.reviewerId, decision, comment },
      include: { reviewer: { select: { id: true, name: true } } },
    });
    await recordAudit(
      { actorId: i.reviewerId, action: "review.create", subjectType: "template", subjectId: i.templateId, details: { versionNumber: i.versionNumber, decision } },
      tx,
    );
    return { id: r.id, templateId: i.templateId, versionNumber: i.versionNumber, reviewer: r.reviewer, decision, comment, createdAt: r.createdAt.toISOString() };
  });
}

export async function listReviews(templateId: string): Promise<ReviewDTO[]> {
  const rows = await getDb().review.findMany({
    where: { version: { templateId } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { reviewer: { select: { id: true, name: true } }, version: { select: { number: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    templateId,
    versionNumber: r.version.number,
    reviewer: r.reviewer,
    decision: reviewDecisionSchema.catch("request_changes").parse(r.decision),
    comment: r.comment,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function addComment(i: {
  templateId: string;
  versionNumber: number;
  authorId: string;
  line?: number | null;
  body: string;
}): Promise<CommentDTO> {
  const body = parseOrThrow(z.string().trim().min(1, "Write a comment").max(10_000), i.body);
  const line = parseOrThrow(z.number().int().min(1).nullable(), i.line ?? null);
  const vId = await versionId(i.templateId, i.versionNumber);
  return inTransaction(async (tx) => {
    const c = await tx.comment.create({
      data: { versionId: vId, authorId: i.authorId, line, body },
      include: { author: { select: { id: true, name: true } } },
    });
    await recordAudit(
      { actorId: i.authorId, action: "comment.create", subjectType: "template", subjectId: i.templateId, details: { versionNumber: i.versionNumber, commentId: c.id } },
      tx,
    );
    return { id: c.id, templateId: i.templateId, versionNumber: i.versionNumber, author: c.author, line, body, resolved: false, createdAt: c.createdAt.toISOString() };
  });
}

export async function listComments(templateId: string): Promise<CommentDTO[]> {
  const rows = await getDb().comment.findMany({
    where: { version: { templateId } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { author: { select: { id: true, name: true } }, version: { select: { number: true } } },
  });
  return rows.map((c) => ({
    id: c.id,
    templateId,
    versionNumber: c.version.number,
    author: c.author,
    line: c.line,
    body: c.body,
    resolved: c.resolved,
    createdAt: c.createdAt.toISOString(),
  }));
}

export async function setCommentResolved(commentId: string, resolved: boolean, actorId: string): Promise<void> {
  await inTransaction(async (tx) => {
    const c = await tx.comment.findUnique({ where: { id: commentId }, select: { version: { select: { templateId: true } } } });
    if (!c) throw notFound("Comment");
    await tx.comment.update({ where: { id: commentId }, data: { resolved } });
    await recordAudit(
      { actorId, action: resolved ? "comment.resolve" : "comment.reopen", subjectType: "template", subjectId: c.version.templateId, details: { commentId } },
      tx,
    );
  });
}
