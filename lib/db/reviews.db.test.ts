import { beforeAll, expect, it } from "vitest";
import { AppError } from "../errors";
import { listAuditEvents } from "./audit";
import { countUnreadNotifications, listNotifications, markNotificationsRead } from "./notifications";
import { addComment, decideReview, listComments, listMySubmissions, listReviewQueue, listReviews, setCommentResolved, submitForReview } from "./reviews";
import { getApprovalsRequired, setApprovalsRequired } from "./settings";
import { createTemplate, getTemplate } from "./templates";
import { createVersion } from "./versions";
import { describeDb } from "./testing/harness";
import { makeDataset, makeUser, sampleVersion } from "./testing/fixtures";

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

describeDb("review workflow", (db) => {
  let author: string;
  let rita: string;
  let rob: string;
  let datasetId: string;
  let n = 0;
  const newTemplate = async () => (await createTemplate({ datasetId, name: `t${++n}`, createdById: author, version: sampleVersion("v1 {{text}} ||| x") })).id;

  beforeAll(async () => {
    author = (await makeUser()).id;
    rita = (await makeUser("reviewer")).id;
    rob = (await makeUser("reviewer")).id;
    datasetId = (await makeDataset()).id;
  });

  it("submit → request changes (needs a comment) → resubmit → approve moves the pool; newer drafts do not", async () => {
    const id = await newTemplate();
    const s = await submitForReview({ templateId: id, actorId: author });
    expect(s).toEqual({ templateId: id, versionNumber: 1, status: "in_review" });
    expect((await errorOf(submitForReview({ templateId: id, actorId: author }))).message).toMatch(/already in review/);
    expect((await listNotifications(rita)).map((x) => [x.kind, x.url])).toContainEqual(["review_requested", `/review/${id}`]);

    expect((await errorOf(decideReview({ templateId: id, versionNumber: 1, reviewerId: rita, decision: "request_changes", comment: " " }))).code).toBe("VALIDATION");
    const d1 = await decideReview({ templateId: id, versionNumber: 1, reviewerId: rita, decision: "request_changes", comment: "Say please" });
    expect([d1.status, d1.poolVersion]).toEqual(["changes_requested", null]);
    expect((await listNotifications(author))[0]).toMatchObject({ kind: "decision", read: false });

    await createVersion({ templateId: id, baseVersion: 1, authorId: author, version: sampleVersion("v2 please {{text}} ||| x") });
    await submitForReview({ templateId: id, actorId: author });
    const d2 = await decideReview({ templateId: id, versionNumber: 2, reviewerId: rita, decision: "approve" });
    expect([d2.status, d2.poolVersion, d2.approvals]).toEqual(["approved", 2, 1]);
    let t = await getTemplate(id);
    expect([t?.status, t?.poolVersion]).toEqual(["approved", 2]);

    // A newer draft leaves the pool version alone, in review too, until it is approved itself.
    await createVersion({ templateId: id, baseVersion: 2, authorId: author, version: sampleVersion("v3 {{text}} ||| x") });
    t = await getTemplate(id);
    expect([t?.status, t?.poolVersion, t?.latestVersion]).toEqual(["approved", 2, 3]);
    await submitForReview({ templateId: id, actorId: author });
    t = await getTemplate(id);
    expect([t?.status, t?.poolVersion]).toEqual(["in_review", 2]);
    await decideReview({ templateId: id, versionNumber: 3, reviewerId: rob, decision: "reject", comment: "No" });
    t = await getTemplate(id);
    expect([t?.status, t?.poolVersion]).toEqual(["rejected", 2]);

    expect((await listReviews(id)).map((r) => [r.versionNumber, r.decision])).toEqual([[1, "request_changes"], [2, "approve"], [3, "reject"]]);
    const actions = (await listAuditEvents({ subjectType: "template", subjectId: id, action: "review." })).map((e) => e.action).reverse();
    expect(actions).toEqual(["review.submit", "review.decide", "review.submit", "review.decide", "review.submit", "review.decide"]);
    expect((await listMySubmissions(author)).find((m) => m.templateId === id)).toMatchObject({ status: "rejected", reviewVersion: 3, poolVersion: 2 });
  });

  it("refuses the author's own decision even if the caller skipped the policy", async () => {
    const id = await newTemplate();
    await submitForReview({ templateId: id, actorId: author });
    expect((await errorOf(decideReview({ templateId: id, versionNumber: 1, reviewerId: author, decision: "approve" }))).code).toBe("FORBIDDEN");
    expect((await getTemplate(id))?.poolVersion).toBeNull();
  });

  it("two reviewers deciding at once: one decision stands, the other gets CONFLICT and nothing of it is written", async () => {
    const id = await newTemplate();
    await submitForReview({ templateId: id, actorId: author });
    const results = await Promise.allSettled([
      decideReview({ templateId: id, versionNumber: 1, reviewerId: rita, decision: "approve" }),
      decideReview({ templateId: id, versionNumber: 1, reviewerId: rob, decision: "request_changes", comment: "wait" }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect(lost[0].reason).toBeInstanceOf(AppError);
    expect((lost[0].reason as AppError).code).toBe("CONFLICT");
    expect((lost[0].reason as AppError).message).toMatch(/decided first/);
    const reviews = await listReviews(id);
    expect(reviews).toHaveLength(1);
    const t = await getTemplate(id);
    expect(t?.status).toBe(reviews[0].decision === "approve" ? "approved" : "changes_requested");
    expect((await listAuditEvents({ subjectType: "template", subjectId: id, action: "review.decide" })).length).toBe(1);
  });

  it("with two approvals required, concurrent approvals from two reviewers approve exactly once", async () => {
    await setApprovalsRequired(2, rita);
    try {
      expect(await getApprovalsRequired()).toBe(2);
      const id = await newTemplate();
      await submitForReview({ templateId: id, actorId: author });
      const first = await decideReview({ templateId: id, versionNumber: 1, reviewerId: rita, decision: "approve" });
      expect([first.status, first.approvals]).toEqual(["in_review", 1]);
      expect((await errorOf(decideReview({ templateId: id, versionNumber: 1, reviewerId: rita, decision: "approve" }))).message).toMatch(/already approved/);
      expect((await listReviewQueue()).items.find((q) => q.templateId === id)?.approvals).toBe(1);

      const id2 = await newTemplate();
      await submitForReview({ templateId: id2, actorId: author });
      await Promise.all([
        decideReview({ templateId: id2, versionNumber: 1, reviewerId: rita, decision: "approve" }),
        decideReview({ templateId: id2, versionNumber: 1, reviewerId: rob, decision: "approve" }),
      ]);
      const t = await getTemplate(id2);
      expect([t?.status, t?.poolVersion]).toEqual(["approved", 1]);
    } finally {
      await setApprovalsRequired(1, rita);
    }
  });

  it("a decision on a version that is no longer the one in review is refused", async () => {
    const id = await newTemplate();
    await submitForReview({ templateId: id, actorId: author });
    await createVersion({ templateId: id, baseVersion: 1, authorId: author, version: sampleVersion("v2 {{text}} ||| x") });
    await submitForReview({ templateId: id, actorId: author });
    const e = await errorOf(decideReview({ templateId: id, versionNumber: 1, reviewerId: rita, decision: "approve" }));
    expect([e.code, e.details?.reviewVersion]).toEqual(["CONFLICT", 2]);
  });

  it("threads: replies join the root's line, notify the thread, resolve as a whole", async () => {
    const id = await newTemplate();
    const root = await addComment({ templateId: id, versionNumber: 1, authorId: rita, line: 1, body: "Why v1?" });
    expect((await errorOf(addComment({ templateId: id, versionNumber: 1, authorId: rita, line: 9, body: "x" }))).code).toBe("VALIDATION");
    const before = await countUnreadNotifications(rita);
    const reply = await addComment({ templateId: id, versionNumber: 1, authorId: author, parentId: root.id, body: "Because" });
    const nested = await addComment({ templateId: id, versionNumber: 1, authorId: rita, parentId: reply.id, body: "ok" });
    expect([reply.parentId, reply.line, nested.parentId]).toEqual([root.id, 1, root.id]);
    expect(await countUnreadNotifications(rita)).toBe(before + 1);
    expect((await listNotifications(author))[0]).toMatchObject({ kind: "reply" });
    await setCommentResolved(nested.id, true, author);
    const comments = await listComments(id);
    expect(comments.find((c) => c.id === root.id)?.resolved).toBe(true);
    expect(await markNotificationsRead(rita)).toBeGreaterThan(0);
    expect(await countUnreadNotifications(rita)).toBe(0);
    const other = await newTemplate();
    expect((await errorOf(addComment({ templateId: other, versionNumber: 1, authorId: rita, parentId: root.id, body: "x" }))).code).toBe("NOT_FOUND");
  });

  it("the queue filters by dataset, language, author and age, with counts over the whole queue", async () => {
    const otherDataset = (await makeDataset()).id;
    const fr = (await createTemplate({ datasetId: otherDataset, name: "fr", createdById: rob, version: { ...sampleVersion(), metadata: { originalTask: null, choicesInPrompt: null, metrics: [], languages: ["fr"] } } })).id;
    await submitForReview({ templateId: fr, actorId: rob });
    const all = await listReviewQueue();
    expect(all.items.map((q) => q.templateId)).toContain(fr);
    expect((await listReviewQueue({ language: "fr" })).items.map((q) => q.templateId)).toEqual([fr]);
    expect((await listReviewQueue({ datasetId: otherDataset })).items.map((q) => q.templateId)).toEqual([fr]);
    expect((await listReviewQueue({ authorId: rob })).items.map((q) => q.templateId)).toEqual([fr]);
    expect((await listReviewQueue({ age: "older" })).items).toEqual([]);
    expect(all.counts.languages.find((l) => l.id === "fr")?.count).toBe(1);
    expect(all.counts.ages.find((a) => a.id === "1d")?.count).toBe(all.total);
    // reviewers other than the submitter were told; the submitter was not
    expect((await listNotifications(rita)).some((x) => x.url === `/review/${fr}`)).toBe(true);
    expect((await listNotifications(rob)).some((x) => x.url === `/review/${fr}` && x.kind === "review_requested")).toBe(false);
    void db;
  });
});
