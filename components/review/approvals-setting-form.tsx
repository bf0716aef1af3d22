"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResultLike } from "./action-result";

export type SaveApprovals = (input: { approvalsRequired: number }) => Promise<ActionResultLike<{ approvalsRequired: number }>>;

export function ApprovalsSettingForm({ value, max, save }: { value: number; max: number; save: SaveApprovals }) {
  const router = useRouter();
  const [n, setN] = useState(String(value));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await save({ approvalsRequired: Number(n) });
          setMessage(r.ok ? { ok: true, text: `Saved: ${r.data.approvalsRequired} approval${r.data.approvalsRequired === 1 ? "" : "s"} needed.` } : { ok: false, text: r.error.message });
          router.refresh();
        });
      }}
    >
      <div className="field">
        <label htmlFor="approvals-required">Approvals required</label>
        <input id="approvals-required" type="number" min={1} max={max} value={n} onChange={(e) => setN(e.target.value)} />
        <p className="muted small">Distinct reviewers who must approve a version before it enters the pool (1–{max}). Applies to decisions from now on.</p>
      </div>
      <button type="submit" disabled={pending}>
        Save
      </button>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "alert alert-ok" : "alert alert-error"}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
