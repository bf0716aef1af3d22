import "server-only";
/**
 * An export as a byte stream for a route handler: lib/export's files through the deterministic zip
 * writer into a ReadableStream pulled by the client (back-pressure: nothing is produced faster
 * than it is sent, so the pool is never held in memory). Cancelling the response aborts the export.
 * With `frames`, the zip travels in lib/export/progress-frames.ts frames interleaved with progress
 * (records, bytes, files) and ends with a frame saying it finished or why it failed.
 */
import { randomBytes } from "node:crypto";
import { exportFiles, zipFiles, type ExportFormat, type ExportProgress } from "../export";
import { encodeExportFrame } from "../export/progress-frames";
import { AppError } from "../errors";
import { logger } from "../log";
import { openDbExport, type DbExport } from "./export-source";

export interface ExportStream {
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  templates: number;
  /** renders the export will make (data formats), for "N of M" */
  plannedRenders: number | null;
}

export interface ExportStreamOptions {
  /** progress frames around the zip bytes (see lib/export/progress-frames.ts) */
  frames?: boolean;
  /** at most one progress frame per this many milliseconds (default 250) */
  progressEveryMs?: number;
}

export function exportFileName(release: string | null, format: ExportFormat): string {
  return `promptpool-${release ?? "pool"}-${format}.zip`;
}

export async function openExportStream(releaseName: string | null, format: ExportFormat, signal?: AbortSignal, options: ExportStreamOptions = {}): Promise<ExportStream> {
  return streamExport(await openDbExport(releaseName), format, signal, options);
}

/** The stream of an opened export (tests give their own source). */
export function streamExport(e: DbExport, format: ExportFormat, signal?: AbortSignal, options: ExportStreamOptions = {}): ExportStream {
  const abort = new AbortController();
  signal?.addEventListener("abort", () => abort.abort(), { once: true });
  let progress: ExportProgress = { records: 0, bytes: 0, files: 0 };
  const chunks = zipFiles(
    exportFiles(e.source, { format, seedBase: e.seedBase, release: e.release, signal: abort.signal, onProgress: (p) => (progress = p) }),
  )[Symbol.asyncIterator]();
  const frames = options.frames === true;
  const every = options.progressEveryMs ?? 250;
  let sentProgress = "";
  let lastProgressAt = 0;
  let zipBytes = 0;
  let ended = false;

  const progressFrame = (force: boolean): Uint8Array | null => {
    const text = JSON.stringify(progress);
    if (text === sentProgress || (!force && Date.now() - lastProgressAt < every)) return null;
    sentProgress = text;
    lastProgressAt = Date.now();
    return encodeExportFrame({ type: "progress", ...progress });
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (ended) return controller.close();
        try {
          const next = await chunks.next();
          if (!frames) {
            if (next.done) controller.close();
            else controller.enqueue(next.value);
            return;
          }
          const p = progressFrame(next.done === true);
          if (p) controller.enqueue(p);
          if (next.done) {
            controller.enqueue(encodeExportFrame({ type: "end", ...progress, zipBytes }));
            ended = true;
            controller.close();
            return;
          }
          zipBytes += next.value.byteLength;
          controller.enqueue(encodeExportFrame({ type: "data", bytes: next.value }));
        } catch (error) {
          if (!frames || abort.signal.aborted) return controller.error(error);
          // The client is still there: tell it why, in words, instead of cutting the connection.
          const ref = randomBytes(4).toString("hex");
          const message =
            error instanceof AppError ? error.message : `The export failed (ref ${ref})`;
          if (!(error instanceof AppError)) logger.error("streamed export failed", { ref, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
          controller.enqueue(encodeExportFrame({ type: "error", message }));
          ended = true;
          controller.close();
        }
      },
      async cancel() {
        abort.abort();
        await chunks.return?.(undefined);
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, fileName: exportFileName(e.release, format), templates: e.templates, plannedRenders: e.plannedRenders(format) };
}
