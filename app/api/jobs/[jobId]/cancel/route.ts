import { withApi } from "@/lib/http/with-api";
import { loadJobFor, requestCancel, toPublicJob } from "@/lib/jobs";

export const dynamic = "force-dynamic";

/** POST /api/jobs/<id>/cancel — a queued job ends at once, a running one within about a second. */
export const POST = withApi({ action: "job.cancel", scope: "write" }, async ({ user, params }) => {
  const job = await loadJobFor(user, String(params.jobId), "job.cancel");
  return toPublicJob(await requestCancel(job.id, user?.id ?? null));
});
