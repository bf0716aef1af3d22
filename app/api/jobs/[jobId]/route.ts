import { withApi } from "@/lib/http/with-api";
import { loadJobFor, toPublicJob } from "@/lib/jobs";

export const dynamic = "force-dynamic";

/** GET /api/jobs/<id> — status, progress, result or error of a job (its creator or an admin). */
export const GET = withApi({ action: "job.read" }, async ({ user, params }) => {
  return toPublicJob(await loadJobFor(user, String(params.jobId), "job.read"));
});
