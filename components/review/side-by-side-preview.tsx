"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { PreviewExamples } from "@/components/preview/preview-examples";
import { usePreviewRenderer } from "@/components/preview/use-preview-renderer";
import { rowsJsonOf, toPreviewExample, type PreviewExample } from "@/lib/preview/preview-examples";
import type { PreviewOutcome } from "@/lib/preview/preview-scheduler";

export interface PreviewSide {
  title: string;
  jinja: string;
  answerChoices: string | null;
}

/**
 * Both versions rendered on the same sample rows, in the sandboxed preview worker (the only place
 * the browser renders untrusted templates). One request carries both templates.
 */
export function SideBySidePreview({
  before,
  after,
  rows,
  seedBase,
}: {
  before: PreviewSide | null;
  after: PreviewSide;
  rows: { label: string; dataJson: string }[];
  seedBase: number;
}) {
  const [examples, setExamples] = useState<{ before: PreviewExample[]; after: PreviewExample[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const retries = useRef(0);
  const requestRef = useRef<(payload: NonNullable<Extract<PreviewOutcome, { kind: "timeout" }>["payload"]>) => void>(() => {});
  const onOutcome = useCallback(
    (o: PreviewOutcome) => {
      const labels = rows.map((r) => r.label);
      if (o.kind !== "response") {
        // The first render also waits for the worker to start, which a busy machine can stretch past
        // the scheduler's stuck-limit; the sandbox was restarted, so try again a few times.
        if (o.payload && retries.current < 3) {
          retries.current += 1;
          requestRef.current(o.payload);
          return;
        }
        setProblem(o.kind === "timeout" ? "The preview did not answer in time." : o.message);
        return;
      }
      if (!o.response.ok) {
        setProblem(o.response.error);
        return;
      }
      const of = (id: string) => o.response.ok ? o.response.results.filter((r) => r.templateId === id).map((r) => toPreviewExample(r, labels[r.rowIndex] ?? `row ${r.rowIndex}`)) : [];
      setExamples({ before: of("before"), after: of("after") });
    },
    [rows],
  );
  const preview = usePreviewRenderer(onOutcome);
  requestRef.current = preview.request;
  useEffect(() => {
    const templates = [{ id: "after", name: after.title, jinja: after.jinja, answerChoices: after.answerChoices }];
    if (before) templates.push({ id: "before", name: before.title, jinja: before.jinja, answerChoices: before.answerChoices });
    preview.request({ templates, rows: rowsJsonOf(rows), seedBase, limits: { timeoutMs: 200 } });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [before?.jinja, before?.answerChoices, after.jinja, after.answerChoices, rows, seedBase]);

  return (
    <div className="review-side-by-side" data-testid="side-by-side">
      <div ref={preview.containerRef} className="preview-sandbox-host" />
      {problem ? <p className="alert alert-error">{problem}</p> : null}
      <div className="side-by-side-cols">
        <section aria-label={before ? before.title : "Approved version"}>
          <h3>{before ? before.title : "Approved version"}</h3>
          {before ? (examples ? <PreviewExamples examples={examples.before} /> : <p className="muted small">Rendering…</p>) : <p className="muted">New template: nothing approved yet.</p>}
        </section>
        <section aria-label={after.title}>
          <h3>{after.title}</h3>
          {examples ? <PreviewExamples examples={examples.after} /> : <p className="muted small">Rendering…</p>}
        </section>
      </div>
    </div>
  );
}
