"use client";

import { useRef, useState } from "react";
import { ExportFrameDecoder } from "@/lib/export/progress-frames";
import { exportUrl, formatBytes, formatCount, formatRecords } from "./formats";

type Progress = { bytes: number; records: number; templates: number | null; total: number | null };
type State =
  | { kind: "idle" }
  | ({ kind: "running" } & Progress)
  | { kind: "done"; bytes: number; records: number }
  | { kind: "cancelled" }
  | { kind: "starting" }
  | { kind: "queued" }
  | { kind: "failed"; message: string };

/** Sent on `window` when a download button started a background job (BackgroundExports lists it). */
export const EXPORT_JOB_STARTED = "promptpool:export-job-started";

/**
 * Streams an export from /api/exports with `progress=1`: the zip arrives in frames interleaved with
 * the server's progress (lib/export/progress-frames.ts), so the button shows records rendered as
 * well as bytes received; Cancel aborts the request, which stops the export on the server. The
 * finished zip is handed to the browser as a download.
 *
 * `background` (a signed-in user, an export of at least PROMPTPOOL_BACKGROUND_EXPORT_RENDERS
 * renders): the button starts a background job instead, since a download would hold the whole zip
 * in the browser's memory; the job appears under "Your jobs".
 */
export function DownloadButton({ format, release, label, background = null }: { format: string; release: string | null; label: string; background?: { renders: number } | null }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function startJob() {
    setState({ kind: "starting" });
    try {
      const response = await fetch("/api/exports/jobs", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ format, release }) });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        setState({ kind: "failed", message: body?.error?.message ?? `Could not start the export (${response.status})` });
        return;
      }
      window.dispatchEvent(new CustomEvent(EXPORT_JOB_STARTED, { detail: body }));
      setState({ kind: "queued" });
    } catch {
      setState({ kind: "failed", message: "The request did not reach the server" });
    }
  }

  async function start() {
    if (background) return startJob();
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "running", bytes: 0, records: 0, templates: null, total: null });
    try {
      const response = await fetch(`${exportUrl(format, release)}&progress=1`, { signal: controller.signal });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => null);
        setState({ kind: "failed", message: body?.error?.message ?? `Download failed (${response.status})` });
        return;
      }
      const templates = Number(response.headers.get("x-export-templates") ?? "") || null;
      const totalHeader = response.headers.get("x-export-renders");
      const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
      const fileName = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "export.zip";
      const reader = response.body.getReader();
      const decoder = new ExportFrameDecoder();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      let records = 0;
      let ended = false;
      let failure: string | null = null;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const frame of decoder.push(value)) {
          if (frame.type === "data") {
            parts.push(frame.bytes as Uint8Array<ArrayBuffer>);
            bytes += frame.bytes.byteLength;
          } else if (frame.type === "progress") records = frame.records;
          else if (frame.type === "end") {
            records = frame.records;
            ended = true;
          } else failure = frame.message;
        }
        setState({ kind: "running", bytes, records, templates, total });
      }
      if (failure || !ended) {
        setState({ kind: "failed", message: failure ?? "The download was cut off before the export finished" });
        return;
      }
      const url = URL.createObjectURL(new Blob(parts, { type: "application/zip" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: "done", bytes, records });
    } catch (error) {
      if (controller.signal.aborted) setState({ kind: "cancelled" });
      else setState({ kind: "failed", message: error instanceof Error ? error.message : "Download failed" });
    } finally {
      abort.current = null;
    }
  }

  return (
    <div className="download">
      {state.kind === "running" ? (
        <>
          <span role="status" aria-live="polite">
            Exporting{state.templates ? ` ${state.templates} templates` : ""}: {formatRecords(state.records, state.total)}, {formatBytes(state.bytes)} received
          </span>{" "}
          <button type="button" className="secondary small" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="small" onClick={start} disabled={state.kind === "starting"}>
          {label}
        </button>
      )}
      {state.kind === "done" ? (
        <span className="muted">
          {" "}
          Downloaded {formatBytes(state.bytes)} ({formatCount(state.records)} records)
        </span>
      ) : null}
      {state.kind === "cancelled" ? <span className="muted"> Cancelled</span> : null}
      {state.kind === "queued" ? (
        <span className="muted" role="status">
          {" "}
          Started in the background: {formatCount(background?.renders ?? 0)} records are more than a browser download should hold. It is listed under Your jobs.
        </span>
      ) : null}
      {state.kind === "failed" ? (
        <span className="alert alert-error" role="alert">
          {state.message}
        </span>
      ) : null}
    </div>
  );
}
