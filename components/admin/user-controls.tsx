"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

type Result = { ok: true; data: unknown } | { ok: false; error: { message: string } };
const ROLES = ["contributor", "reviewer", "admin"] as const;

export function UserControls({
  userId,
  label,
  role,
  disabled,
  editable,
  changeRole,
  changeDisabled,
}: {
  userId: string;
  label: string;
  role: (typeof ROLES)[number];
  disabled: boolean;
  editable: boolean;
  changeRole: (input: { userId: string; role: string }) => Promise<Result>;
  changeDisabled: (input: { userId: string; disabled: boolean }) => Promise<Result>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function run(call: () => Promise<Result>) {
    setError(null);
    start(async () => {
      const result = await call();
      if (!result.ok) setError(result.error.message);
      router.refresh();
    });
  }

  return (
    <div style={{ display: "flex", gap: "0.5rem", alignItems: "center", flexWrap: "wrap" }}>
      <select
        aria-label={`Role of ${label}`}
        value={role}
        disabled={!editable || pending}
        onChange={(e) => run(() => changeRole({ userId, role: e.target.value }))}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={disabled ? "secondary small" : "danger small"}
        disabled={!editable || pending}
        onClick={() => run(() => changeDisabled({ userId, disabled: !disabled }))}
      >
        {disabled ? "Enable" : "Disable"}
      </button>
      {error ? <span className="field-error small">{error}</span> : null}
    </div>
  );
}
