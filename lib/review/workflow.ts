/**
 * The review workflow's rules, framework-free. lib/db applies them inside its transactions (so a
 * rule and the write it allows see the same row); pages use them to say why a button is missing.
 *
 * States of a template: draft → in_review → approved | changes_requested | rejected; archived aside.
 * - `reviewVersion` is the version under review (kept after changes are requested or it is rejected,
 *   so the author sees what the decision was about); `poolVersion` is the approved one in the pool.
 * - Submitting puts the newest version in review; newer drafts never touch `poolVersion`.
 * - Approving needs `approvalsRequired` approvals from distinct reviewers in the current round (since
 *   the last submission); the last one makes the version the pool version. Requesting changes or
 *   rejecting ends the round at once and needs a comment.
 */
export type ReviewState = "draft" | "in_review" | "approved" | "changes_requested" | "rejected" | "archived";
export type Decision = "approve" | "request_changes" | "reject";

export const DEFAULT_APPROVALS_REQUIRED = 1;
export const MAX_APPROVALS_REQUIRED = 5;
export const APPROVALS_SETTING = "review.approvalsRequired";

export interface TemplateReviewFacts {
  status: ReviewState;
  latestVersion: number;
  poolVersion: number | null;
  reviewVersion: number | null;
}

/** Why the newest version cannot be submitted now, or null when it can. */
export function submissionRefusal(t: TemplateReviewFacts): string | null {
  if (t.status === "archived") return "An archived template cannot be submitted";
  if (t.status === "in_review" && t.reviewVersion === t.latestVersion) return `Version ${t.latestVersion} is already in review`;
  if (t.poolVersion !== null && t.poolVersion >= t.latestVersion) return `Version ${t.latestVersion} is already in the pool; save a new version first`;
  return null;
}

/** Why this decision cannot be taken (besides who takes it: that is the policy's), or null. */
export function decisionRefusal(decision: Decision, comment: string): string | null {
  if (decision !== "approve" && comment.trim() === "") {
    return decision === "request_changes" ? "Say what should change: requesting changes needs a comment" : "Say why: rejecting needs a comment";
  }
  return null;
}

export interface PastReview {
  reviewerId: string;
  decision: Decision;
  /** ISO time */
  createdAt: string;
}

/** Reviewers who approved the version in the round that started at `roundStartedAt` (ISO). */
export function approversInRound(reviews: readonly PastReview[], roundStartedAt: string): Set<string> {
  const approvers = new Set<string>();
  for (const r of reviews) if (r.createdAt >= roundStartedAt && r.decision === "approve") approvers.add(r.reviewerId);
  return approvers;
}

export interface DecisionOutcome {
  status: ReviewState;
  /** set to a number when the version enters the pool; undefined keeps it */
  poolVersion?: number;
  /** true when this decision ends the round */
  final: boolean;
}

/** What a decision does to the template, given how many distinct approvals the round has with it. */
export function outcomeOf(decision: Decision, reviewVersion: number, approvalsWithThis: number, approvalsRequired: number): DecisionOutcome {
  if (decision === "request_changes") return { status: "changes_requested", final: true };
  if (decision === "reject") return { status: "rejected", final: true };
  if (approvalsWithThis >= approvalsRequired) return { status: "approved", poolVersion: reviewVersion, final: true };
  return { status: "in_review", final: false };
}

export function parseApprovalsRequired(value: string | null | undefined): number {
  const n = value === null || value === undefined ? NaN : Number(JSON.parse(value));
  return Number.isInteger(n) && n >= 1 && n <= MAX_APPROVALS_REQUIRED ? n : DEFAULT_APPROVALS_REQUIRED;
}

export const AGE_FILTERS = { "1d": 1, "7d": 7, "30d": 30 } as const;
export type AgeFilter = keyof typeof AGE_FILTERS | "older";

/** Whether a submission made at `submittedAt` falls into the age bucket (waiting at most N days, or more than 30). */
export function matchesAge(age: AgeFilter | undefined, submittedAt: string, now: Date): boolean {
  if (!age) return true;
  const days = (now.getTime() - Date.parse(submittedAt)) / 86_400_000;
  return age === "older" ? days > 30 : days <= AGE_FILTERS[age];
}

export const STATE_LABELS: Record<ReviewState, string> = {
  draft: "draft",
  in_review: "in review",
  approved: "approved",
  changes_requested: "changes requested",
  rejected: "rejected",
  archived: "archived",
};

/**
 * Where unarchiving puts a template: back in the pool with its approved version (a reviewer approved
 * it and archiving did not change it), or a draft when it never had one (a review that was under way
 * when it was archived starts over).
 */
export function stateAfterUnarchive(t: Pick<TemplateReviewFacts, "poolVersion">): "approved" | "draft" {
  return t.poolVersion !== null ? "approved" : "draft";
}
