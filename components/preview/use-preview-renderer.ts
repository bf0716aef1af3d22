"use client";
import { useCallback, useEffect, useRef } from "react";
import { PreviewScheduler, watchdogMs, type PreviewOutcome, type RenderPayload } from "@/lib/preview/preview-scheduler";
import { parseSandboxMessage, sandboxDocument, SANDBOX_ATTRIBUTE } from "@/lib/preview/sandbox-document";
import type { RenderResponse } from "@/lib/render/worker";

export const WORKER_URL = "/preview/render-worker.js";

/**
 * Runs the preview's renders in a Web Worker inside a sandboxed iframe (opaque origin) that this
 * hook creates in `container`. Returns `request(payload)`; outcomes arrive through `onOutcome`.
 */
export function usePreviewRenderer(onOutcome: (outcome: PreviewOutcome) => void) {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const schedulerRef = useRef<PreviewScheduler | null>(null);
  const outcomeRef = useRef(onOutcome);
  outcomeRef.current = onOutcome;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let frame: HTMLIFrameElement | null = null;
    let disposed = false;
    const source = fetch(WORKER_URL).then((r) => {
      if (!r.ok) throw new Error(`${WORKER_URL} answered ${r.status}`);
      return r.text();
    });

    const startSandbox = () => {
      frame?.remove();
      if (disposed) return;
      frame = document.createElement("iframe");
      frame.setAttribute("sandbox", SANDBOX_ATTRIBUTE);
      frame.setAttribute("title", "Preview sandbox");
      frame.setAttribute("data-testid", "preview-sandbox");
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      frame.srcdoc = sandboxDocument();
      container.appendChild(frame);
    };

    const scheduler = new PreviewScheduler(
      {
        send: (request) => frame?.contentWindow?.postMessage({ type: "render", request }, "*"),
        restart: startSandbox,
        setTimer: (fn, ms) => window.setTimeout(fn, ms),
        clearTimer: (h) => window.clearTimeout(h as number),
        now: () => performance.now(),
      },
      (o) => outcomeRef.current(o),
      // Past this the worker is presumed stuck and the sandbox restarted; it grows with the rows
      // (the engine's own time limit applies per row, so 50 rows may rightly take 50 × the limit).
      (payload) => watchdogMs(payload),
    );
    schedulerRef.current = scheduler;

    const onMessage = (event: MessageEvent) => {
      // Only our current sandbox; its origin is "null" (opaque), so the source window is what identifies it.
      if (!frame || event.source !== frame.contentWindow) return;
      const message = parseSandboxMessage(event.data);
      if (!message) return;
      const target = frame.contentWindow;
      if (message.type === "ready") {
        source.then(
          (text) => target?.postMessage({ type: "start", source: text }, "*"),
          (err: unknown) => scheduler.sandboxFailed(`The preview could not load its renderer (${String(err)}).`),
        );
      } else if (message.type === "started") {
        scheduler.ready();
      } else if (message.type === "response") {
        scheduler.receive(message.response as RenderResponse);
      } else {
        scheduler.sandboxFailed(message.message);
      }
    };
    window.addEventListener("message", onMessage);
    startSandbox();
    return () => {
      disposed = true;
      window.removeEventListener("message", onMessage);
      frame?.remove();
      schedulerRef.current = null;
    };
  }, []);

  const request = useCallback((payload: RenderPayload) => schedulerRef.current?.request(payload), []);
  return { containerRef, request };
}
