"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { diffOutputs, type RowOutputDiff } from "@/lib/preview/output-diff";
import { rowsJsonOf } from "@/lib/preview/preview-examples";
import type { PreviewOutcome } from "@/lib/preview/preview-scheduler";
import { usePreviewRenderer } from "@/components/preview/use-preview-renderer";
import { instructionText } from "@/lib/templates/instruction-view";
import { CodeDiff } from "./code-editor";
import type { PreviewRow, StudioVersion } from "./studio-types";

const LIMITS = { timeoutMs: 100 };

/**
 * Two versions side by side (Monaco's diff editor) with the diff of their rendered outputs on the
 * preview's rows, rendered in a sandboxed worker of its own.
 */
export function VersionDiff({ versions, rows, older, newer }: { versions: StudioVersion[]; rows: PreviewRow[]; older: number; newer: number }) {
  const a = versions.find((v) => v.number === older);
  const b = versions.find((v) => v.number === newer);
  const [outputs, setOutputs] = useState<RowOutputDiff[] | null>(null);
  const [status, setStatus] = useState("Rendering both versions…");
  const labels = useMemo(() => rows.map((r) => r.label), [rows]);
  const onOutcome = useCallback(
    (o: PreviewOutcome) => {
      if (o.kind === "response" && o.response.ok) {
        const results = o.response.results;
        setOutputs(diffOutputs(results.filter((r) => r.templateId === "older"), results.filter((r) => r.templateId === "newer"), labels));
        setStatus("");
      } else {
        setOutputs(null);
        setStatus(o.kind === "timeout" ? "The versions took too long to render." : o.kind === "sandbox-error" ? o.message : "The versions could not be rendered.");
      }
    },
    [labels],
  );
  const renderer = usePreviewRenderer(onOutcome);
  const { request } = renderer;
  useEffect(() => {
    if (!a || !b) return;
    setStatus("Rendering both versions…");
    request({
      templates: [
        { id: "older", name: `version ${a.number}`, jinja: a.jinja, answerChoices: a.answerChoices },
        { id: "newer", name: `version ${b.number}`, jinja: b.jinja, answerChoices: b.answerChoices },
      ],
      rows: rowsJsonOf(rows),
      seeds: rows.map((r) => r.index),
      limits: LIMITS,
    });
  }, [a, b, rows, request]);
  if (!a || !b) return null;
  const changedRows = outputs?.filter((o) => o.changed).length ?? 0;
  return (
    <div className="version-diff" data-testid="version-diff">
      <h3>
        Version {a.number} → version {b.number}
      </h3>
      <CodeDiff original={a.jinja} modified={b.jinja} ariaLabel={`Template diff, version ${a.number} and ${b.number}`} height={220} />
      {(a.answerChoices ?? "") !== (b.answerChoices ?? "") ? (
        <div className="small">
          <div className="preview-part-label">Answer choices</div>
          <del className="diff-removed">{a.answerChoices ?? "(none)"}</del> → <ins className="diff-added">{b.answerChoices ?? "(none)"}</ins>
        </div>
      ) : null}
      {a.instruction || b.instruction ? (
        instructionText(a.instruction) === instructionText(b.instruction) ? (
          <p className="muted small">Same definition and examples.</p>
        ) : (
          <>
            <h4>Definition and examples</h4>
            <CodeDiff
              original={instructionText(a.instruction)}
              modified={instructionText(b.instruction)}
              ariaLabel={`Instruction diff, version ${a.number} and ${b.number}`}
              height={220}
            />
          </>
        )
      ) : null}
      <h4>Rendered outputs on the preview rows</h4>
      {status ? <p className="muted small">{status}</p> : null}
      {outputs ? (
        <>
          <p className="muted small" data-testid="output-diff-summary">
            {changedRows === 0 ? `Same output on all ${outputs.length} rows.` : `Different output on ${changedRows} of ${outputs.length} rows.`}
          </p>
          <ol className="preview-list output-diff" aria-label="Rendered output diff">
            {outputs.map((row) => (
              <li key={row.rowLabel} className="preview-example" data-testid="output-diff-row" data-changed={row.changed}>
                <div className="example-label">
                  {row.rowLabel} {row.changed ? "" : <span className="muted small">(unchanged)</span>}
                </div>
                <pre>
                  {row.runs.map((run, i) =>
                    run.change === "added" ? (
                      <ins key={i} className="diff-added">
                        {run.text}
                      </ins>
                    ) : run.change === "removed" ? (
                      <del key={i} className="diff-removed">
                        {run.text}
                      </del>
                    ) : (
                      <span key={i}>{run.text}</span>
                    ),
                  )}
                </pre>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <div ref={renderer.containerRef} className="preview-sandbox-host" />
    </div>
  );
}
