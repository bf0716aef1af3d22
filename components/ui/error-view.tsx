"use client";

import Link from "next/link";

/** What every error boundary shows: never the error's message, only a reference to find it in the logs. */
export function ErrorView({ error, reset }: { error: Error & { digest?: string }; reset?: () => void }) {
  const ref = error.digest ?? "client";
  return (
    <div className="error-page" role="alert">
      <h1>Something went wrong (ref {ref})</h1>
      <p className="muted">The problem was logged. You can try again, or go back to the pool.</p>
      <div className="actions" style={{ justifyContent: "center" }}>
        {reset ? (
          <button type="button" onClick={() => reset()}>
            Try again
          </button>
        ) : null}
        <Link href="/" className="button secondary">
          Back to the pool
        </Link>
      </div>
    </div>
  );
}
