import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/export/types";
import { EXPORT_FRAMES_CONTENT_TYPE } from "@/lib/export/progress-frames";
import { openExportStream } from "@/lib/db";
import { releaseNameSchema } from "@/lib/db/releases";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS).default("p3"),
  /** a release's name; without it, the approved pool as it is now */
  release: releaseNameSchema.optional(),
  /** "1": the zip in frames with live progress (records, bytes), see lib/export/progress-frames.ts */
  progress: z.enum(["0", "1"]).optional(),
});

/**
 * GET /api/exports?format=p3&release=2026.11.26 — the pool or a release as a zip, streamed.
 * `&progress=1`: the same zip bytes in frames with live progress (the page's download button).
 */
export const GET = withApi({ action: "pool.download", input: exportQuerySchema }, async ({ input, req }) => {
  const frames = input.progress === "1";
  const e = await openExportStream(input.release ?? null, input.format, req.signal, { frames });
  return new Response(e.stream, {
    headers: {
      "content-type": frames ? EXPORT_FRAMES_CONTENT_TYPE : "application/zip",
      "content-disposition": `attachment; filename="${e.fileName}"`,
      "cache-control": "no-store",
      "x-export-templates": String(e.templates),
      ...(e.plannedRenders !== null ? { "x-export-renders": String(e.plannedRenders) } : {}),
    },
  });
});
