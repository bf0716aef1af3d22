import { notFound } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { loadJobFor } from "@/lib/jobs";
import { mixtureJobView } from "@/lib/jobs/mixture-job";

export const dynamic = "force-dynamic";

/** A mixture job: status, progress, error, and once done its file, download link and manifest (its creator or an admin). */
export const GET = withApi({ action: "job.read", auth: "session-or-token" }, async ({ user, params }) => {
  const job = await loadJobFor(user, String(params.jobId), "job.read");
  if (job.kind !== "mixture") throw notFound("Mixture job");
  return mixtureJobView(job);
});
