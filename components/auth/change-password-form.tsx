"use client";

import { useState, type FormEvent } from "react";

type ChangePasswordResult =
  | { ok: true; data: { changed: boolean } }
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

export function ChangePasswordForm({
  changePassword,
}: {
  changePassword: (input: { currentPassword: string; newPassword: string }) => Promise<ChangePasswordResult>;
}) {
  const [status, setStatus] = useState<{ kind: "error" | "done"; text: string } | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setStatus(null);
    setFields({});
    const result = await changePassword({
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword: String(form.get("newPassword") ?? ""),
    });
    setBusy(false);
    if (!result.ok) {
      setFields(result.error.fields ?? {});
      setStatus({ kind: "error", text: result.error.message });
      return;
    }
    formElement.reset();
    setStatus({ kind: "done", text: "Your password has been changed." });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Change password">
      {status ? (
        <div className={status.kind === "error" ? "alert alert-error" : "alert alert-ok"} role={status.kind === "error" ? "alert" : "status"}>
          {status.text}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="currentPassword">Current password</label>
        <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required aria-invalid={Boolean(fields.currentPassword)} />
        {fields.currentPassword ? <span className="field-error">{fields.currentPassword}</span> : null}
      </div>
      <div className="field">
        <label htmlFor="newPassword">New password</label>
        <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required aria-invalid={Boolean(fields.newPassword)} />
        {fields.newPassword ? <span className="field-error">{fields.newPassword}</span> : null}
      </div>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
