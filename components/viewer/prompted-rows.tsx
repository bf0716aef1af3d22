"use client";
// Renders one page of sample rows with a template version in the preview's sandboxed worker (an
// opaque-origin iframe: the template never runs in this page's JavaScript context, nor on the
// server), shows input, target and answer choices per row, counts the rows that rendered empty or
// failed, and downloads exactly what is shown as JSONL, built here in the browser.
import { useCallback, useEffect, useMemo, useState } from "react";
import { usePreviewRenderer } from "@/components/preview/use-preview-renderer";
import type { PreviewOutcome } from "@/lib/preview/preview-scheduler";
import { rowsJsonOf } from "@/lib/preview/preview-examples";
import { jsonlFileName, summarizeRows, toJsonl, toPromptedRows, type PromptedRow } from "@/lib/viewer/prompted-rows";

/** Per row: a page stays under the sandbox's one-second watchdog even if every row runs into its limit. */
const limitsFor = (rowCount: number) => ({ timeoutMs: Math.max(10, Math.min(100, Math.floor(900 / Math.max(1, rowCount)))) });

export interface ViewerTemplate {
  id: string;
  name: string;
  version: number;
  jinja: string;
  answerChoices: string | null;
}

export function PromptedRows({
  template,
  datasetLabel,
  split,
  page,
  rows,
}: {
  template: ViewerTemplate;
  datasetLabel: string;
  split: string;
  page: number;
  rows: { index: number; dataJson: string }[];
}) {
  const [rendered, setRendered] = useState<PromptedRow[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const indexes = useMemo(() => rows.map((r) => r.index), [rows]);
  const rowsJson = useMemo(() => rowsJsonOf(rows), [rows]);

  const onOutcome = useCallback(
    (o: PreviewOutcome) => {
      if (o.kind === "response" && o.response.ok) {
        setRendered(toPromptedRows(indexes, o.response.results));
        setFailure(null);
      } else {
        const why =
          o.kind === "timeout"
            ? `The renderer did not answer within ${Math.round(o.ms)} ms and was restarted.`
            : o.kind === "sandbox-error"
              ? o.message
              : `The renderer refused the request: ${o.response.ok ? "" : o.response.error}`;
        setRendered(indexes.map((index) => ({ index, input: null, target: null, answerChoices: null, error: why, empty: false })));
        setFailure(why);
      }
    },
    [indexes],
  );
  const renderer = usePreviewRenderer(onOutcome);

  useEffect(() => {
    setRendered(null);
    if (rows.length === 0) return;
    renderer.request({
      templates: [{ id: template.id, name: template.name, jinja: template.jinja, answerChoices: template.answerChoices }],
      rows: rowsJson,
      // P3's convention: the seed of a row is its index (sample rows are numbered from 0 without gaps).
      seedBase: indexes[0] ?? 0,
      limits: limitsFor(rows.length),
    });
    // the renderer object is stable in effect (its request reads a ref)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [template.id, template.version, template.jinja, template.answerChoices, rowsJson]);

  const summary = rendered ? summarizeRows(rendered) : null;

  const download = () => {
    if (!rendered) return;
    const blob = new Blob([toJsonl(split, rendered)], { type: "application/jsonl" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = jsonlFileName([datasetLabel, template.name, `v${template.version}`, split, `page${page}`]);
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Revoked after the click has started the download.
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section aria-labelledby="viewer-rows-heading">
      <div ref={renderer.containerRef} className="visually-hidden" />
      <div className="viewer-toolbar">
        <h2 id="viewer-rows-heading">Rendered rows</h2>
        <p className="viewer-summary" role="status" data-testid="viewer-summary">
          {rows.length === 0
            ? "This split has no rows here."
            : summary
              ? `${summary.rows} rows on this page: ${summary.ok} rendered, ${summary.empty} empty, ${summary.errors} with errors.`
              : `Rendering ${rows.length} rows…`}
        </p>
        <button type="button" onClick={download} disabled={!rendered || rows.length === 0}>
          Download what you see as JSONL
        </button>
      </div>
      {failure ? <p className="alert alert-error">{failure}</p> : null}
      {rendered ? (
        <ol className="viewer-rows list-plain" aria-label="Rendered rows">
          {rendered.map((r) => (
            <li key={r.index} className="card viewer-row" data-testid="viewer-row">
              <div className="example-label">
                {split} row {r.index}
                {r.empty ? <span className="badge badge-changes_requested viewer-flag">empty</span> : null}
                {r.error !== null ? <span className="badge badge-rejected viewer-flag">error</span> : null}
              </div>
              {r.error !== null ? (
                <p className="alert alert-error" data-testid="viewer-error">
                  {r.error}
                </p>
              ) : (
                <div className="viewer-parts">
                  <div>
                    <div className="preview-part-label">Input</div>
                    <pre data-testid="viewer-input">{r.input}</pre>
                  </div>
                  <div>
                    <div className="preview-part-label">Target</div>
                    {r.target !== null ? <pre data-testid="viewer-target">{r.target}</pre> : <p className="muted small">No target.</p>}
                  </div>
                  {r.answerChoices ? (
                    <div>
                      <div className="preview-part-label">Answer choices</div>
                      <ul className="viewer-choices" aria-label={`Answer choices of row ${r.index}`}>
                        {r.answerChoices.map((c, i) => (
                          <li key={i} className={r.target !== null && c.trim() === r.target.trim() ? "choice correct" : "choice"}>
                            {c}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </div>
              )}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
