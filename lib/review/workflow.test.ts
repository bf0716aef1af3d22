import { describe, expect, it } from "vitest";
import { approversInRound, decisionRefusal, matchesAge, outcomeOf, parseApprovalsRequired, stateAfterUnarchive, submissionRefusal, type TemplateReviewFacts } from "./workflow";

const facts = (f: Partial<TemplateReviewFacts>): TemplateReviewFacts => ({ status: "draft", latestVersion: 1, poolVersion: null, reviewVersion: null, ...f });

describe("submissionRefusal", () => {
  it.each([
    ["a first draft", facts({}), null],
    ["after changes were requested, a new version", facts({ status: "changes_requested", latestVersion: 2, reviewVersion: 1 }), null],
    ["a rejected template again", facts({ status: "rejected", reviewVersion: 1 }), null],
    ["a newer version while an older one is in review", facts({ status: "in_review", latestVersion: 3, reviewVersion: 2 }), null],
    ["a new draft of an approved template", facts({ status: "approved", latestVersion: 3, poolVersion: 2 }), null],
  ] as const)("allows %s", (_l, f, expected) => expect(submissionRefusal(f)).toBe(expected));

  it.each([
    ["the version already in review", facts({ status: "in_review", latestVersion: 2, reviewVersion: 2 }), /already in review/],
    ["the pool version itself", facts({ status: "approved", latestVersion: 2, poolVersion: 2 }), /already in the pool/],
    ["an archived template", facts({ status: "archived" }), /archived/],
  ] as const)("refuses %s", (_l, f, pattern) => expect(submissionRefusal(f)).toMatch(pattern));
});

describe("decisions", () => {
  it("needs a comment to request changes or reject, not to approve", () => {
    expect(decisionRefusal("request_changes", "  ")).toMatch(/needs a comment/);
    expect(decisionRefusal("reject", "")).toMatch(/needs a comment/);
    expect(decisionRefusal("request_changes", "fix line 2")).toBeNull();
    expect(decisionRefusal("approve", "")).toBeNull();
  });

  it.each([
    ["request_changes", 0, 1, { status: "changes_requested", final: true }],
    ["reject", 0, 1, { status: "rejected", final: true }],
    ["approve", 1, 1, { status: "approved", poolVersion: 4, final: true }],
    ["approve", 1, 2, { status: "in_review", final: false }],
    ["approve", 2, 2, { status: "approved", poolVersion: 4, final: true }],
  ] as const)("%s with %i of %i approvals", (decision, have, need, expected) => {
    expect(outcomeOf(decision, 4, have, need)).toEqual(expected);
  });

  it("counts distinct approvers since the round started", () => {
    const reviews = [
      { reviewerId: "a", decision: "approve", createdAt: "2026-01-01T00:00:00.000Z" },
      { reviewerId: "b", decision: "approve", createdAt: "2026-01-03T00:00:00.000Z" },
      { reviewerId: "b", decision: "approve", createdAt: "2026-01-04T00:00:00.000Z" },
      { reviewerId: "c", decision: "request_changes", createdAt: "2026-01-05T00:00:00.000Z" },
    ] as const;
    expect([...approversInRound(reviews, "2026-01-02T00:00:00.000Z")]).toEqual(["b"]);
  });
});

describe("settings and filters", () => {
  it.each([
    [null, 1],
    ["2", 2],
    ["0", 1],
    ["99", 1],
    ["1.5", 1],
  ] as const)("approvals required from %s is %i", (raw, n) => expect(parseApprovalsRequired(raw)).toBe(n));

  it("buckets submissions by age", () => {
    const now = new Date("2026-02-01T00:00:00Z");
    expect(matchesAge("1d", "2026-01-31T12:00:00Z", now)).toBe(true);
    expect(matchesAge("1d", "2026-01-29T12:00:00Z", now)).toBe(false);
    expect(matchesAge("7d", "2026-01-29T12:00:00Z", now)).toBe(true);
    expect(matchesAge("older", "2025-12-01T00:00:00Z", now)).toBe(true);
    expect(matchesAge("older", "2026-01-29T00:00:00Z", now)).toBe(false);
    expect(matchesAge(undefined, "2000-01-01T00:00:00Z", now)).toBe(true);
  });
});

describe("stateAfterUnarchive", () => {
  it("returns a template with an approved version to the pool, and any other to the drafts", () => {
    expect(stateAfterUnarchive(facts({ status: "archived", poolVersion: 2, latestVersion: 3 }))).toBe("approved");
    expect(stateAfterUnarchive(facts({ status: "archived", poolVersion: null, reviewVersion: 1 }))).toBe("draft");
  });
});
