import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { jobFilePathOf, loadJobFor } from "@/lib/jobs";

export const dynamic = "force-dynamic";

/**
 * GET /api/jobs/<id>/download — a finished job's file (its creator or an admin; anyone for the
 * export of a published release). NOT_FOUND while it runs, and once the clean-up removed the file.
 */
export const GET = withApi({ action: "job.download" }, async ({ user, params }) => {
  const job = await loadJobFor(user, String(params.jobId), "job.download");
  const file = job.result.file;
  const filePath = jobFilePathOf(job);
  if (!file || !filePath) {
    throw new AppError("NOT_FOUND", job.status === "done" ? "This job's file has expired; run it again" : "This job has no file yet");
  }
  let size: number;
  try {
    size = (await stat(filePath)).size;
  } catch {
    throw new AppError("NOT_FOUND", "This job's file is not on this server (expired, or written to another instance's disk)");
  }
  const body = Readable.toWeb(createReadStream(filePath)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(size),
      "content-disposition": `attachment; filename="${file.name.replace(/["\\\r\n]/g, "_")}"`,
      "cache-control": "private, no-store",
      "x-content-sha256": file.sha256,
    },
  });
});
