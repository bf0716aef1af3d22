"use client";
import { useCallback, useEffect, useState } from "react";
import type { LoadedRows, LoadRowsInput, StudioResult } from "@/components/editor/studio-types";
import { toPreviewExample, rowsJsonOf, type PreviewExample } from "@/lib/preview/preview-examples";
import type { PreviewOutcome } from "@/lib/preview/preview-scheduler";
import { PreviewExamples } from "./preview-examples";
import type { SplitOption } from "./preview-controls";
import { usePreviewRenderer } from "./use-preview-renderer";

const PAGE_SIZE = 20;
const LIMITS = { timeoutMs: 100 };

interface Props {
  datasetId: string;
  splits: SplitOption[];
  template: { id: string; name: string; jinja: string; answerChoices: string | null };
  showWhitespace: boolean;
  onLoadRows(input: LoadRowsInput): Promise<StudioResult<LoadedRows>>;
}

/**
 * Every sample row of a split with the template applied, a page at a time (PromptSource's prompted
 * dataset viewer). Rendered in its own sandboxed worker, so the live preview is not held up.
 */
export function WholeSplit({ datasetId, splits, template, showWhitespace, onLoadRows }: Props) {
  const [split, setSplit] = useState(splits[0]?.name ?? "");
  const [page, setPage] = useState(0);
  const [loaded, setLoaded] = useState<{ key: string; rows: LoadedRows["rows"]; total: number } | null>(null);
  const [examples, setExamples] = useState<PreviewExample[] | null>(null);
  const [status, setStatus] = useState("Loading the rows…");
  const key = `${split}:${page}`;

  useEffect(() => {
    let cancelled = false;
    setStatus("Loading the rows…");
    void onLoadRows({ datasetId, split, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then((r) => {
      if (cancelled) return;
      if (!r.ok) setStatus(`The rows could not be loaded: ${r.error.message}`);
      else setLoaded({ key, rows: r.data.rows, total: r.data.total });
    });
    return () => {
      cancelled = true;
    };
  }, [datasetId, split, page, key, onLoadRows]);

  const rows = loaded?.key === key ? loaded.rows : null;
  const onOutcome = useCallback(
    (o: PreviewOutcome) => {
      const labels = (rows ?? []).map((r) => r.label);
      if (o.kind === "response" && o.response.ok) {
        setExamples(o.response.results.map((r) => toPreviewExample(r, labels[r.rowIndex] ?? `row ${r.rowIndex}`)));
        setStatus(`Rendered ${labels.length} rows in ${Math.round(o.ms)} ms`);
      } else {
        const why = o.kind === "timeout" ? `The renderer did not answer within ${Math.round(o.ms)} ms and was restarted.` : o.kind === "response" && !o.response.ok ? o.response.error : o.kind === "sandbox-error" ? o.message : "";
        setExamples(labels.map((rowLabel) => ({ rowLabel, input: null, target: null, choices: null, error: why, warning: null })));
        setStatus(why);
      }
    },
    [rows],
  );
  const renderer = usePreviewRenderer(onOutcome);
  const { request } = renderer;
  useEffect(() => {
    if (!rows) return;
    request({ templates: [template], rows: rowsJsonOf(rows), seeds: rows.map((r) => r.index), limits: LIMITS });
  }, [rows, template, request]);

  const total = loaded?.total ?? splits.find((s) => s.name === split)?.rowCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <div className="whole-split" data-testid="whole-split">
      <div className="preview-toolbar">
        <label className="small">
          Split{" "}
          <select
            value={split}
            onChange={(e) => {
              setSplit(e.target.value);
              setPage(0);
            }}
          >
            {splits.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({s.rowCount} rows)
              </option>
            ))}
          </select>
        </label>
        <nav className="pager small" aria-label="Pages of the split">
          <button type="button" className="secondary small" disabled={page === 0} onClick={() => setPage((p) => Math.max(0, p - 1))}>
            Previous page
          </button>
          <span aria-live="polite">
            Page {page + 1} of {pages} · rows {Math.min(total, page * PAGE_SIZE + 1)}–{Math.min(total, (page + 1) * PAGE_SIZE)} of {total}
          </span>
          <button type="button" className="secondary small" disabled={page + 1 >= pages} onClick={() => setPage((p) => Math.min(pages - 1, p + 1))}>
            Next page
          </button>
        </nav>
      </div>
      <p className="muted small" data-testid="whole-split-status">
        {status}
      </p>
      {examples && rows ? <PreviewExamples examples={examples} showWhitespace={showWhitespace} /> : null}
      <div ref={renderer.containerRef} className="preview-sandbox-host" />
    </div>
  );
}
