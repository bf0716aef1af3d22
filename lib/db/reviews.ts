import "server-only";
// Reviews and comments on template versions. The review workflow (who may decide, which status
// follows) lives in lib/review; this module only stores decisions and comments, each with an
// audit event in the same transaction.
import { z } from "zod";
import { AppError, notFound, validationError } from "../errors";
import {
  approversInRound,
  decisionRefusal,
  matchesAge,
  outcomeOf,
  submissionRefusal,
  type AgeFilter,
  type ReviewState,
} from "../review/workflow";
import { getDb, inTransaction, type Tx } from "./client";
import { recordAudit } from "./audit";
import { createNotifications } from "./notifications";
import { getApprovalsRequired } from "./settings";
import { parseJsonArrayOfStrings } from "./json";
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
  parentId: string | null;
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

/**
 * Adds a comment to a version, optionally on a line of its jinja, or a reply (`parentId`) to a
 * thread of the same template: replies join the thread's first comment and take its line. The
 * thread's participants other than the writer are notified of a reply.
 */
export async function addComment(i: {
  templateId: string;
  versionNumber: number;
  authorId: string;
  line?: number | null;
  body: string;
  parentId?: string | null;
}): Promise<CommentDTO> {
  const body = parseOrThrow(z.string().trim().min(1, "Write a comment").max(10_000), i.body);
  let line = parseOrThrow(z.number().int().min(1).nullable(), i.line ?? null);
  const parentIdInput = parseOrThrow(z.string().min(1).max(100).nullable(), i.parentId ?? null);
  return inTransaction(async (tx) => {
    let vId: string;
    let versionNumber = i.versionNumber;
    let parentId: string | null = null;
    let notify: string[] = [];
    if (parentIdInput) {
      const parent = await tx.comment.findUnique({
        where: { id: parentIdInput },
        select: { id: true, parentId: true, line: true, versionId: true, authorId: true, version: { select: { templateId: true, number: true } } },
      });
      if (!parent || parent.version.templateId !== i.templateId) throw notFound("Comment");
      const rootId = parent.parentId ?? parent.id;
      const root = parent.parentId ? await tx.comment.findUnique({ where: { id: rootId }, select: { line: true, authorId: true } }) : parent;
      const thread = await tx.comment.findMany({ where: { OR: [{ id: rootId }, { parentId: rootId }] }, select: { authorId: true } });
      notify = [...new Set(thread.map((c) => c.authorId))].filter((id) => id !== i.authorId);
      parentId = rootId;
      vId = parent.versionId;
      versionNumber = parent.version.number;
      line = root?.line ?? null;
    } else {
      const v = await tx.templateVersion.findUnique({ where: { templateId_number: { templateId: i.templateId, number: i.versionNumber } }, select: { id: true, jinja: true } });
      if (!v) throw notFound(`Version ${i.versionNumber}`);
      if (line !== null && line > v.jinja.split("\n").length) throw validationError(`Version ${i.versionNumber} has no line ${line}`, { line: "No such line" });
      vId = v.id;
    }
    const c = await tx.comment.create({
      data: { versionId: vId, authorId: i.authorId, line, body, parentId },
      include: { author: { select: { id: true, name: true } } },
    });
    await recordAudit(
      { actorId: i.authorId, action: parentId ? "comment.reply" : "comment.create", subjectType: "template", subjectId: i.templateId, details: { versionNumber, commentId: c.id, line } },
      tx,
    );
    await createNotifications(
      notify.map((userId) => ({
        userId,
        kind: "reply" as const,
        message: `${c.author.name ?? "Someone"} replied to a comment on version ${versionNumber}`,
        url: `/review/${i.templateId}#comment-${c.id}`,
        subjectType: "template",
        subjectId: i.templateId,
      })),
      tx,
    );
    return { id: c.id, templateId: i.templateId, versionNumber, parentId, author: c.author, line, body, resolved: false, createdAt: c.createdAt.toISOString() };
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
    parentId: c.parentId,
    author: c.author,
    line: c.line,
    body: c.body,
    resolved: c.resolved,
    createdAt: c.createdAt.toISOString(),
  }));
}

/** Resolves or reopens a thread (give its first comment; a reply resolves its thread). */
export async function setCommentResolved(commentId: string, resolved: boolean, actorId: string, templateId?: string): Promise<void> {
  await inTransaction(async (tx) => {
    const found = await tx.comment.findUnique({ where: { id: commentId }, select: { parentId: true, version: { select: { templateId: true } } } });
    if (!found || (templateId !== undefined && found.version.templateId !== templateId)) throw notFound("Comment");
    if (found.parentId) commentId = found.parentId;
    const c = found;
    await tx.comment.update({ where: { id: commentId }, data: { resolved } });
    await recordAudit(
      { actorId, action: resolved ? "comment.resolve" : "comment.reopen", subjectType: "template", subjectId: c.version.templateId, details: { commentId } },
      tx,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// The workflow: submissions and decisions. Rules come from lib/review/workflow; the policy (who)
// is checked by the caller. Both writes are compare-and-set on the template row, so two people
// acting at once never both win.

const REVIEWER_ROLES = ["reviewer", "admin"];

export interface SubmissionDTO {
  templateId: string;
  versionNumber: number;
  status: ReviewState;
}

async function lastSubmittedAt(tx: Tx | ReturnType<typeof getDb>, templateId: string): Promise<string> {
  const e = await tx.auditEvent.findFirst({
    where: { subjectType: "template", subjectId: templateId, action: "review.submit" },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { at: true },
  });
  return (e?.at ?? new Date(0)).toISOString();
}

/**
 * Puts the template's newest version in review (a newer version replaces one still waiting).
 * Refused (CONFLICT) when lib/review says so, or when the template changed meanwhile.
 * Reviewers (other than the author) are notified.
 */
export async function submitForReview(i: { templateId: string; actorId: string; message?: string }): Promise<SubmissionDTO> {
  const message = parseOrThrow(z.string().trim().max(2_000), i.message ?? "");
  return inTransaction(async (tx) => {
    const t = await tx.template.findUnique({
      where: { id: i.templateId },
      select: { status: true, latestVersion: true, poolVersion: true, reviewVersion: true, name: true, createdById: true },
    });
    if (!t) throw notFound("Template");
    const facts = { status: t.status as ReviewState, latestVersion: t.latestVersion, poolVersion: t.poolVersion, reviewVersion: t.reviewVersion };
    const refusal = submissionRefusal(facts);
    if (refusal) throw new AppError("CONFLICT", refusal);
    const moved = await tx.template.updateMany({
      where: { id: i.templateId, status: t.status, latestVersion: t.latestVersion },
      data: { status: "in_review", reviewVersion: t.latestVersion },
    });
    if (moved.count !== 1) throw new AppError("CONFLICT", "The template changed while you submitted it; reload and try again");
    await recordAudit(
      {
        actorId: i.actorId,
        action: "review.submit",
        subjectType: "template",
        subjectId: i.templateId,
        details: { versionNumber: t.latestVersion, from: t.status, poolVersion: t.poolVersion, ...(message ? { message } : {}) },
      },
      tx,
    );
    const reviewers = await tx.user.findMany({
      where: { role: { in: REVIEWER_ROLES }, disabled: false, id: { notIn: [i.actorId, t.createdById] } },
      select: { id: true },
    });
    await createNotifications(
      reviewers.map((r) => ({
        userId: r.id,
        kind: "review_requested" as const,
        message: `Review requested: ${t.name}, version ${t.latestVersion}`,
        url: `/review/${i.templateId}`,
        subjectType: "template",
        subjectId: i.templateId,
      })),
      tx,
    );
    return { templateId: i.templateId, versionNumber: t.latestVersion, status: "in_review" as const };
  });
}

export interface DecisionDTO {
  review: ReviewDTO;
  status: ReviewState;
  poolVersion: number | null;
  approvals: number;
  approvalsRequired: number;
}

/**
 * Records a reviewer's decision on the version in review. The decision is taken on `versionNumber`,
 * the version the reviewer looked at: if the template is no longer in review on that version (a
 * colleague decided first, or the author submitted a newer one), nothing is written and the
 * CONFLICT says what happened (`details.status`, `details.decidedBy`).
 */
export async function decideReview(i: {
  templateId: string;
  versionNumber: number;
  reviewerId: string;
  decision: ReviewDecision;
  comment?: string;
}): Promise<DecisionDTO> {
  const decision = parseOrThrow(reviewDecisionSchema, i.decision);
  const comment = parseOrThrow(z.string().trim().max(10_000), i.comment ?? "");
  const refusal = decisionRefusal(decision, comment);
  if (refusal) throw validationError(refusal, { comment: refusal });
  return inTransaction(async (tx) => {
    // Claim first: this write locks the row (PostgreSQL) so concurrent deciders queue here, and
    // its WHERE is the compare-and-set on the state this reviewer saw.
    const claimed = await tx.template.updateMany({
      where: { id: i.templateId, status: "in_review", reviewVersion: i.versionNumber },
      data: { status: "in_review" },
    });
    if (claimed.count !== 1) throw await staleDecision(tx, i.templateId, i.versionNumber);
    const t = (await tx.template.findUnique({ where: { id: i.templateId }, select: { name: true, createdById: true, poolVersion: true } }))!;
    const v = (await tx.templateVersion.findUnique({ where: { templateId_number: { templateId: i.templateId, number: i.versionNumber } }, select: { id: true, authorId: true } }))!;
    // The policy already says so; kept here too because a self-approval would be the worst bug.
    if (t.createdById === i.reviewerId || v.authorId === i.reviewerId) throw new AppError("FORBIDDEN", "Nobody reviews their own version");
    const roundStartedAt = await lastSubmittedAt(tx, i.templateId);
    const past = await tx.review.findMany({ where: { versionId: v.id }, select: { reviewerId: true, decision: true, createdAt: true } });
    const approvers = approversInRound(
      past.map((r) => ({ reviewerId: r.reviewerId, decision: reviewDecisionSchema.catch("request_changes").parse(r.decision), createdAt: r.createdAt.toISOString() })),
      roundStartedAt,
    );
    if (decision === "approve" && approvers.has(i.reviewerId)) throw new AppError("CONFLICT", "You already approved this version");
    const required = await getApprovalsRequired(tx);
    const withThis = decision === "approve" ? approvers.size + 1 : approvers.size;
    const outcome = outcomeOf(decision, i.versionNumber, withThis, required);
    const r = await tx.review.create({
      data: { versionId: v.id, reviewerId: i.reviewerId, decision, comment },
      include: { reviewer: { select: { id: true, name: true } } },
    });
    if (outcome.final) {
      await tx.template.update({
        where: { id: i.templateId },
        // An approved version leaves review for the pool; a refused one stays named so its author sees what was decided.
        data: { status: outcome.status, ...(outcome.poolVersion !== undefined ? { poolVersion: outcome.poolVersion, reviewVersion: null } : {}) },
      });
    }
    await recordAudit(
      {
        actorId: i.reviewerId,
        action: "review.decide",
        subjectType: "template",
        subjectId: i.templateId,
        details: { versionNumber: i.versionNumber, decision, status: outcome.status, approvals: withThis, approvalsRequired: required, ...(outcome.poolVersion ? { poolVersion: outcome.poolVersion } : {}) },
      },
      tx,
    );
    const words = { approve: outcome.final ? "approved" : "approved (more approvals needed)", request_changes: "requested changes to", reject: "rejected" }[decision];
    if (t.createdById !== i.reviewerId) {
      await createNotifications(
        [{ userId: t.createdById, kind: "decision", message: `${r.reviewer.name ?? "A reviewer"} ${words} ${t.name}, version ${i.versionNumber}`, url: `/review/${i.templateId}`, subjectType: "template", subjectId: i.templateId }],
        tx,
      );
    }
    return {
      review: { id: r.id, templateId: i.templateId, versionNumber: i.versionNumber, reviewer: r.reviewer, decision, comment, createdAt: r.createdAt.toISOString() },
      status: outcome.status,
      poolVersion: outcome.poolVersion ?? t.poolVersion,
      approvals: withThis,
      approvalsRequired: required,
    };
  });
}

async function staleDecision(tx: Tx, templateId: string, versionNumber: number): Promise<AppError> {
  const t = await tx.template.findUnique({ where: { id: templateId }, select: { status: true, reviewVersion: true } });
  if (!t) return notFound("Template");
  const last = await tx.review.findFirst({
    where: { version: { templateId } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { reviewer: { select: { name: true } }, version: { select: { number: true } } },
  });
  const decidedBy = last && last.version.number === versionNumber ? last.reviewer.name ?? "another reviewer" : null;
  const message =
    t.status === "in_review" && t.reviewVersion !== versionNumber
      ? `Version ${t.reviewVersion} was submitted meanwhile; your decision on version ${versionNumber} was not recorded. Reload to review the new version.`
      : decidedBy
        ? `${decidedBy} decided first (${t.status.replace("_", " ")}); your decision was not recorded. Reload to see theirs.`
        : `Version ${versionNumber} is no longer in review (${t.status.replace("_", " ")}); your decision was not recorded.`;
  return new AppError("CONFLICT", message, { details: { status: t.status, reviewVersion: t.reviewVersion, decidedBy } });
}

export interface ReviewQueueItem {
  templateId: string;
  name: string;
  datasetId: string;
  datasetName: string;
  datasetSubset: string | null;
  author: { id: string; name: string | null };
  versionNumber: number;
  poolVersion: number | null;
  languages: string[];
  submittedAt: string;
  approvals: number;
}

export interface ReviewQueueFilter {
  datasetId?: string;
  language?: string;
  authorId?: string;
  age?: AgeFilter;
}

export interface ReviewQueue {
  items: ReviewQueueItem[];
  /** everything in review, before filtering */
  total: number;
  /** counts over the whole queue, for the filter choices */
  counts: {
    datasets: { id: string; label: string; count: number }[];
    languages: { id: string; label: string; count: number }[];
    authors: { id: string; label: string; count: number }[];
    ages: { id: AgeFilter; count: number }[];
  };
}

function countBy<T>(items: T[], keys: (item: T) => { id: string; label: string }[]): { id: string; label: string; count: number }[] {
  const m = new Map<string, { id: string; label: string; count: number }>();
  for (const item of items) for (const k of keys(item)) {
    const e = m.get(k.id) ?? { ...k, count: 0 };
    e.count += 1;
    m.set(k.id, e);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** Templates waiting for a decision, oldest submission first, with counts for the filters. */
export async function listReviewQueue(filter: ReviewQueueFilter = {}, now = new Date()): Promise<ReviewQueue> {
  const db = getDb();
  const rows = await db.template.findMany({
    where: { status: "in_review", reviewVersion: { not: null } },
    select: {
      id: true,
      name: true,
      datasetId: true,
      reviewVersion: true,
      poolVersion: true,
      dataset: { select: { name: true, subset: true } },
      createdBy: { select: { id: true, name: true } },
    },
  });
  const ids = rows.map((r) => r.id);
  const [versions, submits] = await Promise.all([
    db.templateVersion.findMany({
      where: { templateId: { in: ids } },
      select: { templateId: true, number: true, languagesJson: true, reviews: { select: { reviewerId: true, decision: true, createdAt: true } } },
    }),
    db.auditEvent.findMany({ where: { subjectType: "template", subjectId: { in: ids }, action: "review.submit" }, select: { subjectId: true, at: true } }),
  ]);
  const submittedAt = new Map<string, string>();
  for (const s of submits) {
    const at = s.at.toISOString();
    if ((submittedAt.get(s.subjectId) ?? "") < at) submittedAt.set(s.subjectId, at);
  }
  const all: ReviewQueueItem[] = rows.map((t) => {
    const v = versions.find((x) => x.templateId === t.id && x.number === t.reviewVersion);
    const at = submittedAt.get(t.id) ?? new Date(0).toISOString();
    const approvals = approversInRound(
      (v?.reviews ?? []).map((r) => ({ reviewerId: r.reviewerId, decision: reviewDecisionSchema.catch("request_changes").parse(r.decision), createdAt: r.createdAt.toISOString() })),
      at,
    ).size;
    return {
      templateId: t.id,
      name: t.name,
      datasetId: t.datasetId,
      datasetName: t.dataset.name,
      datasetSubset: t.dataset.subset,
      author: t.createdBy,
      versionNumber: t.reviewVersion!,
      poolVersion: t.poolVersion,
      languages: v ? parseJsonArrayOfStrings(v.languagesJson) : [],
      submittedAt: at,
      approvals,
    };
  });
  all.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.templateId.localeCompare(b.templateId));
  const items = all.filter(
    (q) =>
      (!filter.datasetId || q.datasetId === filter.datasetId) &&
      (!filter.language || q.languages.includes(filter.language)) &&
      (!filter.authorId || q.author.id === filter.authorId) &&
      matchesAge(filter.age, q.submittedAt, now),
  );
  const ages: AgeFilter[] = ["1d", "7d", "30d", "older"];
  return {
    items,
    total: all.length,
    counts: {
      datasets: countBy(all, (q) => [{ id: q.datasetId, label: q.datasetSubset ? `${q.datasetName}/${q.datasetSubset}` : q.datasetName }]),
      languages: countBy(all, (q) => q.languages.map((l) => ({ id: l, label: l }))),
      authors: countBy(all, (q) => [{ id: q.author.id, label: q.author.name ?? q.author.id }]),
      ages: ages.map((id) => ({ id, count: all.filter((q) => matchesAge(id, q.submittedAt, now)).length })),
    },
  };
}

export interface MySubmission {
  templateId: string;
  name: string;
  datasetName: string;
  status: ReviewState;
  latestVersion: number;
  reviewVersion: number | null;
  poolVersion: number | null;
  updatedAt: string;
}

/** The author's templates that were ever submitted, or are drafts, newest change first. */
export async function listMySubmissions(userId: string): Promise<MySubmission[]> {
  const rows = await getDb().template.findMany({
    where: { createdById: userId, status: { not: "archived" } },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    select: { id: true, name: true, status: true, latestVersion: true, reviewVersion: true, poolVersion: true, updatedAt: true, dataset: { select: { name: true, subset: true } } },
  });
  return rows.map((t) => ({
    templateId: t.id,
    name: t.name,
    datasetName: t.dataset.subset ? `${t.dataset.name}/${t.dataset.subset}` : t.dataset.name,
    status: t.status as ReviewState,
    latestVersion: t.latestVersion,
    reviewVersion: t.reviewVersion,
    poolVersion: t.poolVersion,
    updatedAt: t.updatedAt.toISOString(),
  }));
}

/** The review facts of one template (for the review page and the policy). */
export async function getReviewFacts(templateId: string): Promise<{ reviewVersion: number | null; reviewAuthorId: string | null; submittedAt: string | null } | null> {
  const t = await getDb().template.findUnique({ where: { id: templateId }, select: { reviewVersion: true } });
  if (!t) return null;
  if (t.reviewVersion === null) return { reviewVersion: null, reviewAuthorId: null, submittedAt: null };
  const v = await getDb().templateVersion.findUnique({ where: { templateId_number: { templateId, number: t.reviewVersion } }, select: { authorId: true } });
  const at = await lastSubmittedAt(getDb(), templateId);
  return { reviewVersion: t.reviewVersion, reviewAuthorId: v?.authorId ?? null, submittedAt: at === new Date(0).toISOString() ? null : at };
}
