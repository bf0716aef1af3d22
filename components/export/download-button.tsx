"use client";

import { useRef, useState } from "react";
import { exportUrl, formatBytes } from "./formats";

type State = { kind: "idle" } | { kind: "running"; bytes: number; templates: number | null } | { kind: "done"; bytes: number } | { kind: "cancelled" } | { kind: "failed"; message: string };

/**
 * Streams an export from /api/exports, showing bytes received as they arrive, with Cancel
 * (aborting the request stops the export on the server). The finished zip is handed to the
 * browser as a download.
 */
export function DownloadButton({ format, release, label }: { format: string; release: string | null; label: string }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function start() {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "running", bytes: 0, templates: null });
    try {
      const response = await fetch(exportUrl(format, release), { signal: controller.signal });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => null);
        setState({ kind: "failed", message: body?.error?.message ?? `Download failed (${response.status})` });
        return;
      }
      const templates = Number(response.headers.get("x-export-templates") ?? "") || null;
      const fileName = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "export.zip";
      const reader = response.body.getReader();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.byteLength;
        setState({ kind: "running", bytes, templates });
      }
      const url = URL.createObjectURL(new Blob(parts, { type: "application/zip" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: "done", bytes });
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
            Exporting{state.templates ? ` ${state.templates} templates` : ""}: {formatBytes(state.bytes)} received
          </span>{" "}
          <button type="button" className="secondary small" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="small" onClick={start}>
          {label}
        </button>
      )}
      {state.kind === "done" ? <span className="muted"> Downloaded {formatBytes(state.bytes)}</span> : null}
      {state.kind === "cancelled" ? <span className="muted"> Cancelled</span> : null}
      {state.kind === "failed" ? (
        <span className="alert alert-error" role="alert">
          {state.message}
        </span>
      ) : null}
    </div>
  );
}
