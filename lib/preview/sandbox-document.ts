/**
 * The document of the preview sandbox: an iframe with sandbox="allow-scripts" only (opaque origin:
 * no cookies, no storage, no access to the page or the signed-in session), given as srcdoc so that
 * no URL of the app has to be framed. Its CSP forbids every fetch; the page posts it the worker's
 * source text, which it starts as a blob: Web Worker, then relays render requests and answers.
 *
 * Messages (page -> sandbox): { type: "start", source } once, then { type: "render", request }.
 * Messages (sandbox -> page): { type: "ready" } when listening, { type: "started" } when the
 * worker runs, { type: "response", response }, { type: "failed", message }.
 */
export const SANDBOX_CSP = "default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:";

const SCRIPT = `
(function () {
  var worker = null;
  function tell(m) { parent.postMessage(m, "*"); }
  window.addEventListener("message", function (e) {
    if (e.source !== parent) return;
    var m = e.data || {};
    if (m.type === "start" && !worker && typeof m.source === "string") {
      try {
        var url = URL.createObjectURL(new Blob([m.source], { type: "text/javascript" }));
        worker = new Worker(url);
        worker.onmessage = function (ev) { tell({ type: "response", response: ev.data }); };
        worker.onerror = function (ev) { tell({ type: "failed", message: "render worker error: " + (ev.message || "unknown") }); };
        tell({ type: "started" });
      } catch (err) {
        tell({ type: "failed", message: "could not start the render worker: " + err });
      }
    } else if (m.type === "render" && worker) {
      worker.postMessage(m.request);
    }
  });
  tell({ type: "ready" });
})();
`;

export function sandboxDocument(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${SANDBOX_CSP}"></head><body><script>${SCRIPT}</script></body></html>`;
}

/** The iframe attributes: scripts only, never same-origin (that would hand the template the session). */
export const SANDBOX_ATTRIBUTE = "allow-scripts";

export type SandboxMessage =
  | { type: "ready" }
  | { type: "started" }
  | { type: "response"; response: unknown }
  | { type: "failed"; message: string };

export function parseSandboxMessage(data: unknown): SandboxMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case "ready":
    case "started":
      return { type: m.type };
    case "response":
      return { type: "response", response: m.response };
    case "failed":
      return { type: "failed", message: typeof m.message === "string" ? m.message : "the render sandbox failed" };
    default:
      return null;
  }
}
