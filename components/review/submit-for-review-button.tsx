"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResultLike } from "./action-result";

export type SubmitForReview = (input: { templateId: string; message?: string }) => Promise<ActionResultLike<{ versionNumber: number }>>;

/** "Submit for review": puts the template's newest saved version in the review queue. */
export function SubmitForReviewButton({
  templateId,
  onSubmit,
  blockedReason,
}: {
  templateId: string;
  onSubmit: SubmitForReview;
  /** Why submitting makes no sense right now (e.g. unsaved edits), or null. */
  blockedReason?: string | null;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="submit-for-review">
      <button
        type="button"
        className="secondary"
        disabled={pending || Boolean(blockedReason)}
        title={blockedReason ?? undefined}
        onClick={() =>
          start(async () => {
            const r = await onSubmit({ templateId });
            setResult(r.ok ? { ok: true, text: `Version ${r.data.versionNumber} is in review.` } : { ok: false, text: r.error.message });
            if (r.ok) router.refresh();
          })
        }
      >
        {pending ? "Submitting…" : "Submit for review"}
      </button>
      {blockedReason ? <span className="muted small"> {blockedReason}</span> : null}
      {result ? (
        <span role={result.ok ? "status" : "alert"} className={result.ok ? "small ok-text" : "small error-text"}>
          {" "}
          {result.text} {result.ok ? <Link href={`/review/${templateId}`}>Open the review</Link> : null}
        </span>
      ) : null}
    </span>
  );
}
