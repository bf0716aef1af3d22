"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

type SignUpResult =
  | { ok: true; data: { id: string; role: string } }
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

export function SignUpForm({ signUp }: { signUp: (input: { name: string; email: string; password: string }) => Promise<SignUpResult> }) {
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    setBusy(true);
    setError(null);
    setFields({});
    const result = await signUp(input);
    if (!result.ok) {
      setBusy(false);
      setFields(result.error.fields ?? {});
      setError(result.error.code === "CONFLICT" ? "An account with this email already exists." : result.error.message);
      return;
    }
    const signedIn = await signIn("credentials", { redirect: false, email: input.email, password: input.password });
    window.location.assign(signedIn?.ok ? "/" : "/sign-in");
  }

  const fieldError = (name: string) =>
    fields[name] ? (
      <span className="field-error" id={`${name}-error`}>
        {fields[name]}
      </span>
    ) : null;

  return (
    <div className="form">
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="name">Name</label>
          <input id="name" name="name" type="text" autoComplete="name" required aria-invalid={Boolean(fields.name)} />
          {fieldError("name")}
        </div>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required aria-invalid={Boolean(fields.email)} />
          {fieldError("email")}
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={Boolean(fields.password)}
          />
          <span className="hint">At least 8 characters.</span>
          {fieldError("password")}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Creating account…" : "Create account"}
        </button>
      </form>
      <p className="muted small">
        Already have an account? <Link href="/sign-in">Sign in</Link>.
      </p>
    </div>
  );
}
