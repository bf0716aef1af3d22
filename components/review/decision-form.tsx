"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResultLike } from "./action-result";

type Decision = "approve" | "request_changes" | "reject";
export type DecideReview = (input: { templateId: string; versionNumber: number; decision: Decision; comment: string }) => Promise<
  ActionResultLike<{ status: string; poolVersion: number | null; approvals: number; approvalsRequired: number }>
>;

/**
 * Approve, request changes or reject the version the reviewer is looking at. A colleague who
 * decided first wins: the server refuses this one (CONFLICT), we say so and reload the page.
 */
export function DecisionForm({
  templateId,
  versionNumber,
  decide,
  closedReason,
}: {
  templateId: string;
  versionNumber: number;
  decide: DecideReview;
  /** Why no decision can be taken now (kept mounted so the outcome of the last attempt stays visible). */
  closedReason: string | null;
}) {
  const router = useRouter();
  const [comment, setComment] = useState("");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (decision: Decision) =>
    start(async () => {
      const r = await decide({ templateId, versionNumber, decision, comment });
      if (r.ok) {
        setComment("");
        setMessage({
          ok: true,
          text:
            r.data.status === "approved"
              ? `Approved: version ${r.data.poolVersion} is now in the pool.`
              : r.data.status === "in_review"
                ? `Approval recorded (${r.data.approvals} of ${r.data.approvalsRequired}).`
                : `Decision recorded: ${r.data.status.replace("_", " ")}.`,
        });
      } else {
        setMessage({ ok: false, text: r.error.message });
      }
      router.refresh();
    });
  return (
    <div className="decision-form">
      {closedReason ? <p className="muted">{closedReason}</p> : null}
      {closedReason ? null : (
        <>
      <label htmlFor="decision-comment">Decision comment</label>
      <textarea id="decision-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Required to request changes or reject" />
      <div className="studio-actions">
        <button type="button" disabled={pending} onClick={() => run("approve")}>
          Approve
        </button>
        <button type="button" className="secondary" disabled={pending} onClick={() => run("request_changes")}>
          Request changes
        </button>
        <button type="button" className="danger" disabled={pending} onClick={() => run("reject")}>
          Reject
        </button>
      </div>
        </>
      )}
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "alert alert-ok" : "alert alert-error"}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
