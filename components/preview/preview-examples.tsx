import type { PreviewExample } from "@/lib/preview/preview-examples";
import { visibleWhitespace } from "@/lib/preview/visible-whitespace";

/** The rendered rows: input and target apart, answer choices with the correct one marked, errors in words. */
export function PreviewExamples({ examples, showWhitespace = false }: { examples: PreviewExample[]; showWhitespace?: boolean }) {
  const shown = (text: string | null) => (text !== null && showWhitespace ? visibleWhitespace(text) : text);
  if (examples.length === 0) return <p className="empty">This dataset has no sample rows to preview.</p>;
  return (
    <ol className="preview-list" data-testid="preview-examples">
      {examples.map((e) => (
        <li className="preview-example" key={e.rowLabel} data-testid="preview-example">
          <div className="example-label">{e.rowLabel}</div>
          {e.error !== null ? (
            <p className="alert alert-error preview-error" data-testid="preview-error">
              {e.error}
            </p>
          ) : (
            <>
              <div className="preview-part-label">Input</div>
              <pre className="preview-input" data-testid="preview-input">{shown(e.input)}</pre>
              <div className="preview-part-label">Target</div>
              {e.target !== null ? (
                <pre className="preview-target target" data-testid="preview-target">{shown(e.target)}</pre>
              ) : (
                <p className="muted small">No target.</p>
              )}
              {e.choices ? (
                <div className="preview-choices">
                  <span className="preview-part-label">Answer choices</span>
                  <ul aria-label="Answer choices of this row">
                    {e.choices.map((c, i) => (
                      <li key={i} className={c.correct ? "choice correct" : "choice"} aria-current={c.correct ? "true" : undefined}>
                        {c.correct ? <span aria-label="correct">✓ </span> : null}
                        {shown(c.text)}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {e.warning ? <p className="preview-warning small">{e.warning}</p> : null}
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
