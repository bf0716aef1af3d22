export interface RenderedExample {
  rowLabel: string;
  prompt: string | null;
  target: string | null;
  answerChoices: string[] | null;
  error: string | null;
}

export function RenderedExamples({ examples }: { examples: RenderedExample[] }) {
  if (examples.length === 0) return <p className="empty">No sample rows to render.</p>;
  return (
    <div data-testid="rendered-examples">
      {examples.map((e) => (
        <div className="example" key={e.rowLabel}>
          <div className="example-label">{e.rowLabel}</div>
          {e.error ? (
            <div className="alert alert-error">{e.error}</div>
          ) : (
            <>
              <pre>{e.prompt ?? ""}</pre>
              {e.target !== null ? <pre className="target">{e.target}</pre> : <p className="muted small">No target.</p>}
              {e.answerChoices ? (
                <p className="small muted">Answer choices: {e.answerChoices.join(" ||| ")}</p>
              ) : null}
            </>
          )}
        </div>
      ))}
    </div>
  );
}
