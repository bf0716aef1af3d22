"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { safeReturnPath } from "./safe-return";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  RATE_LIMITED: "Too many failed attempts. Wait a few minutes and try again.",
  ACCOUNT_DISABLED: "This account is disabled. Ask an administrator.",
  OAuthAccountNotLinked: "This email already has an account. Sign in with your password.",
  AccessDenied: "Sign-in was refused.",
};

export function signInMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? "Sign-in failed. Please try again.";
}

export function SignInForm({
  callbackUrl,
  initialError,
  github,
}: {
  callbackUrl: string;
  initialError: string | null;
  github: boolean;
}) {
  const [error, setError] = useState<string | null>(signInMessage(initialError));
  const [busy, setBusy] = useState(false);
  const target = safeReturnPath(callbackUrl);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", {
      redirect: false,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    if (!result || result.error) {
      setBusy(false);
      setError(signInMessage(result?.error ?? "unknown"));
      return;
    }
    // A full load so the layout and every server component see the new session.
    window.location.assign(target);
  }

  return (
    <div className="form">
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {github ? (
        <>
          <div className="divider">or</div>
          <button type="button" className="secondary" onClick={() => signIn("github", { callbackUrl: target })}>
            Sign in with GitHub
          </button>
        </>
      ) : null}
      <p className="muted small">
        No account yet? <Link href="/sign-up">Create one</Link>.
      </p>
    </div>
  );
}
