import "server-only";
/**
 * The `export` job kind: the same export as GET /api/exports (the pool or a release, any format),
 * written to `<PROMPTPOOL_JOB_FILES_DIR>/<jobId>.zip` instead of a response. Progress: records
 * rendered (of `totalRecords`, the renders planned, for the data formats), zip bytes written, files done.
 */
import { z } from "zod";
import { EXPORT_FORMATS, exportFiles, zipFiles } from "../export";
import { exportFileName, openDbExport } from "../db";
import { releaseNameSchema } from "../db/releases";
import type { JobKindDefinition } from "./types";

export const exportJobParamsSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  /** a release's name; null for the approved pool as it is when the job runs */
  release: releaseNameSchema.nullable().default(null),
});
export type ExportJobParams = z.output<typeof exportJobParamsSchema>;

export const exportJobKind: JobKindDefinition<ExportJobParams> = {
  params: exportJobParamsSchema,
  output: { extension: "zip", contentType: "application/zip", fileName: (p) => exportFileName(p.release, p.format) },
  // A release is public and immutable: its zip is the same for everyone.
  publicOutput: (p) => p.release !== null,
  async run({ params, signal, reportProgress, output }) {
    if (!output) throw new Error("export job without an output file");
    const e = await openDbExport(params.release);
    const total = e.plannedRenders(params.format);
    const progress = { records: 0, ...(total !== null ? { totalRecords: total } : {}), bytes: 0, files: 0, contentBytes: 0, templates: e.templates };
    reportProgress(progress);
    const files = exportFiles(e.source, {
      format: params.format,
      seedBase: e.seedBase,
      release: e.release,
      signal,
      // output.write writes each chunk before it asks for the next (writeChunksToFile)
      reuseChunks: true,
      onProgress: (p) => {
        progress.records = p.records;
        progress.files = p.files;
        progress.contentBytes = p.bytes;
        reportProgress(progress);
      },
    });
    async function* counted() {
      for await (const chunk of zipFiles(files)) {
        progress.bytes += chunk.byteLength;
        reportProgress(progress);
        yield chunk;
      }
    }
    await output.write(counted());
    reportProgress(progress);
    return { format: params.format, release: e.release, templates: e.templates, records: progress.records, files: progress.files };
  },
};
