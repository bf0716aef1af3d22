import "server-only";
/**
 * An export as a byte stream for a route handler: lib/export's files through the deterministic zip
 * writer into a ReadableStream pulled by the client (back-pressure: nothing is produced faster
 * than it is sent, so the pool is never held in memory). Cancelling the response aborts the export.
 */
import { exportFiles, zipFiles, type ExportFormat } from "../export";
import { openDbExport } from "./export-source";

export interface ExportStream {
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  templates: number;
}

export function exportFileName(release: string | null, format: ExportFormat): string {
  return `promptpool-${release ?? "pool"}-${format}.zip`;
}

export async function openExportStream(releaseName: string | null, format: ExportFormat, signal?: AbortSignal): Promise<ExportStream> {
  const e = await openDbExport(releaseName);
  const abort = new AbortController();
  signal?.addEventListener("abort", () => abort.abort(), { once: true });
  const chunks = zipFiles(exportFiles(e.source, { format, seedBase: e.seedBase, release: e.release, signal: abort.signal }))[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        abort.abort();
        await chunks.return?.(undefined);
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, fileName: exportFileName(e.release, format), templates: e.templates };
}
