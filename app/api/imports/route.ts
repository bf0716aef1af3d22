import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ImportInputError, planPromptSourceZip } from "@/lib/import";
import { importPromptSourcePlan } from "@/lib/db";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** The upload as bytes, refusing more than `max` whatever Content-Length claims. */
async function readUpload(req: Request, max: number): Promise<Uint8Array> {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The upload is larger than the limit of ${Math.round(max / 1024 / 1024)} MB (PROMPTPOOL_IMPORT_MAX_UPLOAD_BYTES)`);
  if (Number(req.headers.get("content-length") ?? 0) > max) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * POST /api/imports — body: a zip of a PromptSource templates tree (application/zip).
 * Answers the import report: counts and every issue with its file and line. A refused upload
 * (not a zip, too large, zip bomb, unsafe path) is a VALIDATION error and imports nothing.
 */
export const POST = withApi({ action: "pool.import", auth: "session-or-token", scope: "write" }, async ({ req, user }) => {
  const env = getEnv();
  const zip = await readUpload(req, env.PROMPTPOOL_IMPORT_MAX_UPLOAD_BYTES);
  let plan;
  try {
    plan = planPromptSourceZip(zip, { maxEntries: env.PROMPTPOOL_IMPORT_MAX_ENTRIES, maxTotalBytes: env.PROMPTPOOL_IMPORT_MAX_UNZIPPED_BYTES });
  } catch (error) {
    if (error instanceof ImportInputError) throw new AppError("VALIDATION", error.message, { details: { reason: error.code } });
    throw error;
  }
  return importPromptSourcePlan(plan, user!.id);
});
