import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/export/types";
import { releaseNameSchema } from "@/lib/db/releases";
import { withApi } from "@/lib/http/with-api";
import { enqueueJob, toPublicJob } from "@/lib/jobs";

export const dynamic = "force-dynamic";

const exportJobBodySchema = z.object({
  format: z.enum(EXPORT_FORMATS).default("p3"),
  /** a release's name; without it, the approved pool as it is when the job runs */
  release: releaseNameSchema.nullable().optional(),
});

/** POST /api/exports/jobs {format, release?} — the same export as GET /api/exports, as a background job (201 + the job). */
export const POST = withApi({ action: "export.job", input: exportJobBodySchema, scope: "write" }, async ({ input, user }) => {
  const job = await enqueueJob({ kind: "export", params: { format: input.format, release: input.release ?? null }, createdById: user!.id });
  return Response.json(toPublicJob(job), { status: 201, headers: { "cache-control": "no-store" } });
});
