"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResultLike } from "./action-result";

export interface CommentView {
  id: string;
  versionNumber: number;
  parentId: string | null;
  authorName: string;
  line: number | null;
  body: string;
  resolved: boolean;
  createdAt: string;
}

export type AddComment = (input: { templateId: string; versionNumber: number; line: number | null; parentId: string | null; body: string }) => Promise<ActionResultLike>;
export type ResolveThread = (input: { templateId: string; commentId: string; resolved: boolean }) => Promise<ActionResultLike>;

interface Thread {
  root: CommentView;
  replies: CommentView[];
}

function threadsOf(comments: CommentView[]): Thread[] {
  const roots = comments.filter((c) => c.parentId === null);
  return roots.map((root) => ({ root, replies: comments.filter((c) => c.parentId === root.id) }));
}

function CommentForm({ label, submitLabel, onSend }: { label: string; submitLabel: string; onSend(body: string): Promise<string | null> }) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      className="comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const problem = await onSend(body);
          setError(problem);
          if (!problem) setBody("");
        });
      }}
    >
      <textarea aria-label={label} rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
      <button type="submit" className="small" disabled={pending || body.trim() === ""}>
        {submitLabel}
      </button>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/**
 * The version's jinja with line numbers and a gutter: a marker on lines that have threads and a
 * button to start one; then every thread (replies, resolve/reopen). Read-only text: comments are
 * about a saved version.
 */
export function ReviewComments({
  templateId,
  versionNumber,
  jinja,
  comments,
  canComment,
  addComment,
  resolveThread,
}: {
  templateId: string;
  versionNumber: number;
  jinja: string;
  comments: CommentView[];
  canComment: boolean;
  addComment: AddComment;
  resolveThread: ResolveThread;
}) {
  const router = useRouter();
  const [openLine, setOpenLine] = useState<number | null>(null);
  const [pending, start] = useTransition();
  const threads = threadsOf(comments);
  const lines = jinja.split("\n");
  const onLine = (n: number) => threads.filter((t) => t.root.versionNumber === versionNumber && t.root.line === n);
  const send = async (input: { line: number | null; parentId: string | null; body: string }) => {
    const r = await addComment({ templateId, versionNumber, ...input });
    if (!r.ok) return r.error.message;
    router.refresh();
    return null;
  };

  return (
    <div className="review-comments">
      <ol className="code-lines" aria-label={`Template of version ${versionNumber}, by line`}>
        {lines.map((text, i) => {
          const n = i + 1;
          const here = onLine(n);
          const open = here.filter((t) => !t.root.resolved).length;
          return (
            <li key={n} className={here.length ? "code-line has-comments" : "code-line"} data-line={n}>
              <span className="gutter">
                <span className="line-no">{n}</span>
                {here.length ? (
                  <a href={`#comment-${here[0].root.id}`} className="gutter-marker" aria-label={`${here.length} thread${here.length === 1 ? "" : "s"} on line ${n}`} title={here[0].root.body}>
                    {open ? "●" : "○"}
                  </a>
                ) : null}
                {canComment ? (
                  <button type="button" className="gutter-add" aria-label={`Comment on line ${n}`} onClick={() => setOpenLine(openLine === n ? null : n)}>
                    +
                  </button>
                ) : null}
              </span>
              <code className="line-text">{text || " "}</code>
              {openLine === n ? (
                <div className="line-form">
                  <CommentForm
                    label={`Comment on line ${n}`}
                    submitLabel="Add line comment"
                    onSend={async (body) => {
                      const problem = await send({ line: n, parentId: null, body });
                      if (!problem) setOpenLine(null);
                      return problem;
                    }}
                  />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>

      <h3>Comments ({threads.length})</h3>
      {threads.length === 0 ? <p className="muted small">No comments yet.</p> : null}
      <ul className="threads list-plain" aria-label="Comment threads">
        {threads.map(({ root, replies }) => (
          <li key={root.id} id={`comment-${root.id}`} className={root.resolved ? "thread resolved" : "thread"} aria-label={`Thread by ${root.authorName}`}>
            <div className="thread-where small muted">
              version {root.versionNumber}
              {root.line !== null ? `, line ${root.line}` : ", general"}
              {root.resolved ? " · resolved" : ""}
            </div>
            {[root, ...replies].map((c) => (
              <div key={c.id} id={c === root ? undefined : `comment-${c.id}`} className="comment">
                <strong>{c.authorName}</strong> <time className="muted small" dateTime={c.createdAt}>{c.createdAt.slice(0, 16).replace("T", " ")}</time>
                <p>{c.body}</p>
              </div>
            ))}
            {canComment ? (
              <div className="thread-actions">
                <CommentForm label={`Reply to ${root.authorName}`} submitLabel="Reply" onSend={(body) => send({ line: null, parentId: root.id, body })} />
                <button
                  type="button"
                  className="secondary small"
                  disabled={pending}
                  onClick={() =>
                    start(async () => {
                      await resolveThread({ templateId, commentId: root.id, resolved: !root.resolved });
                      router.refresh();
                    })
                  }
                >
                  {root.resolved ? "Reopen" : "Resolve"}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {canComment ? (
        <>
          <h3>New comment</h3>
          <CommentForm label="General comment" submitLabel="Add comment" onSend={(body) => send({ line: null, parentId: null, body })} />
        </>
      ) : null}
    </div>
  );
}
