"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

type Result = { ok: true; data: { name: string; templateCount: number } } | { ok: false; error: { message: string; fields?: Record<string, string> } };

export function PublishReleaseForm({ suggestedName, approved, publish }: { suggestedName: string; approved: number; publish: (input: { name: string; notes: string }) => Promise<Result> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function submit(form: FormData) {
    setMessage(null);
    start(async () => {
      const result = await publish({ name: String(form.get("name") ?? ""), notes: String(form.get("notes") ?? "") });
      if (result.ok) setMessage({ ok: true, text: `Published release ${result.data.name} with ${result.data.templateCount} templates` });
      else setMessage({ ok: false, text: result.error.fields?.name ?? result.error.message });
      router.refresh();
    });
  }

  return (
    <form className="form card" action={submit} aria-label="Publish release">
      <h2>Publish release</h2>
      <p className="muted">Freezes the {approved} approved template versions into an immutable, named release. Its downloads are the same bytes forever.</p>
      <label>
        Name
        <input name="name" defaultValue={suggestedName} required maxLength={64} />
      </label>
      <label>
        Notes
        <textarea name="notes" rows={3} maxLength={10_000} />
      </label>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Publishing…" : "Publish release"}
        </button>
      </div>
      {message ? (
        <p className={message.ok ? "alert alert-ok" : "alert alert-error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
