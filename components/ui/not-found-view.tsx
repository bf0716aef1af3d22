import Link from "next/link";

export function NotFoundView({ what = "page" }: { what?: string }) {
  return (
    <div className="error-page">
      <h1>This {what} does not exist</h1>
      <p className="muted">It may have been removed, or the link is wrong.</p>
      <div className="actions" style={{ justifyContent: "center" }}>
        <Link href="/datasets" className="button secondary">
          Browse datasets
        </Link>
        <Link href="/" className="button">
          Back to the pool
        </Link>
      </div>
    </div>
  );
}
