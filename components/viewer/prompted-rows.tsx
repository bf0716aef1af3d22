"use client";
// The prompted dataset viewer's rows: a template version applied to every sample row of a split in
// the preview's sandboxed worker (an opaque-origin iframe: the template never runs in this page's
// JavaScript context, nor on the server). The page on screen is rendered first; then the whole
// split, a chunk at a time (lib/viewer/split-scan.ts), so that the counts of rows that render empty
// or fail cover the split and grow as they are computed, and the empty/error rows can be listed.
// The page's thread only fetches chunks and paints; the worker renders.
//
// "Download what you see" is the whole view, every page of it: the split's rows as rendered (or,
// filtered, its empty/error rows). A page of 10-50 rows is what fits on a screen, not the unit
// anyone takes away: the whole split is what P3 would train on, and the filtered rows are the bug
// report. It is offered once every row is rendered, so the file is never a silent part.
import Link from "next/link";
import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import { usePreviewRenderer } from "@/components/preview/use-preview-renderer";
import { Pagination } from "@/components/ui/pagination";
import type { PreviewOutcome, RenderPayload } from "@/lib/preview/preview-scheduler";
import { rowsJsonOf } from "@/lib/preview/preview-examples";
import { jsonlFileName, toJsonl, toPromptedRows, type PromptedRow } from "@/lib/viewer/prompted-rows";
import { SplitScan, type RowFilter, type SampleRow } from "@/lib/viewer/split-scan";

/** One limit for every request, so that a row's verdict does not depend on which request rendered it. */
const LIMITS = { timeoutMs: 100 };
/** Rows per chunk of the pass over the split: one worker request, one server call. */
const CHUNK_ROWS = 100;

export interface ViewerTemplate {
  id: string;
  name: string;
  version: number;
  jinja: string;
  answerChoices: string | null;
}

type LoadRows = (input: { datasetId: string; split: string; offset: number; limit: number }) => Promise<
  { ok: true; data: { rows: SampleRow[]; total: number } } | { ok: false; error: { message: string } }
>;

const FILTERS: { value: RowFilter; label: string }[] = [
  { value: "all", label: "All rows" },
  { value: "problems", label: "Empty or failing" },
  { value: "empty", label: "Empty" },
  { value: "errors", label: "Errors" },
];

/**
 * Renders rows in the sandbox one request at a time, as promises: each request waits for the
 * previous outcome, so the scheduler's "newest wins" never drops one.
 */
function useSandboxRender(template: ViewerTemplate) {
  const pending = useRef<{ payload: RenderPayload; indexes: number[]; resolve: (rows: PromptedRow[]) => void } | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  const onOutcome = useCallback((o: PreviewOutcome) => {
    const job = pending.current;
    if (!job || (o.payload !== null && o.payload !== job.payload)) return;
    pending.current = null;
    if (o.kind === "response" && o.response.ok) {
      job.resolve(toPromptedRows(job.indexes, o.response.results));
      return;
    }
    const why =
      o.kind === "timeout"
        ? `The renderer did not answer within ${Math.round(o.ms)} ms and was restarted.`
        : o.kind === "sandbox-error"
          ? o.message
          : `The renderer refused the request: ${o.response.ok ? "" : o.response.error}`;
    job.resolve(job.indexes.map((index) => ({ index, input: null, target: null, answerChoices: null, error: why, empty: false })));
  }, []);
  const renderer = usePreviewRenderer(onOutcome);
  const { request } = renderer;

  const render = useCallback(
    (rows: SampleRow[]): Promise<PromptedRow[]> => {
      const run = () =>
        new Promise<PromptedRow[]>((resolve) => {
          const payload: RenderPayload = {
            templates: [{ id: template.id, name: template.name, jinja: template.jinja, answerChoices: template.answerChoices }],
            rows: rowsJsonOf(rows),
            // P3's convention: a row's seed is its index in its split.
            seeds: rows.map((r) => r.index),
            limits: LIMITS,
          };
          pending.current = { payload, indexes: rows.map((r) => r.index), resolve };
          request(payload);
        });
      const next = chain.current.then(run, run);
      chain.current = next;
      return next;
    },
    [template, request],
  );
  return { containerRef: renderer.containerRef, render };
}

function summaryText(t: SplitScan["totals"], split: string): string {
  const counts = `${t.ok.toLocaleString("en")} rendered, ${t.empty.toLocaleString("en")} empty, ${t.errors.toLocaleString("en")} with errors`;
  const of = `${t.done.toLocaleString("en")} of ${t.total.toLocaleString("en")} rows of ${split}`;
  switch (t.state) {
    case "idle":
      return `Rendering the rows of ${split}…`;
    case "done":
      return `${t.total.toLocaleString("en")} rows in ${split}: ${counts}.`;
    case "running":
      return `Rendering the whole split: ${of} so far: ${counts}.`;
    case "stopped":
      return `Stopped after ${of}: ${counts}.`;
    case "failed":
      return `Stopped after ${of} (${t.failure}): ${counts}.`;
  }
}

export function PromptedRows({
  template,
  datasetId,
  datasetLabel,
  split,
  total,
  page,
  size,
  filter,
  pageRows,
  query,
  loadRows,
}: {
  template: ViewerTemplate;
  datasetId: string;
  datasetLabel: string;
  split: string;
  total: number;
  page: number;
  size: number;
  filter: RowFilter;
  /** the rows of `page` (filter "all"), loaded with the page so that they show at once */
  pageRows: SampleRow[];
  /** the URL's other parameters (dataset, template, version, split, size) */
  query: Record<string, string>;
  loadRows: LoadRows;
}) {
  const [, changed] = useReducer((n: number) => n + 1, 0);
  const { containerRef, render } = useSandboxRender(template);
  const scanRef = useRef<SplitScan | null>(null);
  scanRef.current ??= new SplitScan(
    total,
    {
      load: async (offset, limit) => {
        const r = await loadRows({ datasetId, split, offset, limit });
        if (!r.ok) throw new Error(`the rows could not be loaded: ${r.error.message}`);
        return r.data.rows;
      },
      render,
    },
    changed,
    CHUNK_ROWS,
  );
  const scan = scanRef.current;

  const pageOffset = (page - 1) * size;
  useEffect(() => {
    if (filter === "all") scan.prioritize(pageOffset, pageRows);
  }, [scan, filter, pageOffset, pageRows]);
  useEffect(() => {
    scan.start();
    return () => scan.stop();
  }, [scan]);

  const t = scan.totals;
  // The rows of this view, every page: positions in the split.
  const positions = useMemo(
    () => (filter === "all" ? null : scan.positions(filter)),
    // recomputed as rows arrive (t.done) and when the filter changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [scan, filter, t.done],
  );
  const count = positions ? positions.length : total;
  const pageCount = Math.max(1, Math.ceil(count / size));
  // The server pages "all" (and sent this page's rows); a filtered list is paged here, as it grows.
  const current = positions ? Math.min(page, pageCount) : page;
  const offset = (current - 1) * size;
  const onPage = positions ? positions.slice(offset, offset + size) : pageRows.map((_, i) => offset + i);
  const shown = onPage.map((p) => scan.results[p]);
  const ready = shown.every((r) => r !== undefined);

  const href = (over: { page?: number; only?: RowFilter }) => {
    const only = over.only ?? filter;
    const q = new URLSearchParams({ ...query, ...(only !== "all" ? { only } : {}), page: String(over.page ?? page) });
    return `/viewer?${q.toString()}`;
  };
  const filterCount = (f: RowFilter) => (f === "all" ? t.total : f === "empty" ? t.empty : f === "errors" ? t.errors : t.empty + t.errors);

  const download = () => {
    const rows = (positions ?? scan.results.map((_, p) => p)).map((p) => scan.results[p]).filter((r): r is PromptedRow => r !== undefined);
    const blob = new Blob([toJsonl(split, rows)], { type: "application/jsonl" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = jsonlFileName([datasetLabel, template.name, `v${template.version}`, split, ...(filter === "all" ? [] : [filter])]);
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Revoked after the click has started the download.
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const noun = filter === "all" ? `rows of ${split}` : filter === "problems" ? "empty or failing rows" : filter === "empty" ? "empty rows" : "rows with errors";

  return (
    <section aria-labelledby="viewer-rows-heading">
      <div ref={containerRef} className="visually-hidden" />
      <div className="viewer-toolbar">
        <h2 id="viewer-rows-heading">Rendered rows</h2>
        <p className="viewer-summary" role="status" data-testid="viewer-summary">
          {summaryText(t, split)}
        </p>
        {t.state === "running" ? (
          <button type="button" className="secondary" onClick={() => scan.stop()}>
            Stop
          </button>
        ) : t.state === "stopped" || t.state === "failed" ? (
          <button type="button" className="secondary" onClick={() => scan.start()}>
            Continue
          </button>
        ) : null}
      </div>
      {t.state === "running" ? <progress className="viewer-progress" max={t.total} value={t.done} aria-label="Rows rendered" /> : null}
      <div className="viewer-toolbar">
        <nav className="viewer-filters tabs" aria-label="Which rows">
          {FILTERS.map((f) => (
            <Link key={f.value} className="tab" href={href({ only: f.value, page: 1 })} aria-current={f.value === filter ? "page" : undefined}>
              {f.label}{" "}
              <span className="count">{filterCount(f.value).toLocaleString("en")}</span>
            </Link>
          ))}
        </nav>
        <span className="viewer-download">
          <button type="button" onClick={download} disabled={t.state !== "done" || count === 0}>
            Download what you see as JSONL
          </button>{" "}
          <span className="small muted" data-testid="viewer-download-scope">
            {t.state !== "done" ? "once every row is rendered" : `${count.toLocaleString("en")} ${noun}, every page`}
          </span>
        </span>
      </div>
      {count === 0 ? (
        <p className="empty">{t.state === "done" ? `No ${noun}.` : `No ${noun} so far.`}</p>
      ) : (
        <p className="small muted">
          {noun.charAt(0).toUpperCase() + noun.slice(1)} {Math.min(count, offset + 1).toLocaleString("en")} to {Math.min(count, offset + onPage.length).toLocaleString("en")} of{" "}
          {count.toLocaleString("en")}
          {positions && t.state !== "done" ? " so far" : ""}.
        </p>
      )}
      {!ready ? <p className="muted small">Rendering {onPage.length} rows…</p> : null}
      {ready && shown.length ? (
        <ol className="viewer-rows list-plain" aria-label="Rendered rows">
          {shown.map((r) => (r ? <RowCard key={r.index} row={r} split={split} /> : null))}
        </ol>
      ) : null}
      {pageCount > 1 ? <Pagination page={current} pageCount={pageCount} total={count} noun={noun} hrefFor={(p) => href({ page: p })} /> : null}
    </section>
  );
}

function RowCard({ row: r, split }: { row: PromptedRow; split: string }) {
  return (
    <li className="card viewer-row" data-testid="viewer-row">
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
  );
}
