import Link from "next/link";
import type { LineNote } from "@/lib/review/line-notes";

/** The open review threads marked in the editor's gutter, as a list (keyboard and screen readers). */
export function ReviewNotes({ templateId, notes }: { templateId: string; notes: readonly LineNote[] }) {
  return (
    <div className="review-notes">
      <h3 className="small">Open review comments ({notes.length})</h3>
      <ul className="list-plain small" aria-label="Open review comments">
        {notes.map((n) => (
          <li key={n.threadId}>
            <span className="comment-glyph-inline" aria-hidden="true" /> Line {n.line}
            {n.moved ? <span className="muted"> (was line {n.originalLine} of version {n.versionNumber}, changed since)</span> : null}:{" "}
            <strong>{n.authorName}</strong> {n.body}{" "}
            <Link href={`/review/${templateId}#comment-${n.threadId}`}>
              {n.replies ? `${n.replies} repl${n.replies === 1 ? "y" : "ies"}, answer` : "Answer"}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
